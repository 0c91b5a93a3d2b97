// Checking sites in the browser: verdicts, the hit table with its rules, project types, excluded layers, comparison, exports.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { unzipSync } from 'fflate';
import { openOffline, screenOf } from './support';
import { pdfText } from '../support/pdfText';

async function typeSite(page: Page, coords: string, kind: '点' | '线' | '面' = '面') {
  await page.getByRole('tab', { name: /候选地块/ }).click();
  const summary = page.getByTestId('typed-summary');
  if (!(await page.getByRole('textbox', { name: '输入坐标' }).isVisible())) await summary.click();
  await page.getByRole('textbox', { name: '输入坐标' }).fill(coords);
  await page.getByRole('combobox', { name: '类型' }).selectOption({ label: kind });
  await page.getByRole('button', { name: '添加地块' }).click();
}

const result = (page: Page, n: number) => page.getByTestId('result').nth(n);

test('a site in a grade-1 water-source zone is prohibited, with the zone in the hit table and the law cited', async ({
  page,
}) => {
  await openOffline(page, '#map=11.00/34.87000/113.70000&layers=ecu,water-source,admin-district&lang=zh');
  await typeSite(page, '113.690, 34.865\n113.710, 34.865\n113.710, 34.880\n113.690, 34.880');
  await page.getByRole('tab', { name: '核查结果' }).click();
  await expect(result(page, 0).getByTestId('verdict')).toHaveText('禁止');
  await result(page, 0).getByTestId('result-summary').click();
  const table = result(page, 0).getByRole('table');
  await expect(table).toContainText('WS-ZZ-BJ-G1');
  await expect(table).toContainText('郑州市北郊水源地一级保护区');
  await expect(table).toContainText('部分重叠');
  await expect(table).toContainText(/\d+\.\d m² \/ \d+\.\d{4} 公顷 \/ \d+\.\d\d 亩/);
  await result(page, 0)
    .getByText(/^适用规则/)
    .first()
    .click();
  await expect(result(page, 0)).toContainText('水污染防治法');
  await expect(page.getByText(/数据：版本 2026\.11-demo\.1，含示意数据/)).toBeVisible();
});

test('the project type decides where only some types are prohibited; leaving a layer out makes the result incomplete', async ({
  page,
}) => {
  await openOffline(page, '#map=11.00/34.63000/114.10000&layers=ecu,admin-district&lang=zh');
  // Drawn with the mouse: a point where a general control unit lies.
  await page.getByRole('tab', { name: /候选地块/ }).click();
  await page.getByRole('button', { name: '画点' }).click();
  await expect(page.getByRole('button', { name: '画点' })).toHaveAttribute('aria-pressed', 'true');
  const at = await screenOf(page, [114.1, 34.63]);
  await page.mouse.click(at.x, at.y);
  await page.getByRole('button', { name: '结束绘制' }).click();
  await page.getByRole('tab', { name: '核查结果' }).click();
  await expect(result(page, 0).getByTestId('verdict')).toHaveText('需研判');
  await result(page, 0).getByTestId('result-summary').click();
  await expect(result(page, 0)).toContainText(/条更严格的规则取决于项目类型/);
  const type = page.getByLabel('项目类型（国民经济行业分类）');
  await type.fill('化工');
  await type.press('Enter');
  await expect(result(page, 0).getByTestId('verdict')).not.toHaveText('需研判');
  await expect(result(page, 0).getByTestId('verdict')).toHaveText(/禁止|限制/);
  await page.getByRole('checkbox', { name: '饮用水水源保护区' }).uncheck();
  await expect(result(page, 0).getByTestId('verdict')).toHaveText(/禁止|数据不完整/);
  await expect(result(page, 0)).toContainText('图层 water-source 未参与本次检查');
});

test('a site outside the data is "not covered", never clear', async ({ page }) => {
  await openOffline(page, '#map=9.00/34.80000/114.30000&layers=ecu,admin-district&lang=zh');
  await typeSite(page, '114.35, 34.80', '点');
  await page.getByRole('tab', { name: '核查结果' }).click();
  await expect(result(page, 0).getByTestId('verdict')).toHaveText('数据未覆盖');
});

test('compares two sites side by side and exports the results as CSV and GeoJSON', async ({ page }) => {
  await openOffline(page, '#map=10.00/34.80000/113.70000&layers=ecu,water-source,admin-district&lang=zh');
  await typeSite(page, '113.690, 34.865\n113.710, 34.865\n113.710, 34.880\n113.690, 34.880');
  await typeSite(page, '113.60, 34.70\n113.61, 34.70\n113.61, 34.71\n113.60, 34.71');
  await page.getByRole('tab', { name: '核查结果' }).click();
  await expect(page.getByTestId('result')).toHaveCount(2);
  const compare = page.getByRole('table').filter({ hasText: '结论' });
  await expect(compare.getByRole('columnheader', { name: '地块 1' })).toBeVisible();
  await expect(compare.getByRole('columnheader', { name: '地块 2' })).toBeVisible();
  await expect(compare.getByRole('row', { name: /饮用水水源保护区/ })).toContainText('郑州市北郊水源地一级保护区');

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 CSV' }).click(),
  ]);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.split('\n')[0]).toMatch(/^\uFEFF?site,verdict,layer,zone,name,relation/);
  expect(text).toContain('地块 1,prohibited,water-source,WS-ZZ-BJ-G1');
  const [gj] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 GeoJSON' }).click(),
  ]);
  const fc = JSON.parse(readFileSync((await gj.path())!, 'utf8'));
  expect(fc.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'site')).toHaveLength(2);
  expect(
    fc.features.some(
      (f: { properties: { kind: string; zone: string } }) =>
        f.properties.kind === 'overlap' && f.properties.zone === 'WS-ZZ-BJ-G1',
    ),
  ).toBe(true);
});

test('prints the report of a site in a new page and downloads the PDF and the Word chapter, all naming the zones', async ({
  page,
  context,
}) => {
  await openOffline(page, '#map=11.00/34.87000/113.70000&layers=ecu,water-source,admin-district&lang=zh');
  await typeSite(page, '113.690, 34.865\n113.710, 34.865\n113.710, 34.880\n113.690, 34.880');
  await page.getByRole('tab', { name: '核查结果' }).click();
  await expect(result(page, 0).getByTestId('verdict')).toHaveText('禁止');
  await result(page, 0).getByTestId('result-summary').click();

  const [report] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: '打印 地块 1 的报告' }).click(),
  ]);
  await expect(report.getByRole('heading', { level: 1 })).toHaveText('建设项目选址生态环境分区管控符合性核查报告');
  await expect(report.getByText('郑州市北郊水源地一级保护区').first()).toBeVisible();
  await expect(report.getByRole('img').first()).toBeVisible();
  await expect(report.getByText(/SHA-256：[0-9a-f]{64}/)).toBeVisible();

  const [docx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '下载 地块 1 的 Word 报告' }).click(),
  ]);
  expect(docx.suggestedFilename()).toMatch(/\.docx$/);
  const xml = new TextDecoder().decode(
    unzipSync(new Uint8Array(readFileSync((await docx.path())!)))['word/document.xml']!,
  );
  expect(xml).toContain('郑州市北郊水源地一级保护区');
  expect(xml).toContain('符合性分析');

  // The PDF is drawn in the worker with the embedded font; pdf.js opens it and finds the zones, the verdict and the notice.
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '下载 地块 1 的 PDF 报告' }).click(),
  ]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  const doc = await pdfText(new Uint8Array(readFileSync((await pdf.path())!)));
  const text = doc.text.join('\n');
  expect(doc.title).toBe('建设项目选址生态环境分区管控符合性核查报告 · 地块 1');
  for (const s of ['郑州市北郊水源地一级保护区', '禁止（Prohibited）', '示意数据', '第 1 页 / 共'])
    expect(text, s).toContain(s);
});
