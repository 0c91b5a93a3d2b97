// The public map: search (Chinese, pinyin initials, coordinates), what protects a place, protected-area pages from their
// URL, keyboard-only use, a phone-sized screen, and an automated accessibility check.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { openOffline, screenOf, waitIdle } from './support';
import { readBuiltLayers } from '../../src/cli/readData';
import { buildDataset } from '../../src/lib/check/dataset';
import { interiorPoint } from '../../src/lib/public/place';

const DATA = fileURLToPath(new URL('../../dist/data', import.meta.url));

/** A point inside a zone of the built data (so the test follows the data, not hard-coded coordinates). */
async function inside(layer: string, id: string): Promise<[number, number]> {
  const ds = buildDataset(await readBuiltLayers(DATA));
  const p = interiorPoint(ds.zones.get(layer, id)!.shape)!;
  return [p[0]!, p[1]!];
}

const searchBox = (page: Page) => page.getByRole('combobox', { name: '搜索保护区、地名、编码或坐标' });

// The public's journeys, at a desktop and at a phone's size alike.
for (const size of [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 360, height: 640 },
])
  test.describe(`${size.name} ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('search by Chinese name opens the protected-area page, with its URL', async ({ page }) => {
      await openOffline(page, '#lang=zh');
      await searchBox(page).fill('黄河湿地');
      const options = page.getByRole('option');
      await expect(options.first()).toContainText('黄河湿地');
      await options.filter({ hasText: '郑州黄河湿地省级自然保护区核心区（巩义段）' }).first().click();
      const zone = page.getByRole('article');
      await expect(zone.getByRole('heading', { level: 2 })).toHaveText('郑州黄河湿地省级自然保护区核心区（巩义段）');
      await expect(page).toHaveURL(/zone=nature-reserve\/NR-ZZ-CORE-01/);
      await expect(zone).toContainText('缓冲区');
      await expect(zone).toContainText('禁止');
    });

    test('search by pinyin initials and by coordinates', async ({ page }) => {
      await openOffline(page, '#lang=zh');
      await searchBox(page).fill('hhsd');
      await expect(page.getByRole('option').first()).toContainText('黄河湿地');
      await searchBox(page).fill('jg');
      await expect(page.getByRole('option').filter({ hasText: '尖岗' }).first()).toBeVisible();
      const [lng, lat] = await inside('water-source', 'WS-ZZ-BJ-G1');
      await searchBox(page).fill(`${lng.toFixed(5)},${lat.toFixed(5)}`);
      await expect(page.getByRole('option').first()).toContainText('坐标');
      await searchBox(page).press('Enter');
      const panel = page.getByTestId('place');
      await expect(panel.getByTestId('place-zone').first()).toContainText('郑州市北郊水源地一级保护区');
      await expect(panel.getByTestId('place-zone').first().getByTestId('strength')).toContainText('禁止');
    });

    test('what protects a point in a reserve core zone: strongest first, in plain words, with a link to the full rules', async ({
      page,
    }) => {
      const [lng, lat] = await inside('nature-reserve', 'NR-ZZ-CORE-01');
      await openOffline(page, `#map=13.00/${lat.toFixed(5)}/${lng.toFixed(5)}&layers=admin-district&lang=zh`);
      const at = await screenOf(page, [lng, lat]);
      await page.mouse.click(at.x, at.y);
      const zones = page.getByTestId('place').getByTestId('place-zone');
      // Hidden layers count too: only the districts are shown, yet the reserve, the red line and the unit are listed.
      await expect(zones.first().getByTestId('strength')).toContainText('禁止');
      await expect(page.getByTestId('place')).toContainText('郑州黄河湿地省级自然保护区核心区');
      await expect(page.getByTestId('place')).toContainText('环境管控单元');
      await expect(zones.last()).toContainText(/区县界|市界/);
      await zones.filter({ hasText: '核心区' }).first().getByRole('button', { name: '完整规则与来源' }).click();
      await expect(page.getByRole('article').getByRole('heading', { level: 2 })).toContainText('核心区');
    });

    test('a place outside the data says it cannot tell, never "unprotected"', async ({ page }) => {
      await openOffline(page, '#lang=zh');
      await searchBox(page).fill('116.40, 39.90');
      await searchBox(page).press('Enter');
      await expect(page.getByTestId('place')).toContainText('数据覆盖范围之外');
      await expect(page.getByTestId('place')).not.toContainText('此处未落入任何管控要素');
    });

    test('a protected-area page opens from its URL, and prints', async ({ page }) => {
      await openOffline(page, '#lang=zh&zone=water-source/WS-ZZ-BJ-G1');
      const zone = page.getByRole('article');
      await expect(zone.getByRole('heading', { level: 2 })).toHaveText('郑州市北郊水源地一级保护区');
      await expect(zone).toContainText('面积');
      await expect(zone).toContainText('郑州市北郊水源地二级保护区');
      await expect(zone).toContainText('《中华人民共和国水污染防治法》');
      await expect(zone.getByRole('note')).toContainText('示意数据');
      await page.emulateMedia({ media: 'print' });
      await expect(page.getByTestId('map-wrap')).toBeHidden();
      await expect(zone).toBeVisible();
      await page.emulateMedia({ media: 'screen' });
      await zone.getByRole('button', { name: '关闭本页' }).click();
      await expect(page.getByRole('article')).toHaveCount(0);
      await expect(page).not.toHaveURL(/zone=/);
      await openOffline(page, '#lang=zh&zone=water-source/NO-SUCH-ZONE');
      await expect(page.getByRole('article')).toContainText('未找到该要素');
    });
  });

test('keyboard only: search, pick a result, read its page, reach its buttons', async ({ page }) => {
  await openOffline(page, '#lang=zh');
  await page.locator('body').focus();
  for (let i = 0; i < 5 && (await page.evaluate(() => document.activeElement?.id)) !== 'search-input'; i++)
    await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
  await page.keyboard.type('尖岗');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('listbox').getByRole('option', { selected: true })).toContainText('尖岗');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('article').getByRole('heading', { level: 2 })).toContainText('尖岗');
  // Tab onward reaches the page's print button; focus is visible (outline drawn).
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await page.evaluate(() => document.activeElement?.textContent?.trim())) === '打印本页';
  }
  expect(reached).toBe(true);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
});

test('on a 360×640 phone: no sideways scrolling, the panel is a bottom sheet, search and places work', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 640 });
  await openOffline(page, '#lang=zh');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(
    true,
  );
  await searchBox(page).fill('hhsd');
  await page.getByRole('option').first().click();
  await expect(page.getByRole('article').getByRole('heading', { level: 2 })).toContainText('黄河湿地');
  const sheet = (await page.getByRole('complementary', { name: '图层' }).boundingBox())!;
  expect(sheet.y).toBeGreaterThan(200);
  expect(sheet.width).toBeLessThanOrEqual(360);
  for (const b of await page.getByRole('tab').all()) expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await waitIdle(page);
  await page.screenshot({
    path: join(fileURLToPath(new URL('../../test-results', import.meta.url)), 'phone-360x640.png'),
  });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(
    true,
  );
});

for (const size of [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 360, height: 640 },
])
  test(`axe finds no serious or critical accessibility violation (${size.name}: area page with search results, a place, the targets)`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    const serious = async (state: string) => {
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        bad.map((v) => `${state}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      ).toEqual([]);
    };
    await openOffline(page, '#lang=zh&zone=nature-reserve/NR-ZZ-CORE-01');
    await expect(page.getByRole('article').getByRole('heading', { level: 2 })).toBeVisible();
    await searchBox(page).fill('黄河');
    await expect(page.getByRole('option').first()).toBeVisible();
    await serious('area page, results open');
    await searchBox(page).fill('113.70, 34.872');
    await searchBox(page).press('Enter');
    await expect(page.getByTestId('place').getByTestId('place-zone').first()).toBeVisible();
    await serious('place');
    await page.getByRole('tab', { name: '指标' }).click();
    await expect(page.getByTestId('dashboard').getByRole('listitem').first()).toBeVisible();
    await serious('targets');
  });

test('the targets dashboard shows each region’s baseline and target with the source line', async ({ page }) => {
  await openOffline(page, '#lang=zh');
  await page.getByRole('tab', { name: '指标' }).click();
  const dash = page.getByTestId('dashboard');
  await expect(dash.getByRole('heading', { level: 2 })).toBeVisible();
  await dash.getByRole('radio', { name: '济源市（济源示范区）' }).check();
  const pm = dash.getByRole('listitem').filter({ hasText: 'PM2.5' }).first();
  await expect(pm).toContainText('2020：54');
  await expect(pm).toContainText('2025：44');
  await expect(pm).toContainText('约束性');
  await expect(pm).toContainText(/\[002 L\d+\]/);
  await expect(pm.getByRole('img')).toBeVisible();
  await dash.getByRole('radio', { name: '金水区' }).check();
  await expect(dash.getByRole('listitem').filter({ hasText: '生态保护红线面积' })).toContainText('不减少');
  await page.setViewportSize({ width: 360, height: 640 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(
    true,
  );
  await page.screenshot({
    path: join(fileURLToPath(new URL('../../test-results', import.meta.url)), 'targets-360x640.png'),
  });
});
