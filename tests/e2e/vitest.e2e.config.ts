import { defineConfig } from 'vitest/config';

// Browser tests against the Microsoft 365 Agents Playground: slow, so apart from `npm test`.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    retry: 0,
  },
});
