// `ecozone data import`: a delivery written by GDAL in each format a bureau hands over (zipped and unzipped GBK
// shapefile in EPSG:4547 with no .cpg and 10-byte Chinese field names, GeoPackage in EPSG:4490 with short aliases, File
// Geodatabase, a red line with BSM/MC/LX), imported and compared with the demo layers it was made from.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { writeDelivery, type Delivery } from '../../scripts/fixtures/delivery';
import { loadLayerSource, readManifest, ROOT } from '../../scripts/data/sources';
import { buildData } from '../../scripts/data/build';
import { dataImport } from '../../src/cli/dataImport';
import { fromFlatGeobuf } from '../../src/lib/layers/loadLayer';
import { areaM2 } from '../../src/lib/geo/ellipsoid';
import type { LocalManifest } from '../../src/lib/layers/localManifest';
import { mergeLoads, readLayers } from '../../src/cli/readData';
import { buildDataset } from '../../src/lib/check/dataset';
import { checkSite } from '../../src/lib/check/checkSite';
import { RuleBook } from '../../src/lib/rules/ruleBook';
import { interiorPoint } from '../../src/lib/public/place';
import { needs } from './support/needs';
import { againstOracle, cutSites, oracleAvailable } from '../../scripts/oracle/compare';
import { generateSites } from '../../scripts/oracle/generate';

let tmp: string;
let d: Delivery;
let demoEcu: FeatureCollection;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ecozone-import-test-'));
  d = await writeDelivery(join(tmp, 'delivery'));
  const spec = readManifest().layers.find((l) => l.id === 'ecu')!;
  demoEcu = (await loadLayerSource(spec)).data as FeatureCollection;
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(out: string, ...args: string[]): Promise<{ lines: string[]; error: string | null }> {
  const lines: string[] = [];
  try {
    await dataImport(ROOT, [...args, '--out', out], (s) => lines.push(s));
    return { lines, error: null };
  } catch (e) {
    return { lines, error: (e as Error).message };
  }
}

const byCode = (fc: FeatureCollection, field = 'HJZHGKDYBM') =>
  new Map(fc.features.map((f) => [String(f.properties?.[field]), f] as [string, Feature]));

async function importedEcu(out: string): Promise<FeatureCollection> {
  return fromFlatGeobuf(new Uint8Array(readFileSync(join(out, 'ecu.fgb'))));
}

describe('ecozone data import', () => {
  it('reads a zipped GBK shapefile in EPSG:4547 with no .cpg and cut Chinese field names, as delivered', async () => {
    const out = join(tmp, 'shp-zip');
    const r = await run(out, d.ecuShpZip, '--layer', 'ecu');
    expect(r.error).toBeNull();
    expect(r.lines[0]).toMatch(
      /43 features; CRS CGCS2000 \/ 3-degree Gauss-Kruger CM 114E \(EPSG:4547\) as the file states; text gbk \(detected\)/,
    );
    expect(r.lines).toContain('  HJZHGKDYBM ← 环境管控单 (recognised)');
    expect(r.lines).toContain('  HJZHGKDYMC ← 管控单元名 (recognised)');
    expect(r.lines).toContain('  KJBJYS ← 空间布局约 (recognised)');
    const fc = await importedEcu(out);
    const demo = byCode(demoEcu);
    expect(fc.features).toHaveLength(demoEcu.features.length);
    for (const f of fc.features) {
      const p = f.properties!;
      const want = demo.get(String(p['HJZHGKDYBM']))!;
      expect(want, String(p['HJZHGKDYBM'])).toBeDefined();
      expect(p['HJZHGKDYMC']).toBe(want.properties!['HJZHGKDYMC']);
      // Classes written out as words (优先保护单元 …) come back as 1/2/3.
      expect(p['ZHGKDYFL']).toBe(want.properties!['ZHGKDYFL']);
      expect(p['status']).toBe('official');
      // Through Gauss-Krüger and back: the same area to a millionth.
      expect(Math.abs(areaM2(f.geometry) / areaM2(want.geometry) - 1)).toBeLessThan(1e-6);
    }
    // The DBF cut the long requirement texts at 254 bytes: said, with the unit.
    const qa = JSON.parse(readFileSync(join(out, 'ecu.qa.json'), 'utf8')) as {
      issues: { code: string; feature?: string }[];
    };
    expect(qa.issues.filter((i) => i.code === 'text-cut').length).toBeGreaterThan(10);
    const local = JSON.parse(readFileSync(join(out, 'layers.json'), 'utf8')) as LocalManifest;
    expect(local.layers['ecu']).toMatchObject({ file: 'ecu.fgb', features: 43, provenance: { status: 'official' } });
  });

  it('reads the same shapefile unzipped, the GeoPackage and the File Geodatabase to the same units', async () => {
    const reference = byCode(await importedEcu(join(tmp, 'shp-zip')));
    for (const [name, path] of [
      ['folder', d.ecuShpDir],
      ['gpkg', d.ecuGpkg],
      ['gdb', d.ecuGdb],
    ] as const) {
      const out = join(tmp, name);
      const r = await run(out, path, '--layer', 'ecu');
      expect(r.error, name).toBeNull();
      const fc = await importedEcu(out);
      expect([...byCode(fc).keys()].sort(), name).toEqual([...reference.keys()].sort());
      for (const f of fc.features) {
        const ref = reference.get(String(f.properties!['HJZHGKDYBM']))!;
        expect(Math.abs(areaM2(f.geometry) / areaM2(ref.geometry) - 1), name).toBeLessThan(1e-6);
      }
    }
    // Without a DBF the texts are whole: no cut warnings, and every text is the demo's own.
    const gpkg = await importedEcu(join(tmp, 'gpkg'));
    const demo = byCode(demoEcu);
    for (const f of gpkg.features)
      expect(f.properties!['KJBJYS']).toBe(demo.get(String(f.properties!['HJZHGKDYBM']))!.properties!['KJBJYS']);
  });

  it('reads every CRS family (3° and 6°, with and without zone prefix), UTF-8 with .cpg, KML and KMZ', async () => {
    const reference = byCode(await importedEcu(join(tmp, 'shp-zip')));
    const cases: [string, string, RegExp][] = [
      ...d.ecuCrs.map(
        ({ epsg, dir }) =>
          [`EPSG:${epsg}`, dir, new RegExp(`\\(EPSG:${epsg}\\) as the file states; text utf-8 \\(cpg\\)`)] as [
            string,
            string,
            RegExp,
          ],
      ),
      ['kml', d.ecuKml, /CRS WGS 84 \(KML\) \(EPSG:4326\)/],
      ['kmz', d.ecuKmz, /CRS WGS 84 \(KML\) \(EPSG:4326\)/],
    ];
    for (const [name, path, line] of cases) {
      const out = join(tmp, `crs-${name.replace(':', '')}`);
      const r = await run(out, path, '--layer', 'ecu');
      expect(r.error, name).toBeNull();
      expect(r.lines[0], name).toMatch(line);
      // Xian 1980 converts only approximately: said.
      expect(
        r.lines.some((l) => /datum-ballpark: .*Xian 1980/.test(l)),
        name,
      ).toBe(name === 'EPSG:2383');
      const fc = await importedEcu(out);
      expect(fc.features, name).toHaveLength(reference.size);
      for (const f of fc.features) {
        const code = String(f.properties!['HJZHGKDYBM']);
        const ref = reference.get(code)!;
        expect(f.properties!['HJZHGKDYMC'], `${name} ${code}`).toBe(ref.properties!['HJZHGKDYMC']);
        expect(f.properties!['ZHGKDYFL'], `${name} ${code}`).toBe(ref.properties!['ZHGKDYFL']);
        expect(Math.abs(areaM2(f.geometry) / areaM2(ref.geometry) - 1), `${name} ${code}`).toBeLessThan(1e-6);
      }
    }
  });

  it('keeps characters only GB18030 has (a DBF with no .cpg and LDID 0), detecting GB18030 over GBK', async () => {
    const out = join(tmp, 'gb18030');
    const r = await run(out, d.ecuGb18030Dir, '--layer', 'ecu');
    expect(r.error).toBeNull();
    expect(r.lines[0]).toMatch(/text gb18030 \(detected\)/);
    const fc = byCode(await importedEcu(out));
    for (const [code, name] of Object.entries(d.gb18030Names))
      expect(fc.get(code)!.properties!['HJZHGKDYMC']).toBe(name);
    // Named by the user as GBK, the same file still keeps them (GBK goes to GDAL as its superset GB18030).
    const named = await run(join(tmp, 'gb18030-named'), d.ecuGb18030Dir, '--layer', 'ecu', '--encoding', 'GBK');
    expect(named.error).toBeNull();
    const again = byCode(await importedEcu(join(tmp, 'gb18030-named')));
    for (const [code, name] of Object.entries(d.gb18030Names))
      expect(again.get(code)!.properties!['HJZHGKDYMC']).toBe(name);
    expect((await run(join(tmp, 'x'), d.ecuGb18030Dir, '--layer', 'ecu', '--encoding', 'klingon')).error).toMatch(
      /--encoding names no encoding known here/,
    );
  });

  it('recognises a red line delivered with BSM / MC / LX', async () => {
    const out = join(tmp, 'redline');
    const r = await run(out, d.redlineGpkg, '--layer', 'eco-redline');
    expect(r.error).toBeNull();
    expect(r.lines).toEqual(expect.arrayContaining(['  id ← BSM (recognised)', '  HXLX ← LX (recognised)']));
  });

  it('finds red-line patches lying outside every imported control unit, with the part outside and its place', async () => {
    const out = join(tmp, 'units-and-redline');
    expect((await run(out, d.ecuGpkg, '--layer', 'ecu')).error).toBeNull();
    const r = await run(out, d.redlineOutsideGpkg, '--layer', 'eco-redline');
    expect(r.error).toBeNull();
    const qa = JSON.parse(readFileSync(join(out, 'eco-redline.qa.json'), 'utf8')) as {
      issues: { code: string; feature?: string; message: { en: string }; at?: [number, number] }[];
    };
    const outside = qa.issues.filter((i) => i.code === 'outside-units');
    // The planted patch, wholly outside; the demo's own patches lie inside the demo units.
    expect(outside.map((i) => i.feature)).toEqual([d.outsidePatch.id]);
    expect(outside[0]!.message.en).toMatch(/\(100\.00 %\) lies in no control unit/);
    const [x, y] = outside[0]!.at!;
    expect(Math.abs(x - d.outsidePatch.at[0])).toBeLessThan(0.011);
    expect(Math.abs(y - d.outsidePatch.at[1])).toBeLessThan(0.011);
  });

  it('writes a mapping template when a field cannot be told, and imports with it filled in; the mapping is kept', async () => {
    const out = join(tmp, 'mapping');
    // A delivery whose code field has a name no one would guess.
    const src = JSON.parse(readFileSync(join(ROOT, 'data/sources/eco-redline.geojson'), 'utf8')) as FeatureCollection;
    for (const f of src.features) {
      f.properties = { XYZ: f.properties!['id'], MC: f.properties!['HXMC'], LX: f.properties!['HXLX'], SHI: '郑州市' };
    }
    const file = join(tmp, 'odd.geojson');
    writeFileSync(file, JSON.stringify(src));
    const first = await run(out, file, '--layer', 'eco-redline');
    expect(first.error).toMatch(
      /cannot tell which field holds id; a mapping template .* was written to .*eco-redline\.mapping\.json/,
    );
    const template = JSON.parse(readFileSync(join(out, 'eco-redline.mapping.json'), 'utf8')) as {
      fields: Record<string, string>;
      sourceFields: { name: string; samples: string[] }[];
    };
    expect(template.fields['id']).toBe('');
    expect(template.sourceFields.find((f) => f.name === 'XYZ')!.samples[0]).toMatch(/^RL-/);
    template.fields['id'] = 'XYZ';
    writeFileSync(join(out, 'eco-redline.mapping.json'), JSON.stringify(template));
    expect((await run(out, file, '--layer', 'eco-redline')).error).toBeNull();
    // The next version of the same delivery asks nothing: the mapping stayed with the data.
    const again = await run(out, file, '--layer', 'eco-redline');
    expect(again.error).toBeNull();
    expect(again.lines).toContain('  id ← XYZ (mapping file)');
  });

  it('refuses text read in the wrong encoding, a file with no CRS, and nonsense, saying what to do', async () => {
    const wrong = await run(join(tmp, 'latin'), d.ecuShpZip, '--layer', 'ecu', '--encoding', 'ISO-8859-1');
    expect(wrong.error).toMatch(/text did not decode cleanly .*read as ISO-8859-1 \(chosen\).*--encoding GBK/);
    // The .prj removed: the CRS must be named, and then it reads.
    const noPrj = join(tmp, 'noprj');
    const { mkdirSync, copyFileSync, readdirSync } = await import('node:fs');
    mkdirSync(noPrj, { recursive: true });
    for (const f of readdirSync(d.ecuShpDir))
      if (!f.endsWith('.prj')) copyFileSync(join(d.ecuShpDir, f), join(noPrj, f));
    const none = await run(join(tmp, 'noprj-out'), noPrj, '--layer', 'ecu');
    expect(none.error).toMatch(/states no coordinate system: name it with --crs/);
    expect((await run(join(tmp, 'noprj-out'), noPrj, '--layer', 'ecu', '--crs', 'EPSG:4547')).error).toBeNull();
    // A wrong --crs: a zone-prefixed file read as one without prefix cannot convert at all; a 6° file read as 3°
    // converts, 3° off, so overriding what the file states is said.
    const dirOf = (epsg: number) => d.ecuCrs.find((c) => c.epsg === epsg)!.dir;
    expect((await run(join(tmp, 'x'), dirOf(4526), '--layer', 'ecu', '--crs', 'EPSG:4547')).error).toMatch(
      /could not be converted to longitude\/latitude from EPSG:4547: the coordinates do not fit/,
    );
    const over = await run(join(tmp, 'over'), dirOf(4508), '--layer', 'ecu', '--crs', 'EPSG:4547');
    expect(over.lines.join('\n')).toMatch(
      /crs-overridden: .* states CGCS2000 \/ Gauss-Kruger CM 111E \(EPSG:4508\); read as EPSG:4547/,
    );
    expect((await run(join(tmp, 'x'), join(tmp, 'nothing.zip'), '--layer', 'ecu')).error).toMatch(/no such file/);
    expect((await run(join(tmp, 'x'), d.ecuGpkg, '--layer', 'roads')).error).toMatch(/--layer must be one of/);
    expect((await run(join(tmp, 'x'), d.ecuGpkg, '--layer', 'ecu', '--crs', '4547; rm -rf /')).error).toMatch(
      /--crs takes an EPSG code/,
    );
  });

  it('builds the app data with the imported layers in place of the demo ones: official, covering, versioned', async () => {
    const out = join(tmp, 'built');
    const r = await buildData(ROOT, out, new Date('2026-12-01T00:00:00Z'), join(tmp, 'shp-zip'));
    expect(r.errors).toEqual([]);
    const ecu = r.manifest!.layers.find((l) => l.id === 'ecu')!;
    expect(ecu.provenance.status).toBe('official');
    expect(ecu.coverage).toBe(true);
    expect(r.manifest!.layers.filter((l) => l.coverage).map((l) => l.id)).toEqual(['ecu']);
    expect(r.manifest!.version).toMatch(/\+ecu@imported-/);
    expect(existsSync(join(out, 'ecu.fgb'))).toBe(true);
    // Without an import the demo stays the default.
    const demo = await buildData(ROOT, join(tmp, 'demo-built'), new Date(), join(tmp, 'no-such-folder'));
    expect(demo.manifest!.layers.find((l) => l.id === 'ecu')!.provenance.status).toBe('illustrative');
  });

  it('joins the full access list (XLSX, title row and merged header; GBK CSV, wide) in place of the cut texts', async () => {
    const demo = byCode(demoEcu);
    for (const [name, list, layout] of [
      ['xlsx', d.accessListXlsx, 'long'],
      ['csv', d.accessListCsv, 'wide'],
    ] as const) {
      const out = join(tmp, `list-${name}`);
      const r = await run(out, d.ecuShpZip, '--layer', 'ecu', '--access-list', list);
      expect(r.error, name).toBeNull();
      expect(r.lines.join('\n')).toContain(`(${layout}): `);
      const fc = await importedEcu(out);
      for (const f of fc.features) {
        const code = String(f.properties!['HJZHGKDYBM']);
        const want = demo.get(code)!.properties!;
        for (const k of ['KJBJYS', 'PWWPFGK', 'HJFXFK', 'ZYKFXLYQ'])
          if (code === d.planted.missingUnit) expect(String(f.properties![k] ?? '').length).toBeLessThanOrEqual(254);
          else expect(f.properties![k] ?? '', `${name} ${code} ${k}`).toBe(want[k] ?? '');
      }
      // Every planted defect is found, at its place.
      const qa = JSON.parse(readFileSync(join(out, 'ecu.qa.json'), 'utf8')) as {
        issues: { code: string; feature?: string; message: { zh: string } }[];
        accessList: { origins: Record<string, Record<string, { rows: number[] }>> };
      };
      const codes = qa.issues.map((i) => i.code);
      expect(qa.issues.find((i) => i.code === 'unit-without-list-row')!.message.zh).toContain(d.planted.missingUnit);
      expect(qa.issues.find((i) => i.code === 'list-code-near-miss')!.message.zh).toContain(d.planted.nearMiss.trim());
      // Cut-text warnings remain only for the unit the list leaves out.
      expect(qa.issues.filter((i) => i.code === 'text-cut').every((i) => i.feature === d.planted.missingUnit)).toBe(
        true,
      );
      if (name === 'xlsx') {
        expect(codes).toEqual(expect.arrayContaining(['list-row-no-unit', 'list-row-without-unit']));
        expect(qa.issues.find((i) => i.code === 'list-row-without-unit')!.message.zh).toContain('ZH41019999999');
        // The text given in two rows is joined, and records both rows.
        expect(qa.accessList.origins[d.planted.splitUnit]!['KJBJYS']!.rows).toHaveLength(2);
      }
      // Longer than a DBF can hold: the list's texts really replaced the cut ones.
      expect(fc.features.some((f) => new TextEncoder().encode(String(f.properties!['KJBJYS'])).length > 400)).toBe(
        true,
      );
    }
  });

  it('ecozone check --layers reads a delivery as delivered and an import folder, the units as the coverage', async () => {
    const specs = readManifest().layers;
    const [fromZip] = await readLayers(d.ecuShpZip, specs);
    expect(fromZip).toMatchObject({ id: 'ecu', spec: { coverage: true, provenance: { status: 'official' } } });
    expect(fromZip!.data!.features).toHaveLength(43);
    const [fromGpkg] = await readLayers(d.redlineGpkg, specs);
    expect(fromGpkg!.id).toBe('eco-redline');
    const imported = await readLayers(join(tmp, 'shp-zip'), specs);
    expect(imported.map((l) => l.id)).toEqual(['ecu']);
    // Several --layers: a delivery's units and red line together; the same units twice are refused, a failed part
    // fails the layer.
    const both = mergeLoads([fromZip!, fromGpkg!]);
    expect(both.map((l) => l.id)).toEqual(['ecu', 'eco-redline']);
    expect(() => mergeLoads([fromZip!, fromZip!])).toThrow(/zone ZH\d+ is in more than one of them/);
    const half = { type: 'FeatureCollection' as const, features: fromZip!.data!.features.slice(0, 20) };
    const rest = { type: 'FeatureCollection' as const, features: fromZip!.data!.features.slice(20) };
    const joined = mergeLoads([
      { ...fromZip!, data: half },
      { ...fromZip!, data: rest },
    ]);
    expect(joined).toHaveLength(1);
    expect(joined[0]!.data!.features).toHaveLength(43);
    const broken = mergeLoads([
      { ...fromZip!, data: half },
      { ...fromZip!, data: null, error: 'cut off' },
    ]);
    expect(broken[0]).toMatchObject({ id: 'ecu', data: null, error: 'cut off' });
    // A site inside a unit is checked against it, not "not covered"; one far away is not covered, never clear.
    const ds = buildDataset([fromZip!]);
    const book = new RuleBook([], []);
    const unit = fromZip!.data!.features[0]!;
    const p = interiorPoint(ds.zones.get('ecu', String(unit.properties!['HJZHGKDYBM']))!.shape)!;
    const opts = { nearM: 0, projectTypes: null };
    const r = checkSite('in', { type: 'Point', coordinates: p }, ds, book, opts);
    expect(r.coverage.status).toBe('full');
    expect(r.hits.map((h) => h.zone)).toContain(unit.properties!['HJZHGKDYBM']);
    const far = checkSite('far', { type: 'Point', coordinates: [116.4, 39.9] }, ds, book, opts);
    expect(far.verdict).toBe('not-covered');
    expect(far.missing[0]!.params['area']).toMatch(/环境管控单元（43 个）/);
  });

  it.runIf(needs('the GEOS oracle (../shared/oracle, python3-shapely, python3-pyproj)', oracleAvailable()))(
    'checks on the imported units (through Gauss-Krüger and back) agree with the GEOS oracle on the same polygons',
    async () => {
      const fc = await importedEcu(join(tmp, 'shp-zip'));
      const zones = {
        type: 'FeatureCollection',
        features: fc.features.map((f) => ({
          type: 'Feature',
          properties: { id: String(f.properties!['HJZHGKDYBM']) },
          geometry: f.geometry,
        })),
      } as FeatureCollection<Polygon | MultiPolygon>;
      // Random sites, and sites cut from the units along their boundaries (units tile the region: nasty on purpose).
      const sites = generateSites(zones, 600, 31);
      sites.features.push(...cutSites(zones, 200, 32).features);
      const { raw, agreement: a, settled } = againstOracle(zones, sites, 500);
      expect(a.hits).toBeGreaterThan(1000);
      expect(a.mismatches).toEqual([]);
      expect(a.maxDistanceErrM).toBeLessThan(0.5);
      // What the referee settled was GEOS's rounding of lengths and overlaps, nothing else.
      expect(settled.length).toBe(raw.mismatches.length);
      expect(raw.mismatches.every((m) => /: (length inside|overlap) /.test(m))).toBe(true);
    },
    300_000,
  );

  it('QA finds every planted defect at its place, lists all errors at once, and repairs what is certain', async () => {
    const out = join(tmp, 'defects');
    const r = await run(out, d.ecuDefectsZip, '--layer', 'ecu');
    expect(r.error).toMatch(/3 error\(s\) stop the import/);
    expect(existsSync(join(out, 'ecu.fgb'))).toBe(false);
    const qa = JSON.parse(readFileSync(join(out, 'ecu.qa.json'), 'utf8')) as {
      issues: { severity: string; code: string; feature?: string; message: { en: string }; at?: [number, number] }[];
    };
    const find = (code: string, feature?: string) =>
      qa.issues.filter((i) => i.code === code && (feature === undefined || i.feature === feature));
    const { defects } = d;
    expect(find('duplicate-id', defects.duplicate)).toHaveLength(1);
    expect(find('self-intersection', defects.bowtie)).toHaveLength(1);
    expect(find('bad-attribute-value', defects.class4)[0]!.message.en).toMatch(/ZHGKDYFL value 4/);
    expect(find('ring-repaired', defects.repaired)[0]!.message.en).toMatch(/removed 3 repeated or spike vertices/);
    // The planted overlap: the two units, with an area of the square planted (0.004° across, about 0.16 km²).
    const overlap = find('units-overlap', defects.overlap.join(' / '))[0]!;
    expect(Number(/by ([\d.]+) m²/.exec(overlap.message.en)![1])).toBeGreaterThan(100_000);
    // The planted gap, found where it was cut; every geometric finding has its place.
    const near = (p: [number, number] | undefined, [x, y]: [number, number]) =>
      !!p && Math.abs(p[0] - x) < 0.01 && Math.abs(p[1] - y) < 0.01;
    expect(find('units-gap').some((i) => near(i.at, defects.gap.at))).toBe(true);
    for (const code of ['units-gap', 'units-overlap', 'self-intersection', 'ring-repaired'])
      expect(
        find(code).every((i) => i.at && Number.isFinite(i.at[0]) && Number.isFinite(i.at[1])),
        code,
      ).toBe(true);
    expect(near(overlap.at, defects.overlapAt)).toBe(true);
    expect(near(find('self-intersection', defects.bowtie)[0]!.at, defects.bowtieAt)).toBe(true);
    expect(
      qa.issues
        .filter((i) => i.severity === 'error')
        .map((i) => i.code)
        .sort(),
    ).toEqual(['bad-attribute-value', 'duplicate-id', 'self-intersection']);
  });
});
