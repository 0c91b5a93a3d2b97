// Shapefile import: PROJ reference fixtures, encodings, CRS decisions and every shape type (damaged and hostile input:
// shapefile-hostile.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CGCS2000, crsLabel, parseCrs } from '../../src/lib/geo/crs';
import { areaM2, geodesicM, lengthM } from '../../src/lib/geo/ellipsoid';
import { readShapefileParts, readShapefileZip } from '../../src/lib/io/shapefile';
import { DIR, codes, errors, fixture, inner } from './support/shapefileFixtures';

import { PRJ_XIAN80, content, dbf, shp, square, type Pt } from './support/shapefileWriter';

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
