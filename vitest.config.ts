import { defineConfig } from 'vitest/config';

// Two of the three layers (STYLE.md §6); e2e runs under @playwright/test (playwright.config.ts).
export default defineConfig({
  test: {
    projects: [
      // A unit test is quick; 20 s leaves room for two loaded cores. Properties state their own (test/support/property.ts).
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 20_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
    ],
  },
});
