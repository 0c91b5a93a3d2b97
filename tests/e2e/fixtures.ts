// The test every browser spec uses: it fails any test whose page threw an uncaught error or logged a console error,
// unless that test names the console errors it expects (`test.use({ allowConsole: [/…/] })`).
import { expect, test as base } from '@playwright/test';

/** Console errors every offline run produces: requests beyond this machine, which openOffline refuses on purpose. */
const OFFLINE = /net::ERR_INTERNET_DISCONNECTED/;

export const test = base.extend<{ allowConsole: RegExp[] }>({
  allowConsole: [[], { option: true }],
  page: async ({ page, allowConsole }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`uncaught error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const text = m.text();
      if (!OFFLINE.test(text) && !allowConsole.some((r) => r.test(text))) problems.push(`console error: ${text}`);
    });
    await use(page);
    expect(problems, 'the page logged errors').toEqual([]);
  },
});

export { expect };
export type { Page } from '@playwright/test';
