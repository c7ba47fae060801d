import { defineConfig } from 'vitest/config';

// node-pty is not thread-safe: every suite runs in forked processes (research §4.1).
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    // The abuse battery has its own command (npm run test:abuse), run by .ci/run after npm test.
    exclude: ['node_modules/**', 'test/e2e/**', 'test/abuse/**'],
    fileParallelism: true,
    maxWorkers: 2,
  },
});
