// The shared fixture bites: a page that logs a console error or throws fails its test (test.fail: the failure is expected).
import { test } from './fixtures';

test('a console error in the page fails the test', async ({ page }) => {
  test.fail();
  await page.setContent('<p>planted</p>');
  await page.evaluate(() => console.error('planted console error'));
});

test('an uncaught error in the page fails the test', async ({ page }) => {
  test.fail();
  await page.setContent('<p>planted</p>');
  await page.evaluate(() =>
    setTimeout(() => {
      throw new Error('planted uncaught error');
    }, 0),
  );
  await page.waitForTimeout(100);
});

test.describe('a test that names the console errors it expects', () => {
  test.use({ allowConsole: [/expected by this test/] });
  test('passes when only those are logged', async ({ page }) => {
    await page.setContent('<p>planted</p>');
    await page.evaluate(() => console.error('an error expected by this test'));
  });
});
