import { defineConfig } from 'vitest/config';

// The abuse battery: each file starts a real lab and attacks it. One file at a time, because every
// test measures how another learner fares and the machine has two cores.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/abuse/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    // Memory budgets are measured after a full collection (globalThis.gc), not at the GC's whim.
    execArgv: ['--expose-gc'],
  },
});
