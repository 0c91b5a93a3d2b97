// The `ecozone` command as a user runs it: output formats, batch ids, golden results, and one-line errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { pdfText } from '../support/pdfText';
import { golden } from './support/golden';

const ROOT = join(__dirname, '../..');
const fixture = (f: string) => join(ROOT, 'tests/fixtures/sites', f);
function ecozone(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/ecozone.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const tmp = mkdtempSync(join(tmpdir(), 'ecozone-cli-'));
const write = (name: string, content: unknown) => {
  const p = join(tmp, name);
  writeFileSync(p, typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content));
  return p;
};

/** Each command fails with its exit code and one line naming the problem, never a stack trace. */
function expectOneLineErrors(cases: [string[], number, RegExp][]) {
  for (const [args, code, message] of cases) {
    const r = ecozone(...args);
    expect(r.code, args.join(' ')).toBe(code);
    const lines = r.err.trim().split('\n');
    expect(lines[lines.length - 1], args.join(' ')).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(lines.length, args.join(' ')).toBe(1);
  }
}

describe('ecozone check', () => {
  it('pins the demo sites result (golden file; UPDATE_GOLDEN=1 rewrites it)', () => {
    const r = ecozone('check', '--site', fixture('demo-sites.geojson'), '--near', '500');
    // On a fresh checkout the command first builds the demo layers and says so.
    expect(r.err.replace('ecozone: building the demo layers first (npm run data)…\n', '')).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    delete out.meta.checkedAt;
    expect(out).toEqual(golden(fixture('demo-sites.expected.json'), out, __filename));
    const verdicts = Object.fromEntries(out.sites.map((s: { id: string; verdict: string }) => [s.id, s.verdict]));
    expect(verdicts).toMatchObject({
      'reserve-core': 'prohibited',
      'water-grade1': 'prohibited',
      outside: 'not-covered',
      edge: 'not-covered',
    });
    expect(out.layers.map((l: { id: string }) => l.id)).toContain('nature-reserve');
    expect(out.meta.dataNotice).toMatch(/示意数据/);
  });

  it('keeps the documented JSON fields', () => {
    const out = JSON.parse(ecozone('check', '--site', fixture('demo-sites.geojson'), '--industry', 'chemical').out);
    const s = out.sites[0];
    for (const k of ['id', 'verdict', 'areaM2', 'lengthM', 'hits']) expect(s).toHaveProperty(k);
    for (const k of ['layer', 'zone', 'name', 'relation', 'overlapM2', 'lengthInM', 'distanceM', 'rules'])
      expect(s.hits[0]).toHaveProperty(k);
    for (const k of ['id', 'version', 'features', 'status']) expect(out.layers[0]).toHaveProperty(k);
    expect(out.meta.projectType).toMatch(/化工/);
  });

  it('identifies batch sites by properties.id, else feature.id, else index', () => {
    const sites = write('ids.geojson', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'P' }, geometry: { type: 'Point', coordinates: [113.7, 34.78] } },
        { type: 'Feature', id: 'F', properties: {}, geometry: { type: 'Point', coordinates: [113.7, 34.78] } },
        { type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [113.7, 34.78] } },
      ],
    });
    expect(JSON.parse(ecozone('check', '--site', sites).out).sites.map((s: { id: string }) => s.id)).toEqual([
      'P',
      'F',
      '2',
    ]);
  });

  it('renders CSV, Markdown and HTML, escaping data text, and writes --out', () => {
    const layer = write('hostile.geojson', {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'x', name: '<img src=x onerror=alert(1)>', KJBJYS: '=cmd|calc' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [113, 34],
                [114, 34],
                [114, 35],
                [113, 35],
                [113, 34],
              ],
            ],
          },
        },
      ],
    });
    const site = write('pt.geojson', { type: 'Point', coordinates: [113.5, 34.5] });
    const html = ecozone('check', '--site', site, '--layers', layer, '--format', 'html').out;
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    const csv = ecozone('check', '--site', site, '--layers', layer, '--format', 'csv').out;
    expect(csv.split('\n')[0]).toMatch(/^site,verdict,layer,zone,name,relation/);
    expect(csv).toContain('<img src=x onerror=alert(1)>');
    const md = ecozone('check', '--site', site, '--layers', layer, '--format', 'md').out;
    expect(md).toContain('&lt;img');
    const out = join(tmp, 'r.json');
    expect(ecozone('check', '--site', site, '--layers', layer, '--out', out).code).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    // A plain layer file declares no coverage: no clear verdict can come of it.
    expect(res.sites[0].verdict).not.toBe('clear');
    expect(res.sites[0].hits[0].name).toBe('<img src=x onerror=alert(1)>');
  });

  it('says what is wrong in one line with a non-zero exit, never a stack trace', () => {
    const cases: [string[], number, RegExp][] = [
      [[], 2, /no command given/],
      [['frobnicate'], 2, /unknown command/],
      [['check'], 2, /--site FILE is required/],
      [['check', '--site', fixture('demo-sites.geojson'), '--near', 'far'], 2, /--near must be a distance/],
      [['check', '--site', fixture('demo-sites.geojson'), '--format', 'pdf'], 2, /--format must be one of/],
      [['check', '--site', fixture('demo-sites.geojson'), '--bogus'], 2, /Unknown option/],
      [['check', '--site', join(tmp, 'missing.geojson')], 1, /cannot read .*missing.geojson/],
      [['check', '--site', write('bad.json', '{"type": "Feature", ')], 1, /not valid JSON/],
      [['check', '--site', write('notgeo.json', '{"a": 1}')], 1, /not GeoJSON/],
      [
        ['check', '--site', write('empty.geojson', '{"type":"FeatureCollection","features":[]}')],
        1,
        /holds no usable site/,
      ],
      [['check', '--site', fixture('demo-sites.geojson'), '--industry', 'spaceport'], 1, /unknown project type/],
      [
        ['check', '--site', fixture('demo-sites.geojson'), '--layers', join(tmp, 'nowhere')],
        1,
        /no such file or folder/,
      ],
      [['check', '--site', write('garbage.fgb', 'not a flatgeobuf')], 1, /not a readable FlatGeobuf/],
    ];
    expectOneLineErrors(cases);
  });

  it('says in one line what is wrong with an empty or damaged FlatGeobuf and an unknown --layer-kind', () => {
    const cases: [string[], number, RegExp][] = [
      // An empty or signature-only FlatGeobuf once made these spin at 100 % CPU with no output.
      [['inspect', write('empty.fgb', '')], 1, /the file is empty/],
      [['check', '--site', write('empty2.fgb', '')], 1, /the file is empty/],
      [
        [
          'check',
          '--site',
          write('magic.fgb', new Uint8Array([0x66, 0x67, 0x62, 3, 0x66, 0x67, 0x62, 0]) as unknown as string),
        ],
        1,
        /no header/,
      ],
      [
        [
          'check',
          '--site',
          fixture('demo-sites.geojson'),
          '--layers',
          join(ROOT, 'data/sources/water-source.geojson'),
          '--layer-kind',
          'nowhere',
        ],
        1,
        /names no known layer/,
      ],
    ];
    expectOneLineErrors(cases);
  });

  it('never takes a layer file name for its identity, and never says clear for zones no rule covers (regression: false clear)', () => {
    const ws = JSON.parse(readFileSync(join(ROOT, 'data/sources/water-source.geojson'), 'utf8'));
    const g1 = ws.features.find((f: { properties: { id: string } }) => f.properties.id === 'WS-ZZ-BJ-G1');
    const ring: number[][] =
      g1.geometry.type === 'Polygon' ? g1.geometry.coordinates[0] : g1.geometry.coordinates[0][0];
    const xs = ring.map((p) => p[0]!),
      ys = ring.map((p) => p[1]!);
    // A square from the zone's bounding-box centre, 0.6 of its width: it overlaps the grade-1 zone.
    const [cx, cy] = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
    const w = (Math.max(...xs) - Math.min(...xs)) * 0.6;
    const site = write('ws-site.geojson', {
      type: 'Feature',
      properties: { id: 's' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [cx, cy],
            [cx + w, cy],
            [cx + w, cy + w],
            [cx, cy + w],
            [cx, cy],
          ],
        ],
      },
    });
    const cov = write('cov.geojson', {
      type: 'Polygon',
      coordinates: [
        [
          [112, 34],
          [115, 34],
          [115, 36],
          [112, 36],
          [112, 34],
        ],
      ],
    });
    const run = (...extra: string[]) => JSON.parse(ecozone('check', '--site', site, '--coverage', cov, ...extra).out);
    // The demo water-source layer under another name is recognised by its fields.
    const renamed = run('--layers', write('ws.geojson', ws));
    expect(renamed.sites[0].verdict).toBe('prohibited');
    expect(renamed.layers[0]).toMatchObject({ id: 'water-source', identified: { by: 'fields' } });
    // Stripped of the fields that say what it is, it is not identified, and its zones cannot make the site clear.
    const plain = {
      ...ws,
      features: ws.features.map((f: { properties: { id: string } }) => ({ ...f, properties: { id: f.properties.id } })),
    };
    const unknown = run('--layers', write('plain.geojson', plain));
    expect(unknown.sites[0].verdict).toBe('needs-review');
    expect(unknown.sites[0].missing.map((m: { en: string }) => m.en).join('\n')).toMatch(
      /no rule covers zone WS-ZZ-BJ-G1 .* layer file:plain .*--layer-kind/,
    );
    expect(unknown.layers[0]).toMatchObject({ id: 'file:plain', identified: { by: 'none' } });
    // Named by the user, it is that layer.
    const named = run('--layers', write('plain2.geojson', plain), '--layer-kind', 'water-source');
    expect(named.layers[0]).toMatchObject({ id: 'water-source', identified: { by: 'option' } });
    expect(named.sites[0].verdict).not.toBe('clear');
  });

  it('reports a site with an invalid geometry in the batch without stopping the others', () => {
    const sites = write('mixed.geojson', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'bad' }, geometry: { type: 'Point', coordinates: ['x', 1] } },
        { type: 'Feature', properties: { id: 'good' }, geometry: { type: 'Point', coordinates: [113.7, 34.78] } },
      ],
    });
    const r = ecozone('check', '--site', sites);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.out).sites as { id: string; hits: unknown[] }[];
    const bad = results.find((s) => s.id === 'bad');
    const good = results.find((s) => s.id === 'good')!;
    expect(bad).toMatchObject({
      id: 'bad',
      verdict: 'incomplete',
      error: {
        code: 'site-refused',
        zh: expect.stringMatching(/坐标/),
        en: expect.stringMatching(/non-numeric coordinates/),
      },
    });
    expect(good.hits.length).toBeGreaterThan(0);
  });
});

describe('ecozone check reports', () => {
  it('writes the Word chapter and the PDF', async () => {
    const docx = join(tmp, 'report.docx');
    expect(ecozone('check', '--site', fixture('demo-sites.geojson'), '--out', docx).code).toBe(0);
    const xml = new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(docx)))['word/document.xml']!);
    expect(xml).toContain('符合性分析');
    expect(xml).toContain('郑州黄河湿地省级自然保护区核心区');
    const pdf = join(tmp, 'report.pdf');
    expect(ecozone('check', '--site', fixture('demo-sites.geojson'), '--out', pdf).code).toBe(0);
    const doc = await pdfText(new Uint8Array(readFileSync(pdf)));
    expect(doc.pages).toBeGreaterThanOrEqual(7);
    expect(doc.text.join('\n')).toContain('郑州黄河湿地省级自然保护区核心区');
  });
});

describe('ecozone inspect', () => {
  const io = (f: string) => join(ROOT, 'tests/fixtures/io', f);
  it('prints the parsed sites with ellipsoidal measures, centroid and CRS', () => {
    const r = ecozone('inspect', io('txt-zone38-prefixed.txt'), '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.sites).toHaveLength(2);
    expect(out.sites[0]).toMatchObject({
      id: '410102001',
      name: '中原区测试地块',
      geometryType: 'Polygon',
      crs: 'EPSG:4526',
    });
    expect(out.sites[0].areaM2).toBeGreaterThan(100_000);
    expect(out.sites[0].centroid[0]).toBeCloseTo(113.62, 2);
    expect(out.warnings).toEqual([]);
  });
  it('takes --crs for files that do not say, and reports warnings', () => {
    expect(ecozone('inspect', io('txt-zone38-plain-nozone.txt')).err).toMatch(/choose the CRS/);
    const ok = JSON.parse(ecozone('inspect', io('txt-zone38-plain-nozone.txt'), '--crs', 'EPSG:4547').out);
    expect(ok.sites[0].crs).toBe('EPSG:4547');
    const w = JSON.parse(ecozone('inspect', io('txt-swapped-unclosed.txt')).out);
    expect(w.warnings.map((x: { code: string }) => x.code)).toContain('swapped-xy');
    expect(ecozone('inspect', io('txt-zone38-plain.txt'), '--crs', 'EPSG:9999').code).toBe(2);
  });
  it('lets check read any site format', () => {
    const out = JSON.parse(ecozone('check', '--site', io('zz_sites_4547.zip')).out);
    expect(out.sites.length).toBeGreaterThan(1);
    expect(out.sites[0].hits.length).toBeGreaterThan(0);
  });
});
