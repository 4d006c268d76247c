import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The renderer is one web app: served on 127.0.0.1 as the web edition, loaded from disk by Electron.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  test: {
    root: '.',
    include: ['test/{shared,renderer,electron,hostile}/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['test/setup.ts'],
    testTimeout: 30000,
  },
});
