import { defineConfig } from '@playwright/test';

/**
 * Browser tests run in Debian's Chromium (Playwright cannot download its own browser here).
 * One worker: the machine has two cores and each spec starts real server processes.
 * `./test.sh --screenshots` sets LATCHKEY_SCREENSHOTS=1, which lets specs rewrite docs/screenshots.
 */
export default defineConfig({
  testDir: './specs',
  globalSetup: './support/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: '../../.test-results/e2e',
  use: {
    browserName: 'chromium',
    baseURL: undefined,
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
