// The report model and its renderers on fixed inputs: golden files for the model and the page, and the Word chapter's content.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import type { FeatureCollection } from 'geojson';
import { buildDataset } from '../../src/lib/check/dataset';
import { checkSite } from '../../src/lib/check/checkSite';
import { RuleBook } from '../../src/lib/rules/ruleBook';
import { buildReport, type ReportModel } from '../../src/lib/report/reportModel';
import { reportDocument } from '../../src/lib/report/reportHtml';
import { reportDocx } from '../../src/lib/report/reportDocx';
import { reportPdf } from '../../src/lib/report/reportPdf';
import { nodeFontFiles } from '../../src/cli/fonts';
import { nodeRasterizer } from '../../src/cli/raster';
import { pdfText } from '../support/pdfText';
import { golden, goldenText } from './support/golden';
import { readBuiltLayers, readRules } from '../../src/cli/readData';
import { buildData } from '../../scripts/data/build';
import { ROOT } from '../../scripts/data/sources';

const goldenFile = (f: string) => join(ROOT, 'tests/fixtures/reports', f);
const NOW = new Date('2026-11-23T08:00:00Z');

async function models(sitesFc: FeatureCollection, patch?: (fc: FeatureCollection) => void): Promise<ReportModel[]> {
  if (!existsSync(join(ROOT, 'public/data/manifest.json'))) await buildData(ROOT, join(ROOT, 'public/data'));
  const loads = await readBuiltLayers(join(ROOT, 'public/data'));
  if (patch) for (const l of loads) if (l.data) patch(l.data);
  const ds = buildDataset(loads);
  const { files, types } = readRules(join(ROOT, 'data/rules'));
  const book = new RuleBook(files, types);
  return Promise.all(
    sitesFc.features.map((f) =>
      buildReport({
        site: {
          id: String(f.properties!.id),
          name: String(f.properties!.name),
          geometry: f.geometry,
          source: 'report-sites.geojson',
          crs: 'EPSG:4490',
        },
        result: checkSite(String(f.properties!.id), f.geometry, ds, book, { nearM: 500, projectTypes: null }),
        layers: ds.layers.map((state) => ({ state, spec: loads.find((l) => l.id === state.id)!.spec! })),
        rulesSha256: 'fixed-for-the-test',
        zoneGeometry: (layer, zone) => ds.zones.get(layer, zone)?.geometry ?? null,
        nearM: 500,
        projectType: null,
        now: NOW,
        types,
      }),
    ),
  );
}

const sites = JSON.parse(
  readFileSync(join(ROOT, 'tests/fixtures/sites/report-sites.geojson'), 'utf8'),
) as FeatureCollection;

describe('report', () => {
  it('builds the model for the four reference sites (golden file; UPDATE_GOLDEN=1 rewrites it)', async () => {
    const ms = await models(sites);
    const summary = ms.map((m) => ({
      ...m,
      map: {
        ...m.map,
        marks: m.map.marks.map((k) =>
          k.type === 'path' ? `path of ${k.d.length} characters` : k.type === 'text' ? `text ${k.text}` : k.type,
        ),
      },
    }));
    expect(JSON.parse(JSON.stringify(summary))).toEqual(golden(goldenFile('models.json'), summary, __filename));
    const byId = Object.fromEntries(ms.map((m) => [m.site.id, m]));
    expect(byId['core']!.verdict.code).toBe('prohibited');
    expect(byId['core']!.hits.some((h) => h.classLabel?.zh === '核心区')).toBe(true);
    expect(byId['two-units']!.hits.filter((h) => h.layer === 'ecu').length).toBeGreaterThanOrEqual(2);
    expect(byId['near-water']!.hits.some((h) => h.layer === 'water-source' && h.distanceM > 0)).toBe(true);
    expect(byId['outside']!.verdict.code).toBe('not-covered');
    expect(byId['core']!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renders the printable page: map with scale bar, north arrow and legend, hit table, rules with citations, data provenance, fingerprint', async () => {
    const ms = await models(sites);
    const html = reportDocument(ms);
    expect(html).toBe(goldenText(goldenFile('report.html'), html, __filename));
    for (const text of [
      '@page { size: A4',
      '一、核查结论',
      '<svg',
      '>N</text>',
      '郑州黄河湿地省级自然保护区核心区',
      '《中华人民共和国自然保护区条例》',
      '示意数据',
      'SHA-256',
      '2026-11-23T08:00:00.000Z',
    ])
      expect(html, text).toContain(text);
  });

  it('shows the unit code, class and the four requirement texts of data that carries the standard fields', async () => {
    const [m] = await models({ type: 'FeatureCollection', features: [sites.features[1]!] });
    const ecu = m!.hits.find((h) => h.layer === 'ecu')!;
    expect(ecu.zone).toMatch(/^ZH41/);
    expect(ecu.classLabel).not.toBeNull();
    expect(ecu.requirements.map((r) => r.title.zh)).toEqual([
      '空间布局约束',
      '污染物排放管控',
      '环境风险防控',
      '资源开发效率要求',
    ]);
    expect(reportDocument([m!])).toContain(ecu.requirements[0]!.text.slice(0, 20));
  });

  it('writes a Word chapter that opens as a .docx and names the zones', async () => {
    const ms = await models(sites);
    const bytes = await reportDocx(ms, nodeRasterizer);
    const files = unzipSync(bytes);
    const xml = new TextDecoder().decode(files['word/document.xml']!);
    expect(xml).toContain('与“三线一单”生态环境分区管控要求的符合性分析');
    expect(xml).toContain('郑州黄河湿地省级自然保护区核心区');
    expect(xml).toContain('不符合（禁止类）');
    expect(xml).toContain(ms[0]!.fingerprint);
    // The map is a PNG picture per site (legend and scale drawn in it, and named in its description and caption).
    expect(Object.keys(files).filter((f) => /^word\/media\/.+\.png$/.test(f))).toHaveLength(ms.length);
    expect(xml).toContain('项目选址与生态环境管控要素叠图');
    expect(xml).toContain('黄河湿地自然保护区 · 核心区');
  });

  it('escapes a hostile zone name everywhere it is shown', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const [m] = await models({ type: 'FeatureCollection', features: [sites.features[1]!] }, (fc) => {
      for (const f of fc.features) if (f.properties?.['HJZHGKDYMC']) f.properties['HJZHGKDYMC'] = hostile;
    });
    const html = reportDocument([m!]);
    expect(html).not.toContain(hostile);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const xml = new TextDecoder().decode(unzipSync(await reportDocx([m!], nodeRasterizer))['word/document.xml']!);
    expect(xml).not.toContain(hostile);
    // In the PDF the name is text drawn as it is: no markup exists there to run.
    const pdf = await pdfText(await reportPdf([m!], nodeFontFiles));
    expect(pdf.text.join('').replace(/\s+/g, '')).toContain(hostile.replace(/\s+/g, ''));
  });
});

describe('PDF report', () => {
  it('draws the four reference sites with embedded fonts; its text, page by page, matches the golden file', async () => {
    const ms = await models(sites);
    const bytes = await reportPdf(ms, nodeFontFiles);
    const doc = await pdfText(bytes);
    const text = doc.text.map((t, i) => `=== page ${i + 1} ===\n${t}`).join('\n') + '\n';
    expect(text).toBe(goldenText(goldenFile('report.pdf.txt'), text, __filename));
    expect(doc.title).toBe('建设项目选址生态环境分区管控符合性核查报告');
    expect(doc.fonts.length).toBeGreaterThan(3);
    const all = doc.text.join('\n');
    for (const s of [
      '一、核查结论 Verdict',
      '× 禁止（Prohibited）',
      '郑州黄河湿地省级自然保护区核心区',
      '《中华人民共和国自然保护区条例》',
      '示意数据',
      ms[0]!.fingerprint,
      '2026-11-23T08:00:00.000Z',
      '数据未覆盖',
    ])
      expect(all, s).toContain(s);
    // Each site starts on its own page, and every page carries its number of the whole.
    for (const m of ms) expect(doc.text.some((t) => t.startsWith(m.title.zh) && t.includes(m.site.name))).toBe(true);
    doc.text.forEach((t, i) => expect(t).toContain(`第 ${i + 1} 页 / 共 ${doc.pages} 页`));
    // The zone texts are subsets of the font: a few hundred kilobytes, not the whole font.
    expect(bytes.length).toBeLessThan(1_500_000);
  });

  it('shows the unit code, class and the four requirement texts, and keeps every line of a requirement taller than a page', async () => {
    const long = Array.from(
      { length: 140 },
      (_, i) => `第${i + 1}条：禁止新建、扩建排放重点重金属污染物的项目（测试用长文本）。`,
    ).join('');
    const [m] = await models({ type: 'FeatureCollection', features: [sites.features[1]!] }, (fc) => {
      for (const f of fc.features) if (f.properties?.['KJBJYS']) f.properties['KJBJYS'] = long;
    });
    const ecu = m!.hits.find((h) => h.layer === 'ecu')!;
    const doc = await pdfText(await reportPdf([m!], nodeFontFiles));
    const all = doc.text.join('').replace(/\s+/g, '');
    expect(all).toContain(ecu.zone);
    expect(all).toContain(ecu.classLabel!.zh);
    for (const r of ecu.requirements.slice(1)) expect(all).toContain(r.text.replace(/\s+/g, '').slice(0, 30));
    for (const n of [1, 70, 140]) expect(all).toContain(`第${n}条：禁止新建`);
  });

  it('marks characters the font lacks and says which, instead of dropping them', async () => {
    const [m] = await models({ type: 'FeatureCollection', features: [sites.features[0]!] });
    m!.site.name = '地块𠀀甲';
    const doc = await pdfText(await reportPdf([m!], nodeFontFiles));
    const all = doc.text.join('');
    expect(all).toContain('地块□甲');
    expect(all).toContain('U+20000');
  });

  it('refuses no input and reports a font that cannot be read', async () => {
    await expect(reportPdf([], nodeFontFiles)).rejects.toThrow(/no site/);
    const [m] = await models({ type: 'FeatureCollection', features: [sites.features[0]!] });
    await expect(reportPdf([m!], async () => new Uint8Array([1, 2, 3]))).rejects.toThrow(/WOFF/);
  });
});
