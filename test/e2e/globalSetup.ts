/**
 * Serves the built web edition on 127.0.0.1 (an ephemeral port) for the end-to-end tests and
 * checks that Debian's Chromium is installed: a missing browser fails the run with instructions,
 * it never skips silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `找不到 Chromium（${CHROMIUM}）。端到端测试需要 Debian 的 Chromium：以 root 运行 \`apt-get update && apt-get install -y chromium fonts-wqy-microhei\`（或设置 CHROMIUM_PATH）。`,
    );
  }
  if (!fs.existsSync(path.resolve('dist/renderer/index.html'))) {
    throw new Error('未找到网页版构建结果 dist/renderer：请先运行 `node scripts/build.mjs web`（npm test 会自动构建）。');
  }
  // @ts-expect-error plain .mjs module without types
  const { startServer } = (await import('../../scripts/serve.mjs')) as {
    startServer(port: number, host: string): Promise<import('node:http').Server>;
  };
  const server = await startServer(0, '127.0.0.1');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  project.provide('baseUrl', `http://127.0.0.1:${port}/`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
