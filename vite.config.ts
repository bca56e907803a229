import { defineConfig } from 'vitest/config';

// One config for the app build (web/, a later issue) and for vitest.
export default defineConfig({
  root: '.',
  test: {
    include: ['engine/**/*.test.ts', 'cli/**/*.test.ts', 'workers/**/*.test.ts', 'lessons/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
    testTimeout: 60_000,
    reporters: ['default', './engine/testing/summary-reporter.ts'],
  },
});
