import { defineConfig } from '@playwright/test';

// Real Chromium (Debian's /usr/bin/chromium or CHROMIUM_PATH) against the browser host; see test/e2e/fixtures.ts.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: { trace: 'off', screenshot: 'only-on-failure', viewport: { width: 1280, height: 800 } },
});
