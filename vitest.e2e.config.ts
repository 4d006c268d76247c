import { defineConfig } from 'vitest/config';

// End-to-end: the built web edition on 127.0.0.1, driven in Debian's Chromium by playwright-core.
export default defineConfig({
  test: {
    root: '.',
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/globalSetup.ts'],
    testTimeout: 120000,
    hookTimeout: 120000,
    fileParallelism: false,
  },
});
