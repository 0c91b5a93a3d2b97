// The map as a person uses it, offline: categories, toggles, popups, language, permalinks, base-map failure.
import { expect, test } from './fixtures';
import { openOffline, renderedCount, screenOf, waitIdle } from './support';

const CATEGORIES_ZH = [
  '三线一单环境管控单元',
  '生态保护红线',
  '黄河湿地自然保护区',
  '饮用水水源保护区',
  '生态廊道',
  '行政区划',
];
const ZONING = ['ecu', 'eco-redline', 'nature-reserve', 'water-source', 'eco-corridor', 'admin-district', 'admin-city'];

test('shows every category with features drawn, marked illustrative, without any network', async ({ page }) => {
  const offline = await openOffline(page);
  const panel = page.getByRole('complementary', { name: '图层' });
  for (const name of CATEGORIES_ZH) await expect(panel.getByRole('heading', { name, exact: true })).toBeVisible();
  await expect(panel.getByText(/个要素/)).toHaveCount(ZONING.length);
  await expect(panel.getByRole('alert')).toHaveCount(0);
  for (const id of ZONING) expect(await renderedCount(page, id), id).toBeGreaterThan(0);
  await expect(page.getByRole('note').filter({ hasText: '示意数据' })).toBeVisible();
  await expect(page.getByText('示意数据', { exact: true }).first()).toBeVisible();
  expect(offline.external).toEqual([]);
  expect(offline.errors).toEqual([]);
});

test('toggling a layer hides it on the map and in the link', async ({ page }) => {
  await openOffline(page);
  const toggle = page.getByRole('checkbox', { name: '显示 生态保护红线' });
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await waitIdle(page);
  expect(await renderedCount(page, 'eco-redline')).toBe(0);
  await expect(page).not.toHaveURL(/eco-redline/);
  await toggle.check();
  await waitIdle(page);
  expect(await renderedCount(page, 'eco-redline')).toBeGreaterThan(0);
  await expect(page).toHaveURL(/eco-redline/);
});

test('clicking a control unit shows what protects the place: code, class, requirements, provenance and the 示意 notice', async ({
  page,
}) => {
  await openOffline(page, '#map=11.00/34.78000/113.70000&layers=ecu,admin-district&lang=zh');
  const at = await screenOf(page, [113.7, 34.78]);
  await page.mouse.click(at.x, at.y);
  const panel = page.getByTestId('place');
  await expect(panel.getByRole('heading', { name: '此处受何保护' })).toBeVisible();
  const unit = panel.getByTestId('place-zone').filter({ hasText: '环境管控单元' });
  await expect(unit).toContainText(/优先保护单元|重点管控单元|一般管控单元/);
  await unit.getByText('属性与来源').click();
  await expect(unit).toContainText(/ZH41\d{4}[123]\d{4}/);
  await expect(unit).toContainText('空间布局约束');
  await expect(unit).toContainText('数据来源');
  await expect(panel.getByRole('note')).toContainText('示意数据');
  await expect(panel).toContainText('区县界');
});

test('switches the whole interface to English and back', async ({ page }) => {
  await openOffline(page, '#map=11.00/34.78000/113.70000&layers=ecu,admin-district&lang=zh');
  await expect(page.getByRole('button', { name: '放大' })).toBeVisible();
  await page.getByRole('button', { name: '切换到英文界面' }).click();
  await expect(page.getByRole('button', { name: 'Zoom in' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Eco-Zoning Map');
  await expect(
    page
      .getByRole('complementary', { name: 'Layers' })
      .getByRole('heading', { name: 'Environmental control units (three lines, one permit)' }),
  ).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Show Ecological protection red line' })).toBeVisible();
  await expect(page).toHaveURL(/lang=en/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const at = await screenOf(page, [113.7, 34.78]);
  await page.mouse.click(at.x, at.y);
  await expect(page.getByTestId('place')).toContainText('What protects this place');
  await expect(page.getByTestId('place')).toContainText('Illustrative data');
  await page.getByRole('button', { name: 'Switch to Chinese' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('生态空间管控一张图');
  await expect(page.getByTestId('place')).toContainText('此处受何保护');
});

test('a permalink reproduces view, layers and language, also after a reload', async ({ page }) => {
  await openOffline(page, '#map=10.50/34.90000/113.60000&layers=nature-reserve,admin-city&lang=en');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Eco-Zoning Map');
  await expect(page.getByRole('checkbox', { name: 'Show Yellow River wetland nature reserves' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Show Environmental control units' })).not.toBeChecked();
  const view = () =>
    page.evaluate(() => {
      const m = (window as unknown as { ecozoneMap: { getCenter(): { lng: number; lat: number }; getZoom(): number } })
        .ecozoneMap;
      return { lng: m.getCenter().lng, lat: m.getCenter().lat, zoom: m.getZoom() };
    });
  expect(await view()).toEqual({
    lng: expect.closeTo(113.6, 4),
    lat: expect.closeTo(34.9, 4),
    zoom: expect.closeTo(10.5, 2),
  });
  expect(await renderedCount(page, 'ecu')).toBe(0);
  expect(await renderedCount(page, 'nature-reserve')).toBeGreaterThan(0);

  // Pan, then reload the link the address bar now holds.
  const box = (await page.getByTestId('map').locator('canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 200, box.y + box.height / 2 + 100, { steps: 8 });
  await page.mouse.up();
  await waitIdle(page);
  await expect(page).not.toHaveURL(/34\.90000\/113\.60000/);
  const moved = await view();
  await page.reload();
  await expect(page.getByTestId('map')).toHaveAttribute('data-loaded', 'true');
  const after = await view();
  expect(after.lng).toBeCloseTo(moved.lng, 4);
  expect(after.lat).toBeCloseTo(moved.lat, 4);
  expect(after.zoom).toBeCloseTo(moved.zoom, 2);
  await expect(page.getByRole('checkbox', { name: 'Show Environmental control units' })).not.toBeChecked();
});

test('an online base map that cannot load says so and leaves the map working', async ({ page }) => {
  const offline = await openOffline(page);
  await page.getByRole('combobox', { name: '底图' }).selectOption('osm');
  await expect(page.getByRole('alert').filter({ hasText: '在线底图加载失败' })).toBeVisible();
  expect(offline.external).toContain('tile.openstreetmap.org');
  await waitIdle(page);
  expect(await renderedCount(page, 'ecu')).toBeGreaterThan(0);
  await expect(page).toHaveURL(/basemap=osm/);
});

test('shows the cursor coordinates and a scale bar', async ({ page }) => {
  await openOffline(page);
  const at = await screenOf(page, [113.5, 34.6]);
  await page.mouse.move(at.x, at.y);
  await expect(page.getByTestId('cursor')).toHaveText(/^\d+\.\d{5}, \d+\.\d{5}$/);
  const [lon, lat] = (await page.getByTestId('cursor').innerText()).split(', ').map(Number);
  expect(lon).toBeCloseTo(113.5, 2);
  expect(lat).toBeCloseTo(34.6, 2);
  await expect(page.getByText(/^\d+\s?(公里|米)$/)).toBeVisible();
});

test('a link with a stray % escape still loads the map and says which parameters it left out (regression: URIError, blank map)', async ({
  page,
}) => {
  const offline = await openOffline(page, '#map=9.00/34.80000/113.40000&layers=%25&lang=zh');
  await expect(page.getByRole('alert').filter({ hasText: '链接中的部分参数无法识别' })).toContainText('layers');
  await expect(
    page
      .getByRole('complementary', { name: '图层' })
      .getByText(/个要素/)
      .first(),
  ).toBeVisible();
  expect(offline.errors).toEqual([]);
});

test('the check worker is the one loader of layer geometry, reading by parts: a corrupt part is said, never silent', async ({
  page,
}) => {
  const fetched: Record<string, { requests: number; ranged: number }> = {};
  await page.route('**/data/*.fgb', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    const seen = (fetched[name] ??= { requests: 0, ranged: 0 });
    seen.requests++;
    if (/^bytes=\d+-\d+$/.test((await route.request().headerValue('range')) ?? '')) seen.ranged++;
    if (!name.startsWith('eco-redline')) return route.continue();
    const res = await route.fetch();
    const body = await res.body();
    body.writeUInt8(body.readUInt8(body.length - 10) ^ 0xff, body.length - 10); // one byte flipped: the block checksum must catch it
    return route.fulfill({ response: res, body });
  });
  await openOffline(page, '#lang=zh');
  const panel = page.getByRole('complementary', { name: '图层' });
  await expect(panel.getByRole('alert')).toHaveCount(1);
  await expect(panel.getByRole('alert')).toContainText('图层加载失败：生态保护红线');
  await expect(panel.getByRole('alert')).toContainText('checksum mismatch');
  for (const id of ZONING.filter((z) => z !== 'eco-redline'))
    expect(await renderedCount(page, id), id).toBeGreaterThan(0);
  // Every layer file was read by parts (range requests, by the worker; the map draws from vector tiles), none whole.
  expect(Object.keys(fetched).length).toBe(ZONING.length);
  for (const [name, n] of Object.entries(fetched)) expect(n.ranged, name).toBe(n.requests);
  // What protects a place then names the layer that failed instead of passing it over.
  await page.getByRole('combobox', { name: '搜索保护区、地名、编码或坐标' }).fill('113.65, 34.75');
  await page.getByRole('combobox', { name: '搜索保护区、地名、编码或坐标' }).press('Enter');
  await expect(page.getByTestId('place')).toContainText('生态保护红线');
  await expect(page.getByTestId('place')).toContainText('未能加载');
});
