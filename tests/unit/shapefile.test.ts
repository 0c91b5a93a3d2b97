// Shapefile and zip import: PROJ reference fixtures, encodings, CRS decisions, zip-bomb and traversal refusal, damaged files and a fuzz run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CGCS2000, crsLabel, parseCrs } from '../../src/lib/geo/crs';
import { areaM2, geodesicM, lengthM } from '../../src/lib/geo/ellipsoid';
import { readShapefileParts, readShapefileZip } from '../../src/lib/io/shapefile';
import type { ImportResult } from '../../src/lib/io/types';
import { unzip } from '../../src/lib/io/zip';

const DIR = join(__dirname, '..', 'fixtures', 'io');
const fixture = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));

interface Reference {
  file: string;
  layer: string;
  id: string;
  name: string;
  type: 'Polygon' | 'LineString';
  areaM2: number;
  lengthM: number;
  holes: number;
  centroid: [number, number];
}
const reference = (JSON.parse(readFileSync(join(DIR, 'reference.json'), 'utf-8')) as { features: Reference[] })
  .features;

/** Vertex average of the outer ring (closing vertex excluded) or of the line, as reference.json computes it. */
function vertexAverage(g: Geometry): [number, number] {
  let pts: Position[];
  if (g.type === 'Polygon') pts = g.coordinates[0]!.slice(0, -1);
  else if (g.type === 'LineString') pts = g.coordinates;
  else throw new Error(`unexpected ${g.type}`);
  return [pts.reduce((s, p) => s + p[0]!, 0) / pts.length, pts.reduce((s, p) => s + p[1]!, 0) / pts.length];
}

/** Twice the signed planar area: positive for counter-clockwise rings. */
const orientation = (ring: Position[]) =>
  ring.slice(0, -1).reduce((s, p, i) => s + p[0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * p[1]!, 0);

const codes = (r: ImportResult) => r.issues.map((i) => i.code);
const errors = (r: ImportResult) => r.issues.filter((i) => i.severity === 'error');

function inner(zipName: string): Map<string, Uint8Array> {
  const z = unzip(fixture(zipName));
  if (!z.ok) throw new Error(z.code);
  return z.files;
}

// --- a small shapefile writer for shapes the fixtures do not cover --------------------------------

type Pt = [number, number];

class Bytes {
  private parts: number[] = [];
  private dv = new DataView(new ArrayBuffer(8));
  i32(v: number, le = true) {
    this.dv.setInt32(0, v, le);
    for (let k = 0; k < 4; k++) this.parts.push(this.dv.getUint8(k));
    return this;
  }
  f64(v: number) {
    this.dv.setFloat64(0, v, true);
    for (let k = 0; k < 8; k++) this.parts.push(this.dv.getUint8(k));
    return this;
  }
  raw(b: ArrayLike<number>) {
    for (let k = 0; k < b.length; k++) this.parts.push(b[k]!);
    return this;
  }
  get bytes() {
    return new Uint8Array(this.parts);
  }
}

const box = (pts: Pt[]) => [
  Math.min(...pts.map((p) => p[0])),
  Math.min(...pts.map((p) => p[1])),
  Math.max(...pts.map((p) => p[0])),
  Math.max(...pts.map((p) => p[1])),
];

/** Record content: null (type 0), a point, a multipoint or a polyline/polygon, with Z and/or M arrays when the type has them. */
function content(type: number, parts: Pt[][]): Uint8Array {
  const b = new Bytes().i32(type);
  if (type === 0) return b.bytes;
  const pts = parts.flat();
  const hasZ = type > 10 && type < 20;
  const hasM = type > 10;
  if ([1, 11, 21].includes(type)) {
    b.f64(pts[0]![0]).f64(pts[0]![1]);
    if (hasZ) b.f64(120.5);
    if (hasM) b.f64(7);
    return b.bytes;
  }
  box(pts).forEach((v) => b.f64(v));
  if ([8, 18, 28].includes(type)) b.i32(pts.length);
  else {
    b.i32(parts.length).i32(pts.length);
    let k = 0;
    for (const p of parts) {
      b.i32(k);
      k += p.length;
    }
  }
  pts.forEach((p) => b.f64(p[0]).f64(p[1]));
  if (hasZ) [100, 101, ...pts.map((_, i) => 100 + i)].forEach((v) => b.f64(v));
  if (hasM) [0, 1, ...pts.map(() => -1e39)].forEach((v) => b.f64(v));
  return b.bytes;
}

function shp(type: number, records: Uint8Array[]): Uint8Array {
  const body = new Bytes();
  records.forEach((c, i) =>
    body
      .i32(i + 1, false)
      .i32(c.length / 2, false)
      .raw(c),
  );
  const head = new Bytes().i32(9994, false);
  for (let k = 0; k < 5; k++) head.i32(0, false);
  head
    .i32((100 + body.bytes.length) / 2, false)
    .i32(1000)
    .i32(type);
  for (let k = 0; k < 8; k++) head.f64(0);
  return new Uint8Array([...head.bytes, ...body.bytes]);
}

/** A dBASE III table of character fields; rows starting with '*' are marked deleted. */
function dbf(fields: [string, number][], rows: string[][], ldid = 0): Uint8Array {
  const enc = new TextEncoder();
  const headerLen = 32 + 32 * fields.length + 1;
  const recordLen = 1 + fields.reduce((s, f) => s + f[1], 0);
  const b = new Bytes()
    .raw([3, 126, 1, 1])
    .i32(rows.length)
    .raw([headerLen & 0xff, headerLen >> 8, recordLen & 0xff, recordLen >> 8]);
  b.raw(new Array(17).fill(0)).raw([ldid, 0, 0]);
  for (const [name, len] of fields) {
    const n = enc.encode(name);
    b.raw([...n, ...new Array(11 - n.length).fill(0), 'C'.charCodeAt(0), 0, 0, 0, 0, len, 0, ...new Array(14).fill(0)]);
  }
  b.raw([0x0d]);
  for (const row of rows) {
    const deleted = row[0] === '*';
    b.raw([deleted ? 0x2a : 0x20]);
    fields.forEach(([, len], i) => {
      const v = enc.encode(row[i + (deleted ? 1 : 0)] ?? '');
      b.raw([...v, ...new Array(len - v.length).fill(0x20)]);
    });
  }
  return new Uint8Array([...b.bytes, 0x1a]);
}

/** A clockwise (shapefile outer) square around a lon/lat point, side d degrees; ccw gives a hole. */
function square(x: number, y: number, d: number, ccw = false): Pt[] {
  const cw: Pt[] = [
    [x - d, y - d],
    [x - d, y + d],
    [x + d, y + d],
    [x + d, y - d],
    [x - d, y - d],
  ];
  return ccw ? cw.reverse() : cw;
}

const PRJ_XIAN80 =
  'PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

// ----------------------------------------------------------------------------------------------------

describe('shapefile fixtures against PROJ', () => {
  const cases: [string, string, string][] = [
    ['zz_sites_4547.zip', 'EPSG:4547', ''],
    ['gbk_dbf.zip', 'EPSG:4490', ''],
    ['gbk_dbf_nocpg.zip', 'EPSG:4490', ''],
    ['no_prj_prefixed.zip', 'EPSG:4526', 'crs-guessed'],
  ];
  for (const [file, label, warning] of cases) {
    it(`${file}: ${label}, Chinese names, areas, lengths and centroids`, () => {
      const r = readShapefileZip(fixture(file));
      expect(errors(r)).toEqual([]);
      expect(r.format).toBe('shapefile');
      expect(crsLabel(r.crs!)).toBe(label);
      if (warning) expect(codes(r)).toContain(warning);
      const refs = reference.filter((x) => x.file === file);
      expect(r.sites).toHaveLength(refs.length);
      for (const ref of refs) {
        const multiLayer = file === 'zz_sites_4547.zip';
        const site = r.sites.find((s) => s.id === (multiLayer ? `${ref.layer}/${ref.id}` : ref.id));
        expect(site, ref.id).toBeDefined();
        expect(site!.name).toBe(ref.name);
        expect(site!.geometry.type).toBe(ref.type);
        if (ref.type === 'Polygon') {
          expect(Math.abs(areaM2(site!.geometry) / ref.areaM2 - 1)).toBeLessThan(0.001);
          const rings = (site!.geometry as { coordinates: Position[][] }).coordinates;
          expect(rings.length - 1).toBe(ref.holes);
          expect(orientation(rings[0]!)).toBeGreaterThan(0);
          for (const h of rings.slice(1)) expect(orientation(h)).toBeLessThan(0);
        } else expect(Math.abs(lengthM(site!.geometry) / ref.lengthM - 1)).toBeLessThan(0.001);
        expect(geodesicM(vertexAverage(site!.geometry), ref.centroid)).toBeLessThan(1);
      }
    });
  }

  it('keeps every DBF field as a typed property and skips the deleted record', () => {
    const r = readShapefileZip(fixture('zz_sites_4547.zip'));
    const p = r.sites.find((s) => s.id === 'parcels/410102-001')!.properties;
    expect(p).toEqual({
      DKBH: '410102-001',
      DKMC: '中原区生态廊道旁地块',
      YDLX: '工业用地',
      MJ: 28.31,
      PZRQ: '2026-01-15',
      SFYX: true,
    });
    expect(r.sites.find((s) => s.id === 'roads/7')!.properties).toEqual({
      BSM: 7,
      NAME: '规划道路（中原西路段）',
      KD: 40,
    });
    expect(r.sites.some((s) => s.id.includes('DEL'))).toBe(false);
    expect(codes(r)).toContain('dbf-deleted');
  });

  it('reads GBK attributes whatever names the code page: .cpg GBK/936/CP936/GB2312, language driver 0x4D, or nothing', () => {
    const f = inner('gbk_dbf.zip');
    const nocpg = inner('gbk_dbf_nocpg.zip');
    expect(nocpg.get('jiyuan_gbk.dbf')![29]).toBe(0x4d);
    const parts = {
      name: 'jiyuan_gbk',
      shp: f.get('jiyuan_gbk.shp')!,
      dbf: f.get('jiyuan_gbk.dbf')!,
      prj: new TextDecoder().decode(f.get('jiyuan_gbk.prj')),
    };
    for (const cpg of ['GBK', '936', 'CP936', 'gb2312', undefined]) {
      const r = readShapefileParts({ ...parts, cpg });
      expect(r.sites[0]!.name, String(cpg)).toBe('济源市示范区黄河湿地旁地块');
      expect(r.sites[0]!.id).toBe('JY-001');
      expect(Object.keys(r.sites[0]!.properties)).toEqual(['编号', '名称', '面积']);
    }
    expect(codes(readShapefileParts({ ...parts, cpg: 'KLINGON-9' }))).toContain('unknown-cpg');
  });
});

describe('CRS decisions', () => {
  const lonlat = shp(5, [content(5, [square(113.6, 34.75, 0.001)])]);

  it('guesses CGCS2000 for lon/lat numbers without .prj, with a warning', () => {
    const r = readShapefileParts({ name: 'a', shp: lonlat });
    expect(crsLabel(r.crs!)).toBe('EPSG:4490');
    expect(codes(r)).toContain('crs-guessed');
    expect(r.sites).toHaveLength(1);
    expect(r.sites[0]!.id).toBe('1');
  });

  it('asks for the CRS when unprefixed Gauss-Krüger coordinates come without .prj', () => {
    const f = inner('zz_sites_4547.zip');
    const r = readShapefileParts({
      name: 'parcels',
      shp: f.get('zz_sites/parcels.shp')!,
      dbf: f.get('zz_sites/parcels.dbf')!,
    });
    expect(r.crs).toBeNull();
    expect(r.sites).toEqual([]);
    const e = r.issues.find((i) => i.code === 'crs-required')!;
    expect(e.severity).toBe('error');
    expect(e.message.zh).toContain('EPSG:4547');
    expect(e.message.en).toContain('EPSG:4547');
    // Choosing it reads the file.
    const chosen = readShapefileParts(
      { name: 'parcels', shp: f.get('zz_sites/parcels.shp')!, dbf: f.get('zz_sites/parcels.dbf')! },
      { crs: parseCrs('EPSG:4547') },
    );
    expect(errors(chosen)).toEqual([]);
    expect(chosen.sites.map((s) => s.id)).toEqual(['410102-001', '410105-002']);
  });

  it('names the coordinate system of a .prj it cannot use, and lets a chosen CRS win over it', () => {
    const f = inner('zz_sites_4547.zip');
    const parts = {
      name: 'parcels',
      shp: f.get('zz_sites/parcels.shp')!,
      dbf: f.get('zz_sites/parcels.dbf')!,
      prj: PRJ_XIAN80,
    };
    const r = readShapefileParts(parts);
    const e = r.issues.find((i) => i.code === 'unsupported-crs')!;
    expect(e.message.zh).toContain('Xian_1980_3_Degree_GK_CM_114E');
    expect(e.message.en).toContain('Xian_1980_3_Degree_GK_CM_114E');
    expect(r.sites).toEqual([]);
    expect(crsLabel(readShapefileParts(parts, { crs: parseCrs('4547') }).crs!)).toBe('EPSG:4547');
  });

  it('refuses coordinates that cannot be in the declared CRS', () => {
    const prj = new TextDecoder().decode(inner('zz_sites_4547.zip').get('zz_sites/parcels.prj'));
    const r = readShapefileParts({ name: 'a', shp: lonlat, prj });
    expect(codes(r)).toContain('crs-mismatch');
    expect(r.sites).toEqual([]);
  });
});

describe('shape types', () => {
  it('reads points, multipoints and lines in their Z and M variants, skipping null shapes with a warning', () => {
    for (const [t, pt, mp, ln] of [
      [0, 1, 8, 3],
      [10, 11, 18, 13],
      [20, 21, 28, 23],
    ] as const) {
      const line: Pt[][] = [
        [
          [113.6, 34.7],
          [113.61, 34.71],
        ],
        [
          [113.62, 34.72],
          [113.63, 34.73],
          [113.64, 34.72],
        ],
      ];
      const points = readShapefileParts(
        { name: 'p', shp: shp(pt, [content(pt, [[[113.6, 34.7]]]), content(0, []), content(pt, [[[113.7, 34.8]]])]) },
        { crs: CGCS2000 },
      );
      expect(
        points.sites.map((s) => s.geometry),
        `type ${pt}`,
      ).toEqual([
        { type: 'Point', coordinates: [113.6, 34.7] },
        { type: 'Point', coordinates: [113.7, 34.8] },
      ]);
      expect(points.sites.map((s) => s.id)).toEqual(['1', '3']);
      const nul = points.issues.find((i) => i.code === 'null-shape')!;
      expect(nul.severity).toBe('warning');
      expect(nul.message.en).toContain('record 2');
      const multi = readShapefileParts({ name: 'm', shp: shp(mp, [content(mp, line)]) }, { crs: CGCS2000 });
      expect(multi.sites[0]!.geometry).toEqual({ type: 'MultiPoint', coordinates: line.flat() });
      const lines = readShapefileParts(
        { name: 'l', shp: shp(ln, [content(ln, line), content(ln, line.slice(1))]) },
        { crs: CGCS2000 },
      );
      expect(lines.sites.map((s) => s.geometry.type)).toEqual(['MultiLineString', 'LineString']);
      expect(lines.issues.filter((i) => i.code !== 'no-dbf')).toEqual([]);
      expect(t).toBeGreaterThanOrEqual(0);
    }
  });

  it('assigns each hole to the outer ring containing it, in Polygon, PolygonZ and PolygonM', () => {
    // Two islands, a hole in the second listed first, and the first island's hole listed last.
    const parts = [
      square(113.7, 34.7, 0.002, true),
      square(113.6, 34.7, 0.01),
      square(113.7, 34.7, 0.01),
      square(113.6, 34.7, 0.003, true),
    ];
    for (const t of [5, 15, 25]) {
      const r = readShapefileParts({ name: 'p', shp: shp(t, [content(t, parts)]) }, { crs: CGCS2000 });
      expect(errors(r)).toEqual([]);
      const g = r.sites[0]!.geometry;
      expect(g.type).toBe('MultiPolygon');
      const polys = (g as { coordinates: Position[][][] }).coordinates;
      expect(polys).toHaveLength(2);
      for (const poly of polys) {
        expect(poly).toHaveLength(2);
        expect(orientation(poly[0]!)).toBeGreaterThan(0);
        expect(orientation(poly[1]!)).toBeLessThan(0);
        // The hole is the one around the same centre.
        expect(vertexAverage({ type: 'Polygon', coordinates: [poly[1]!] })).toEqual(
          vertexAverage({ type: 'Polygon', coordinates: [poly[0]!] }),
        );
      }
    }
  });

  it('reads all-counter-clockwise rings by nesting, closes open rings, and keeps a lone hole as an outer ring', () => {
    const ccw = readShapefileParts(
      { name: 'p', shp: shp(5, [content(5, [square(113.6, 34.7, 0.01, true), square(113.6, 34.7, 0.003, true)])]) },
      { crs: CGCS2000 },
    );
    expect(codes(ccw)).toContain('ring-orientation');
    expect((ccw.sites[0]!.geometry as { coordinates: Position[][] }).coordinates).toHaveLength(2);
    const open = readShapefileParts(
      { name: 'p', shp: shp(5, [content(5, [square(113.6, 34.7, 0.01).slice(0, 4)])]) },
      { crs: CGCS2000 },
    );
    expect(codes(open)).toContain('ring-closed');
    const ring = (open.sites[0]!.geometry as { coordinates: Position[][] }).coordinates[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const orphan = readShapefileParts(
      { name: 'p', shp: shp(5, [content(5, [square(113.6, 34.7, 0.01), square(113.8, 34.7, 0.003, true)])]) },
      { crs: CGCS2000 },
    );
    expect(codes(orphan)).toContain('orphan-hole');
    expect(orphan.sites[0]!.geometry.type).toBe('MultiPolygon');
  });

  it('takes ids and names from DBF fields, falls back to record numbers, and warns when counts differ', () => {
    const s = shp(1, [content(1, [[[113.6, 34.7]]]), content(1, [[[113.7, 34.7]]]), content(1, [[[113.8, 34.7]]])]);
    const named = readShapefileParts(
      {
        name: 'p',
        shp: s,
        dbf: dbf(
          [
            ['Id', 4],
            ['DKMC', 30],
          ],
          [
            ['0', '一号'],
            ['0', '二号'],
            ['*', '0', '删了'],
          ],
        ),
      },
      { crs: CGCS2000 },
    );
    expect(named.sites.map((s) => [s.id, s.name])).toEqual([
      ['1', '一号'],
      ['2', '二号'],
    ]);
    expect(codes(named)).toEqual(expect.arrayContaining(['duplicate-ids', 'dbf-deleted']));
    const short = readShapefileParts({ name: 'p', shp: s, dbf: dbf([['BSM', 6]], [['A1']]) }, { crs: CGCS2000 });
    expect(codes(short)).toContain('dbf-count-mismatch');
    expect(short.sites.map((s) => s.id)).toEqual(['A1', '2', '3']);
  });
});

describe('damaged and hostile input', () => {
  it('refuses bomb.zip from its central directory, before inflating anything', () => {
    const bytes = fixture('bomb.zip');
    expect(bytes.length).toBeLessThan(1_000_000);
    const before = process.memoryUsage();
    const r = readShapefileZip(bytes);
    const after = process.memoryUsage();
    expect(r.sites).toEqual([]);
    expect(['zip-too-large', 'zip-ratio']).toContain(r.issues[0]!.code);
    expect(r.issues[0]!.message.zh).toContain('bomb.shp');
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(50 * 2 ** 20);
    // With room for 300 MiB, the 1000:1 ratio alone refuses it, still without inflating.
    const mid = process.memoryUsage();
    const z = unzip(bytes, { maxTotalBytes: 400 * 2 ** 20 });
    expect(z.ok ? '' : z.code).toBe('zip-ratio');
    expect(process.memoryUsage().arrayBuffers - mid.arrayBuffers).toBeLessThan(50 * 2 ** 20);
  });

  it('refuses traversal.zip, archives with too many entries, and lying sizes', () => {
    const r = readShapefileZip(fixture('traversal.zip'));
    expect(r.issues[0]!.code).toBe('zip-unexpected-content');
    expect(r.issues[0]!.message.en).toContain('../evil.shp');
    for (const name of ['/etc/evil.shp', 'C:\\evil.shp', 'a/../../evil.shp']) {
      const z = unzip(zipSync({ [name]: new Uint8Array(10) }));
      expect(z.ok ? '' : z.code, name).toBe('zip-unexpected-content');
    }
    const many = unzip(fixture('zz_sites_4547.zip'), { maxEntries: 3 });
    expect(many.ok ? '' : many.code).toBe('zip-too-many-entries');

    // Patch the central directory's uncompressed size of a genuine entry, smaller and larger than the truth.
    const data = new Uint8Array(5000).map((_, i) => (i * 7) % 251);
    const good = zipSync({ 'a.shp': data });
    const cd = good.findIndex(
      (_, i) => good[i] === 0x50 && good[i + 1] === 0x4b && good[i + 2] === 0x01 && good[i + 3] === 0x02,
    );
    for (const size of [4000, 6000]) {
      const bad = good.slice();
      new DataView(bad.buffer).setUint32(cd + 24, size, true);
      const z = unzip(bad);
      expect(z.ok ? '' : z.code, String(size)).toMatch(/^zip-(size|crc)-mismatch$/);
    }
    expect(unzip(good).ok).toBe(true);
  });

  it('names the record where a truncated .shp breaks off', () => {
    const f = inner('zz_sites_4547.zip');
    const whole = f.get('zz_sites/parcels.shp')!;
    const half = whole.slice(0, whole.length >> 1);
    const r = readShapefileParts({
      name: 'parcels',
      shp: half,
      dbf: f.get('zz_sites/parcels.dbf')!,
      prj: new TextDecoder().decode(f.get('zz_sites/parcels.prj')),
    });
    const e = r.issues.find((i) => i.code === 'shp-truncated')!;
    expect(e.severity).toBe('error');
    expect(e.message.zh).toMatch(/parcels\.shp 第 \d+ 条记录/);
    expect(e.message.en).toMatch(/parcels\.shp record \d+/);
    // The records before the cut survive.
    expect(r.sites.length).toBeLessThan(2);
    // Cut through the 100-byte header, and a .shp that is not one.
    expect(codes(readShapefileParts({ name: 'x', shp: whole.slice(0, 60) }))).toEqual(['shp-truncated']);
    expect(
      codes(
        readShapefileParts({
          name: 'x',
          shp: new TextEncoder().encode(
            'not a shapefile at all, just some text to fill up the header bytes '.repeat(3),
          ),
        }),
      ),
    ).toEqual(['shp-bad-magic']);
  });

  it('reports garbage, a cut zip, an empty zip and a zip without .shp', () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    const g = readShapefileZip(garbage);
    expect(g.sites).toEqual([]);
    expect(errors(g)[0]!.code).toBe('zip-corrupt');
    const whole = fixture('zz_sites_4547.zip');
    expect(errors(readShapefileZip(whole.slice(0, whole.length >> 1)))[0]!.code).toBe('zip-corrupt');
    expect(errors(readShapefileZip(new Uint8Array(0)))[0]!.code).toBe('zip-corrupt');
    const empty = readShapefileZip(zipSync({}));
    expect(codes(empty)).toEqual(['no-shp']);
    expect(
      codes(readShapefileZip(zipSync({ 'readme.txt': new TextEncoder().encode('hi'), 'folder/': new Uint8Array(0) }))),
    ).toEqual(['no-shp']);
  });
});

describe('fuzz', () => {
  function rng(seed: number) {
    return () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  }

  function mutate(b: Uint8Array, r: () => number): Uint8Array {
    const k = Math.floor(r() * 3);
    if (k === 0) {
      const out = b.slice();
      const flips = 1 + Math.floor(r() * 8);
      for (let i = 0; i < flips; i++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
      return out;
    }
    if (k === 1) return b.slice(0, Math.floor(r() * b.length));
    const at = Math.floor(r() * b.length);
    const ins = new Uint8Array(1 + Math.floor(r() * 16)).map(() => Math.floor(r() * 256));
    return new Uint8Array([...b.subarray(0, at), ...ins, ...b.subarray(at)]);
  }

  function wellFormed(res: ImportResult) {
    expect(res.format).toBe('shapefile');
    expect(Array.isArray(res.sites) && Array.isArray(res.issues)).toBe(true);
    expect(res.sites.length + res.issues.length).toBeGreaterThan(0);
    for (const i of res.issues) expect(i.message.zh && i.message.en && i.code).toBeTruthy();
    for (const s of res.sites) expect(JSON.stringify(s.geometry)).not.toMatch(/null|NaN|Infinity/);
  }

  const files = ['zz_sites_4547.zip', 'gbk_dbf.zip', 'gbk_dbf_nocpg.zip', 'no_prj_prefixed.zip'];

  it('survives 2,000 mutations of the fixture zips', () => {
    const r = rng(20260115);
    for (let i = 0; i < 2000; i++) {
      const bytes = mutate(fixture(files[i % files.length]!), r);
      let res: ImportResult | undefined;
      expect(() => (res = readShapefileZip(bytes))).not.toThrow();
      wellFormed(res!);
    }
  });

  it('survives 1,000 mutations of the .shp/.dbf/.prj/.cpg inside them (re-zipped, so the parsers see them)', () => {
    const r = rng(4547);
    const unpacked = files.map(inner);
    for (let i = 0; i < 1000; i++) {
      const entries = new Map(unpacked[i % unpacked.length]!);
      const names = [...entries.keys()];
      const victim = names[Math.floor(r() * names.length)]!;
      entries.set(victim, mutate(entries.get(victim)!, r));
      let res: ImportResult | undefined;
      const zipped = zipSync(Object.fromEntries(entries));
      expect(() => (res = readShapefileZip(zipped))).not.toThrow();
      wellFormed(res!);
    }
  });
});
