#!/usr/bin/env node
// Build: `node scripts/build.mjs` (everything), `… web` (renderer only), `… electron` (main+preload).
// The renderer is built by Vite into dist/renderer; Electron's main and preload are bundled by
// esbuild into dist-electron/*.cjs (electron itself stays external).
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const what = process.argv[2] ?? 'all';
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

export async function buildWeb() {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', define: { __APP_VERSION__: JSON.stringify(pkg.version) } });
}

export async function buildElectron() {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    logLevel: 'warning',
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  };
  await esbuild({ ...common, entryPoints: [path.join(root, 'electron/main/main.ts')], outfile: path.join(root, 'dist-electron/main.cjs') });
  await esbuild({ ...common, entryPoints: [path.join(root, 'electron/preload/preload.ts')], outfile: path.join(root, 'dist-electron/preload.cjs') });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const started = Date.now();
  if (what === 'web' || what === 'all') await buildWeb();
  if (what === 'electron' || what === 'all') await buildElectron();
  console.log(`构建完成（${what}），用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
}
