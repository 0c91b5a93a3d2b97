// Candidate sites as a planner makes them: drawn with the mouse, typed, imported by picker and by drop; kept across reloads.
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './fixtures';
import { openOffline, waitIdle } from './support';

const fixture = (f: string) => fileURLToPath(new URL(`../fixtures/io/${f}`, import.meta.url));

async function openSites(page: Page) {
  await openOffline(page, '#map=12.00/34.76000/113.62000&layers=ecu,admin-district&lang=zh');
  await page.getByRole('tab', { name: /候选地块/ }).click();
}

async function mapCentre(page: Page) {
  const box = (await page.getByTestId('map').locator('canvas').boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const siteItems = (page: Page) => page.getByTestId('site');

/** Waits until the browser's own storage holds exactly these site names (writes are asynchronous). */
async function stored(page: Page, names: number | string[]) {
  await page.waitForFunction(
    (want) =>
      new Promise<boolean>((resolve) => {
        const req = indexedDB.open('ecozone');
        req.onsuccess = () => {
          const all = req.result.transaction('sites').objectStore('sites').getAll();
          all.onsuccess = () => {
            const got = (all.result as { name: string }[]).map((s) => s.name).sort();
            req.result.close();
            resolve(
              typeof want === 'number' ? got.length === want : JSON.stringify(got) === JSON.stringify([...want].sort()),
            );
          };
        };
        req.onerror = () => resolve(false);
      }),
    names,
  );
}

test('draws a point, a line, a polygon and a rectangle with the mouse, and keeps them after a reload', async ({
  page,
}) => {
  await openSites(page);
  const c = await mapCentre(page);

  await page.getByRole('button', { name: '画点' }).click();
  await expect(page.getByRole('button', { name: '画点' })).toHaveAttribute('aria-pressed', 'true');
  await page.mouse.click(c.x - 200, c.y - 150);
  await expect(siteItems(page)).toHaveCount(1);

  await page.getByRole('button', { name: '画线' }).click();
  await expect(page.getByRole('button', { name: '画线' })).toHaveAttribute('aria-pressed', 'true');
  await page.mouse.click(c.x - 200, c.y);
  await page.mouse.click(c.x - 100, c.y + 40);
  await page.mouse.click(c.x, c.y + 10);
  await page.mouse.click(c.x, c.y + 10);
  await expect(siteItems(page)).toHaveCount(2);
  await expect(siteItems(page).nth(1)).toContainText('长度');

  await page.getByRole('button', { name: '画面' }).click();
  await expect(page.getByRole('button', { name: '画面' })).toHaveAttribute('aria-pressed', 'true');
  const corners: [number, number][] = [
    [50, -100],
    [200, -100],
    [220, 20],
    [60, 40],
    [50, -100],
  ];
  for (const [dx, dy] of corners) await page.mouse.click(c.x + dx, c.y + dy);
  await expect(siteItems(page)).toHaveCount(3);
  await expect(siteItems(page).nth(2)).toContainText(/面积 [\d.]+ (公顷|km²)/);

  await page.getByRole('button', { name: '画矩形' }).click();
  await expect(page.getByRole('button', { name: '画矩形' })).toHaveAttribute('aria-pressed', 'true');
  await page.mouse.click(c.x + 100, c.y + 100);
  await page.mouse.move(c.x + 180, c.y + 160, { steps: 5 });
  await page.mouse.click(c.x + 180, c.y + 160);
  await expect(siteItems(page)).toHaveCount(4);
  await page.getByRole('button', { name: '结束绘制' }).click();

  await stored(page, 4);
  await page.reload();
  await expect(page.getByTestId('map')).toHaveAttribute('data-loaded', 'true');
  await page.getByRole('tab', { name: /候选地块 \(4\)/ }).click();
  await expect(siteItems(page)).toHaveCount(4);
  await waitIdle(page);
  const drawn = await page.evaluate(
    () =>
      (
        window as unknown as { ecozoneMap: { queryRenderedFeatures(o: { layers: string[] }): unknown[] } }
      ).ecozoneMap.queryRenderedFeatures({
        layers: ['sites-fill', 'sites-line', 'sites-point'],
      }).length,
  );
  expect(drawn).toBeGreaterThanOrEqual(4);
});

test('imports a 国土 TXT file through the picker and shows its parcels on the map', async ({ page }) => {
  await openSites(page);
  await page.getByLabel('导入文件').setInputFiles(fixture('txt-zone38-prefixed.txt'));
  await expect(page.getByRole('complementary').getByRole('status')).toHaveText(
    '已从 txt-zone38-prefixed.txt 导入 2 个地块',
  );
  await expect(siteItems(page)).toHaveCount(2);
  await expect(page.getByRole('textbox', { name: '中原区测试地块 的名称' })).toHaveValue('中原区测试地块');
  await expect(siteItems(page).first()).toContainText('EPSG:4526');
  await waitIdle(page);
  const drawn = await page.evaluate(
    () =>
      (
        window as unknown as { ecozoneMap: { queryRenderedFeatures(o: { layers: string[] }): unknown[] } }
      ).ecozoneMap.queryRenderedFeatures({
        layers: ['sites-fill'],
      }).length,
  );
  expect(drawn).toBeGreaterThan(0);
});

test('imports a file dropped on the map', async ({ page }) => {
  await openSites(page);
  const text = JSON.stringify({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { id: 'd1', name: '拖放地块' },
        geometry: { type: 'Point', coordinates: [113.62, 34.76] },
      },
    ],
  });
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'dropped.geojson', { type: 'application/geo+json' }));
    return d;
  }, text);
  await page.getByTestId('map-wrap').dispatchEvent('dragover', { dataTransfer: dt });
  await expect(page.getByText('松开以导入文件')).toBeVisible();
  await page.getByTestId('map-wrap').dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.getByRole('complementary').getByRole('status')).toHaveText('已从 dropped.geojson 导入 1 个地块');
  await expect(page.getByRole('textbox', { name: '拖放地块 的名称' })).toBeVisible();
});

test('a bad file says what is wrong and loses nothing already there', async ({ page }) => {
  await openSites(page);
  await page.getByLabel('导入文件').setInputFiles(fixture('txt-zone38-prefixed.txt'));
  await expect(siteItems(page)).toHaveCount(2);
  await page.getByLabel('导入文件').setInputFiles({
    name: 'broken.geojson',
    mimeType: 'application/json',
    buffer: Buffer.from('{"type": "FeatureCollection", "features": ['),
  });
  await expect(page.getByRole('alert').filter({ hasText: '不是有效的 JSON' })).toBeVisible();
  await expect(page.getByRole('complementary').getByRole('status')).toHaveText('broken.geojson 中没有可导入的地块');
  await expect(siteItems(page)).toHaveCount(2);
  await page.getByLabel('导入文件').setInputFiles(fixture('txt-zone38-plain-nozone.txt'));
  await expect(page.getByRole('alert').filter({ hasText: '请选择坐标系' })).toBeVisible();
  await page.getByLabel('文件坐标系').selectOption('EPSG:4547');
  await page.getByLabel('导入文件').setInputFiles(fixture('txt-zone38-plain-nozone.txt'));
  await expect(siteItems(page)).toHaveCount(3);
});

test('types a polygon in 度分秒, renames it, deletes it and undoes the delete', async ({ page }) => {
  await openSites(page);
  await page.getByTestId('typed-summary').click();
  await page
    .getByRole('textbox', { name: '输入坐标' })
    .fill('113°37\'00", 34°45\'00"\n113°38\'00", 34°45\'00"\n113°38\'00", 34°46\'00"\n113°37\'00", 34°46\'00"');
  await page.getByRole('button', { name: '添加地块' }).click();
  await expect(siteItems(page)).toHaveCount(1);
  await expect(siteItems(page).first()).toContainText(/面积 [23]\.\d\d km²/);
  const name = page.getByRole('textbox', { name: /的名称$/ });
  await name.fill('拟建污水处理厂');
  await name.press('Enter');
  await expect(page.getByRole('textbox', { name: '拟建污水处理厂 的名称' })).toBeVisible();
  await page.getByRole('button', { name: '删除 拟建污水处理厂' }).click();
  await expect(siteItems(page)).toHaveCount(0);
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(siteItems(page)).toHaveCount(1);
  await stored(page, ['拟建污水处理厂']);
  await page.reload();
  await page.getByRole('tab', { name: /候选地块/ }).click();
  await expect(page.getByRole('textbox', { name: '拟建污水处理厂 的名称' })).toBeVisible();
});

test('turns a drawn line into a 500 m buffer site, and edits the vertices of a polygon', async ({ page }) => {
  await openSites(page);
  const c = await mapCentre(page);
  await page.getByRole('button', { name: '画线' }).click();
  await expect(page.getByRole('button', { name: '画线' })).toHaveAttribute('aria-pressed', 'true');
  await page.mouse.click(c.x - 150, c.y);
  await page.mouse.click(c.x + 150, c.y);
  await page.mouse.click(c.x + 150, c.y);
  await page.getByRole('button', { name: '结束绘制' }).click();
  await expect(siteItems(page)).toHaveCount(1);
  await page.getByRole('spinbutton', { name: '地块 1 的缓冲距离（米）' }).fill('500');
  await page.getByRole('button', { name: '生成缓冲区' }).click();
  await expect(siteItems(page)).toHaveCount(2);
  await expect(page.getByRole('textbox', { name: '地块 1 缓冲 500 米 的名称' })).toBeVisible();
  await expect(siteItems(page).nth(1)).toContainText(/面积 [\d.]+ (公顷|km²)/);

  const area = async () => Number(/面积 ([\d.]+) (公顷|km²)/.exec(await siteItems(page).nth(1).innerText())![1]);
  const before = await area();
  await siteItems(page).nth(1).getByRole('button', { name: '编辑顶点' }).click();
  await page.getByRole('button', { name: '完成编辑' }).click();
  await expect(siteItems(page).nth(1).getByRole('button', { name: '编辑顶点' })).toBeVisible();
  expect(await area()).toBeCloseTo(before, 1);
});
