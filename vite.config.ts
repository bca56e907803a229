import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const repo = fileURLToPath(new URL('.', import.meta.url));

/**
 * Chunk names: the layer gzip's WebAssembly (`@hazae41/foras`, inlined in its module) gets
 * its own name, so it is told apart from the shell: it loads on a layer's first compression,
 * in the sandbox and deflate workers, never with the page.
 */
const chunkFileNames = (chunk: { readonly moduleIds: readonly string[] }): string =>
  chunk.moduleIds.some((id) => id.includes('@hazae41/foras')) ? 'assets/foras-[hash].js' : 'assets/[name]-[hash].js';

// One config for the web app (root `web/`, static output in `dist/`) and for vitest
// (run from the repository root over the engine's, the CLI's and the app's tests).
export default defineConfig({
  root: 'web',
  base: './',
  publicDir: '../public',
  plugins: [
    svelte({ configFile: false }),
    {
      // index.html's CSP allows ws: for the dev server's hot reload; the static build needs no sockets
      name: 'stageplay-csp-build',
      apply: 'build',
      transformIndexHtml: (html) => html.replace("connect-src 'self' ws: wss:", "connect-src 'self'"),
    },
  ],
  resolve: {
    // dockerfile-language-service requires Node's https (Docker Hub tag lookups): offline stand-in
    alias: { https: fileURLToPath(new URL('./web/src/lib/editor/https-offline.ts', import.meta.url)) },
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    // Monaco is lazy-loaded in its own chunks; the shell stays small.
    chunkSizeWarningLimit: 4096,
    rollupOptions: { output: { chunkFileNames } },
  },
  worker: { format: 'es', rollupOptions: { output: { chunkFileNames } } },
  server: { fs: { allow: [repo] } },
  test: {
    root: repo,
    include: [
      'engine/**/*.test.ts',
      'cli/**/*.test.ts',
      'workers/**/*.test.ts',
      'lessons/**/*.test.ts',
      'web/**/*.test.ts',
    ],
    environment: 'node',
    pool: 'threads',
    testTimeout: 60_000,
    reporters: ['default', './engine/testing/summary-reporter.ts'],
  },
});
