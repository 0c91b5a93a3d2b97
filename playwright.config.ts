// Browser tests: the built app served by `vite preview`, driven in Debian's Chromium.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/e2e/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4173/',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: 'npx vite preview --host 127.0.0.1',
      url: 'http://127.0.0.1:4173/',
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    // The same app on official data: the fixture delivery imported and built (scripts/e2e/officialSite.ts).
    {
      command:
        'node_modules/.bin/tsx scripts/e2e/officialSite.ts && npx vite preview --host 127.0.0.1 --port 4174 --strictPort --outDir .scratch/official/dist',
      url: 'http://127.0.0.1:4174/',
      reuseExistingServer: false,
      timeout: 120_000,
    },
    // The app at provincial scale (scripts/e2e/provinceSite.ts): a control-unit file over 40 MB, served as is.
    {
      command:
        'node_modules/.bin/tsx scripts/e2e/provinceSite.ts && npx vite preview --host 127.0.0.1 --port 4175 --strictPort --outDir .scratch/e2e-province',
      url: 'http://127.0.0.1:4175/',
      reuseExistingServer: false,
      timeout: 600_000,
    },
  ],
});
