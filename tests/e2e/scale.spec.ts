// The app at provincial scale, served as any static server serves it, opened in a fresh browser context (no disk
// cache) with no request intercepted: the control-unit file is over 40 MB and is never fetched whole. The units are
// drawn from vector tiles, 此处 answers from the units read by parts, and a check gives a definite verdict.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { waitIdle } from './support';

test.use({ baseURL: 'http://127.0.0.1:4175/' });

const manifest = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../.scratch/e2e-province/data/manifest.json', import.meta.url)), 'utf8'),
) as { layers: { id: string; built: { file: string; bytes: number; features: number } }[] };
const ecu = manifest.layers.find((l) => l.id === 'ecu')!;

test('a 40 MB control-unit layer: drawn, read by parts, answering 此处 and a check, in a fresh context', async ({
  browser,
}) => {
  expect(ecu.built.bytes).toBeGreaterThan(40 * 2 ** 20);
  expect(ecu.built.features).toBeGreaterThan(1000);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // Bytes of the unit file that arrived, by anyone (the check worker's requests are reported with the page's).
  let ecuBytes = 0;
  context.on('requestfinished', (req) => {
    if (new URL(req.url()).pathname.endsWith(`/${ecu.built.file}`))
      void req.sizes().then((s) => (ecuBytes += s.responseBodySize));
  });
  await page.goto('/#lang=zh');
  await expect(page.getByTestId('map')).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 });
  await waitIdle(page);
  const panel = page.getByRole('complementary', { name: '图层' });
  await expect(panel.getByRole('alert')).toHaveCount(0);
  const drawn = await page.evaluate(
    () =>
      (
        window as unknown as { ecozoneMap: { queryRenderedFeatures(o: { layers: string[] }): unknown[] } }
      ).ecozoneMap.queryRenderedFeatures({ layers: ['ecu-fill'] }).length,
  );
  expect(drawn).toBeGreaterThan(10);
  // 此处 at a point of Henan: a control unit answers, no layer is said to have failed.
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const place = page.getByTestId('place');
  await expect(place).toContainText('环境管控单元', { timeout: 30_000 });
  await expect(place).not.toContainText('未能加载');
  await expect(place).not.toContainText('数据覆盖范围之外');
  // A point site in a unit is checked to a definite verdict against the units read near it.
  await page.getByRole('tab', { name: /候选地块/ }).click();
  if (!(await page.getByRole('textbox', { name: '输入坐标' }).isVisible()))
    await page.getByTestId('typed-summary').click();
  await page.getByRole('textbox', { name: '输入坐标' }).fill('113.65, 34.75');
  await page.getByRole('combobox', { name: '类型' }).selectOption({ label: '点' });
  await page.getByRole('button', { name: '添加地块' }).click();
  await page.getByRole('tab', { name: '核查结果' }).click();
  const result = page.getByTestId('result').first();
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result).not.toContainText(/数据不完整|数据未覆盖/);
  // Read by parts: a small share of the 40 MB file arrived.
  expect(ecuBytes).toBeGreaterThan(0);
  expect(ecuBytes).toBeLessThan(ecu.built.bytes / 10);
  expect(errors).toEqual([]);
  await context.close();
});
