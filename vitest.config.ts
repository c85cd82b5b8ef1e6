import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.test.json' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Browser suites start Chromium; keep them from fighting for the 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
