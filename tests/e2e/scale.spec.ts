// The app at provincial scale, served as any static server serves it, opened in a fresh browser context (no disk
// cache) with no request intercepted: the control-unit file is over 40 MB and is never fetched whole. The units are
// drawn from vector tiles, 此处 answers from the units read by parts, and a check gives a definite verdict.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parcels } from '../../scripts/bench/parcels';
import { bigSite } from '../../scripts/bench/bigSite';
import type { Browser, BrowserContextOptions } from '@playwright/test';
import { expect, test, type Page } from './fixtures';
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

/** A fresh context (no cache, nothing stored) on the app, loaded; page errors are collected. */
async function openFresh(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#lang=zh');
  await expect(page.getByTestId('map')).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 });
  return { context, page, errors };
}

/**
 * Clicks the button with this text the moment it shows, from inside the page (so what it stops cannot finish first).
 */
const clickWhenShown = (page: Page, text: string) =>
  page.evaluate(`new MutationObserver((_, o) => {
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent === ${JSON.stringify(text)});
    if (b) { o.disconnect(); b.click(); }
  }).observe(document.body, { childList: true, subtree: true })`);

/** How many sites the browser's own storage holds (writes are asynchronous: callers poll). */
const storedCount = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const req = indexedDB.open('ecozone');
        req.onsuccess = () => {
          const n = req.result.transaction('sites').objectStore('sites').count();
          n.onsuccess = () => {
            req.result.close();
            resolve(n.result);
          };
        };
        req.onerror = () => resolve(-1);
      }),
  );

test('a reviewer batch at scale: cancel an import, stop and resume a check, delete all and undo, reload', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'ecozone-parcels-'));
  const big = join(dir, 'parcels-5000.geojson');
  const batch = join(dir, 'parcels-2000.geojson');
  writeFileSync(big, JSON.stringify(parcels(5000, 1)));
  writeFileSync(batch, JSON.stringify(parcels(2000, 2)));
  const { context, page, errors } = await openFresh(browser);
  await page.getByRole('tab', { name: /候选地块/ }).click();
  const count = page.getByTestId('site-count');

  // Cancelled while it reads (clicked the moment the button shows, from inside the page, so the file cannot finish
  // first): nothing of it stays, in the list or in storage.
  await clickWhenShown(page, '取消导入');
  await page.locator('input[type=file]').setInputFiles(big);
  await expect(page.getByRole('status').filter({ hasText: '已取消导入' })).toBeVisible();
  await expect(page.getByTestId('import-progress')).toHaveCount(0);
  await expect(page.getByText('还没有候选地块')).toBeVisible();
  await expect.poll(() => storedCount(page), { timeout: 30_000 }).toBe(0);

  // 2,000 parcels: listed in the file's order, stored, and checked in batches; stopped, then resumed. The check tab
  // opens as soon as they are listed, while the check runs (waiting for storage first could outlast the check).
  await page.locator('input[type=file]').setInputFiles(batch);
  await expect(count).toHaveText('共 2000 个地块', { timeout: 60_000 });
  await expect(page.getByTestId('site').first().getByRole('textbox')).toHaveValue('测试地块1');
  await clickWhenShown(page, '停止核查');
  await page.getByRole('tab', { name: '核查结果' }).click();
  const stopped = page.getByTestId('check-stopped');
  await expect(stopped).toContainText('未核查');
  const left = Number(/(\d+) 个地块未核查/.exec((await stopped.textContent()) ?? '')?.[1]);
  expect(left).toBeGreaterThan(0);
  const counts = page.getByTestId('verdict-counts');
  await expect(counts.getByRole('button').first()).toHaveText(`全部结论 ${2000 - left}`);
  await stopped.getByRole('button', { name: '继续核查' }).click();
  await expect(counts.getByRole('button').first()).toHaveText('全部结论 2000', { timeout: 120_000 });
  await expect(page.getByTestId('check-progress')).toHaveCount(0);
  await expect(stopped).toHaveCount(0);
  await expect.poll(() => storedCount(page), { timeout: 60_000 }).toBe(2000);
  // The results list draws only what is in view.
  expect(await page.getByTestId('result').count()).toBeLessThan(100);

  // A filter, a selection deleted, then all deleted; undo brings each back, in storage too.
  await page.getByRole('tab', { name: /候选地块/ }).click();
  await page.getByRole('searchbox', { name: '筛选地块' }).fill('测试地块1999');
  await expect(count).toHaveText('显示 1 / 2000 个地块');
  await page.getByRole('checkbox', { name: '全选所列地块' }).check();
  await page.getByRole('button', { name: '删除所选（1）' }).click();
  await page.getByRole('searchbox', { name: '筛选地块' }).fill('');
  await expect(count).toHaveText('共 1999 个地块');
  await page.getByRole('button', { name: '全部删除' }).click();
  await expect(page.getByText('还没有候选地块')).toBeVisible();
  await expect.poll(() => storedCount(page), { timeout: 30_000 }).toBe(0);
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(count).toHaveText('共 1999 个地块');
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(count).toHaveText('共 2000 个地块');
  await expect.poll(() => storedCount(page), { timeout: 60_000 }).toBe(2000);

  // A reload restores them all, in order, and checks them again.
  await page.reload();
  await page.getByRole('tab', { name: /候选地块/ }).click();
  await expect(count).toHaveText('共 2000 个地块', { timeout: 60_000 });
  await expect(page.getByTestId('site').first().getByRole('textbox')).toHaveValue('测试地块1');
  await page.getByRole('tab', { name: '核查结果' }).click();
  await expect(page.getByTestId('verdict-counts').getByRole('button').first()).toHaveText('全部结论 2000', {
    timeout: 120_000,
  });
  expect(errors).toEqual([]);
  await context.close();
});

test('a site of 60,000 vertices is kept packed: listed with its measures, checked whole, exported whole, reloaded', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const file = join(mkdtempSync(join(tmpdir(), 'ecozone-big-')), 'big.geojson');
  writeFileSync(file, JSON.stringify(bigSite(60_000)));
  const { context, page, errors } = await openFresh(browser, { acceptDownloads: true });
  await page.getByRole('tab', { name: /候选地块/ }).click();
  await page.locator('input[type=file]').setInputFiles(file);
  const site = page.getByTestId('site').first();
  // Measured whole when read (the list's copy is simplified), and not offered for vertex editing.
  await expect(site).toContainText('60,001 个顶点', { timeout: 60_000 });
  await expect(site).toContainText(/面积 41\.6\d km²/);
  await expect(site.getByRole('button', { name: '编辑顶点' })).toHaveCount(0);
  const drawn = await page.evaluate(
    () =>
      (
        window as unknown as { ecozoneMap: { querySourceFeatures(s: string): unknown[] } }
      ).ecozoneMap.querySourceFeatures('candidate-sites').length,
  );
  expect(drawn).toBeGreaterThan(0);
  await page.getByRole('tab', { name: '核查结果' }).click();
  const result = page.getByTestId('result').first();
  await expect(result.getByTestId('verdict')).toBeVisible({ timeout: 60_000 });
  await expect(result).toContainText('41.6');
  // The export carries the site whole, not its display copy.
  const [gj] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 GeoJSON' }).click(),
  ]);
  const fc = JSON.parse(readFileSync((await gj.path())!, 'utf8')) as {
    features: { properties: { kind: string }; geometry: { coordinates: unknown[][] } }[];
  };
  const exported = fc.features.find((f) => f.properties.kind === 'site')!;
  expect(exported.geometry.coordinates[0]).toHaveLength(60_001);
  // Stored packed and read back.
  await page.waitForTimeout(1000);
  await page.reload();
  await page.getByRole('tab', { name: /候选地块/ }).click();
  await expect(page.getByTestId('site').first()).toContainText('60,001 个顶点', { timeout: 60_000 });
  await page.getByRole('tab', { name: '核查结果' }).click();
  await expect(page.getByTestId('result').first().getByTestId('verdict')).toBeVisible({ timeout: 60_000 });
  expect(errors).toEqual([]);
  await context.close();
});
