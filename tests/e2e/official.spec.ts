// The app on a bureau's official data (the fixture delivery imported with `ecozone data import` and its full access
// list): no 示意 marking on the official layer, and the full access-list texts, longer than a DBF could hold, shown in a
// zone page and used by a check.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { expect, test, type Page } from './fixtures';
import { openOffline } from './support';
import { readBuiltLayers } from '../../src/cli/readData';
import { buildDataset } from '../../src/lib/check/dataset';
import { interiorPoint } from '../../src/lib/public/place';
import { splitSentences } from '../../src/lib/rules/sentences';

test.use({ baseURL: 'http://127.0.0.1:4174/' });

const DATA = fileURLToPath(new URL('../../.scratch/official/dist/data', import.meta.url));
const UNIT = 'ZH41010210001';
/** The unit's full 空间布局约束 text as authored, and its last sentence: beyond the DBF's 254 bytes. */
const demo = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../data/sources/ecu.geojson', import.meta.url)), 'utf8'),
) as FeatureCollection;
const full = String(demo.features.find((f) => f.properties?.['HJZHGKDYBM'] === UNIT)!.properties!['KJBJYS']);
const last = splitSentences(full).at(-1)!.text;

async function inside(): Promise<[number, number]> {
  const ds = buildDataset(await readBuiltLayers(DATA));
  const p = interiorPoint(ds.zones.get('ecu', UNIT)!.shape)!;
  return [p[0]!, p[1]!];
}

async function typeSite(page: Page, coords: string) {
  await page.getByRole('tab', { name: /候选地块/ }).click();
  if (!(await page.getByRole('textbox', { name: '输入坐标' }).isVisible()))
    await page.getByTestId('typed-summary').click();
  await page.getByRole('textbox', { name: '输入坐标' }).fill(coords);
  await page.getByRole('combobox', { name: '类型' }).selectOption({ label: '点' });
  await page.getByRole('button', { name: '添加地块' }).click();
}

test('the official layer carries no 示意 marking; the banner shows only while an illustrative layer is visible', async ({
  page,
}) => {
  expect(new TextEncoder().encode(full).length).toBeGreaterThan(254);
  expect(new TextEncoder().encode(full.slice(0, full.indexOf(last))).length).toBeGreaterThan(254);
  await openOffline(page, '#layers=ecu&lang=zh');
  const panel = page.getByRole('complementary', { name: '图层' });
  // The layer's label (its checkbox's parent) names it official, not 示意.
  const unitLabel = panel.getByRole('checkbox', { name: '显示 环境管控单元' }).locator('..');
  await expect(unitLabel).toContainText('官方');
  await expect(unitLabel).not.toContainText('示意');
  await expect(page.getByRole('note').filter({ hasText: '示意数据' })).toHaveCount(0);
  await expect(page.getByRole('banner')).not.toContainText('示意');
  // A demo layer switched on brings the marking back.
  await page.getByRole('checkbox', { name: '显示 生态保护红线' }).check();
  await expect(page.getByRole('note').filter({ hasText: '示意数据' })).toBeVisible();
});

test('a unit page and a check show the full access-list text, past the 254 bytes the DBF held', async ({ page }) => {
  await openOffline(page, `#layers=ecu&lang=zh&zone=ecu/${UNIT}`);
  const article = page.getByRole('article');
  await expect(article).toContainText(last);
  await expect(article).not.toContainText('示意数据');
  const [lng, lat] = await inside();
  await typeSite(page, `${lng.toFixed(6)}, ${lat.toFixed(6)}`);
  await page.getByRole('tab', { name: '核查结果' }).click();
  const result = page.getByTestId('result').first();
  await result.getByTestId('result-summary').click();
  await expect(result.getByRole('table')).toContainText(UNIT);
  await result
    .getByText(/^适用规则/)
    .first()
    .click();
  await expect(result).toContainText(last.slice(0, 20));
});
