#!/usr/bin/env node
// `npm start`: build everything, then run the desktop edition. Electron's runtime is a separate
// download that npm's postinstall may have skipped (offline machines, blocked mirrors); in that
// case try its installer once, and if the runtime is still missing, serve the web edition on
// 127.0.0.1 instead of failing, with exactly one line saying so.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The installer fails within a second without network; a slow mirror gets about a minute. */
export const INSTALL_TIMEOUT_MS = 60_000;

export function fallbackLine(url) {
  return `无法获取 Electron 运行时（无法访问其下载地址），改为启动网页版：${url}`;
}

/**
 * The Electron executable that node_modules/electron points at, or null.
 * Mirrors node_modules/electron/index.js (path.txt under dist/, or ELECTRON_OVERRIDE_DIST_PATH)
 * without requiring it, because that module throws when the runtime is missing.
 */
export function locateElectron({ root, env, exists, readText }) {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  let rel;
  try {
    rel = readText(path.join(pkgDir, 'path.txt')).trim();
  } catch {
    return null;
  }
  if (!rel) return null;
  const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist'), rel);
  return exists(binary) ? binary : null;
}

/** Decides how to launch. `runInstall(timeoutMs)` is attempted at most once. */
export async function decideLaunch(deps) {
  const found = locateElectron(deps);
  if (found) return { kind: 'electron', binary: found };
  try {
    await deps.runInstall(INSTALL_TIMEOUT_MS);
  } catch {
    // a failed install is the expected offline case; the re-check below decides
  }
  const installed = locateElectron(deps);
  return installed ? { kind: 'electron', binary: installed } : { kind: 'web' };
}

/** Electron must not inherit a flag that would turn it into plain Node. */
export function electronEnv(env) {
  const copy = { ...env };
  delete copy.ELECTRON_RUN_AS_NODE;
  return copy;
}

/**
 * The whole `npm start` flow with every effect injected.
 * Resolves to { kind: 'electron', code } when Electron exits, or { kind: 'web', server, url }.
 */
export async function start(deps) {
  await deps.build();
  const decision = await decideLaunch(deps);
  if (decision.kind === 'electron') {
    const code = await deps.spawnElectron(decision.binary, [deps.root], electronEnv(deps.env));
    return { kind: 'electron', code };
  }
  const server = await deps.startServer(deps.port, '127.0.0.1');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : deps.port;
  const url = `http://127.0.0.1:${port}/`;
  deps.log(fallbackLine(url));
  return { kind: 'web', server, url };
}

function runInstall(timeoutMs) {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    stdio: 'ignore',
    timeout: timeoutMs,
  });
  if (result.error || result.status !== 0) throw result.error ?? new Error(`install.js exited with ${result.status}`);
}

function spawnElectron(binary, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: 'inherit', env });
    // Ctrl+C in the terminal should close the app, not orphan it
    const forward = (signal) => () => {
      if (child.exitCode === null) child.kill(signal);
    };
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** The real effects. Build scripts are imported lazily so tests of the logic do not load Vite. */
export async function realDeps() {
  const { buildWeb, buildElectron } = await import('./build.mjs');
  const { startServer, DEFAULT_PORT } = await import('./serve.mjs');
  return {
    root,
    env: process.env,
    exists: (p) => fs.existsSync(p),
    readText: (p) => fs.readFileSync(p, 'utf8'),
    runInstall,
    build: async () => {
      await buildWeb();
      await buildElectron();
    },
    spawnElectron,
    startServer,
    port: Number(process.env.PORT ?? DEFAULT_PORT),
    log: (line) => console.log(line),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    const result = await start(await realDeps());
    if (result.kind === 'electron') process.exit(result.code);
  } catch (err) {
    console.error(`启动失败：${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
