// GeoJSON and CSV importers, typed coordinates, WKT, and the checks every imported site goes through.
import { describe, expect, it } from 'vitest';
import { readGeoJson } from '../../src/lib/io/geojson';
import { readCsv, parseCsvRows } from '../../src/lib/io/csv';
import { parseWkt } from '../../src/lib/io/wkt';
import { parseAngle } from '../../src/lib/io/coordText';
import { validateSites } from '../../src/lib/io/validateSites';
import { crsLabel, fromLonLat, parseCrs, wgs84ToBd09 } from '../../src/lib/geo/crs';
import { wgs84ToGcj02 } from '../../src/lib/geo/gcj02';
import type { ImportResult } from '../../src/lib/io/types';
import { metres } from './support/measure';
import { rng } from '../../scripts/oracle/generate';

const codes = (r: ImportResult) => r.issues.map((i) => `${i.severity}:${i.code}`);
const first = (r: ImportResult) => r.sites[0]!.geometry as { type: string; coordinates: number[] };

describe('typed coordinates', () => {
  it('reads decimal degrees and 度分秒 in the ways people write them', () => {
    expect(parseAngle('113.62')).toBe(113.62);
    expect(parseAngle('113°37′12″')).toBeCloseTo(113.62, 9);
    expect(parseAngle('113°37\'12"E')).toBeCloseTo(113.62, 9);
    expect(parseAngle('113度37分12秒')).toBeCloseTo(113.62, 9);
    expect(parseAngle('东经113°37′12″')).toBeCloseTo(113.62, 9);
    expect(parseAngle('34 45 36 N')).toBeCloseTo(34.76, 9);
    expect(parseAngle('34°45.6′')).toBeCloseTo(34.76, 9);
    expect(parseAngle('-34.5')).toBe(-34.5);
    expect(parseAngle('34°75′')).toBeNull();
    expect(parseAngle('abc')).toBeNull();
    expect(parseAngle('')).toBeNull();
  });
});

describe('WKT', () => {
  it('reads every geometry type, with Z dropped', () => {
    expect(parseWkt('POINT (113.6 34.7)')).toEqual({
      ok: true,
      geometry: { type: 'Point', coordinates: [113.6, 34.7] },
    });
    expect(parseWkt('POINT Z (113.6 34.7 100)')).toEqual({
      ok: true,
      geometry: { type: 'Point', coordinates: [113.6, 34.7] },
    });
    expect(parseWkt('MULTIPOINT ((1 2), (3 4))')).toMatchObject({
      ok: true,
      geometry: {
        type: 'MultiPoint',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      },
    });
    expect(parseWkt('MULTIPOINT (1 2, 3 4)')).toMatchObject({ ok: true, geometry: { type: 'MultiPoint' } });
    expect(parseWkt('polygon((0 0,1 0,1 1,0 0),(0.1 0.1,0.2 0.1,0.2 0.2,0.1 0.1))')).toMatchObject({
      ok: true,
      geometry: { type: 'Polygon' },
    });
    expect(parseWkt('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))')).toMatchObject({
      ok: true,
      geometry: { type: 'MultiPolygon' },
    });
    expect(parseWkt('LINESTRING (0 0, 1 1')).toMatchObject({ ok: false, error: expect.stringMatching(/expected/) });
    expect(parseWkt('CIRCULARSTRING (0 0, 1 1, 2 0)')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unsupported/),
    });
    expect(parseWkt('POINT EMPTY')).toMatchObject({ ok: false });
  });
});

describe('GeoJSON', () => {
  it('reads lon/lat as CGCS2000 and a legacy crs member naming a Gauss-Krüger zone', () => {
    const r = readGeoJson('{"type":"Point","coordinates":[113.62,34.76]}');
    expect(crsLabel(r.crs!)).toBe('EPSG:4490');
    const [x, y] = fromLonLat(parseCrs('EPSG:4547')!, 113.62, 34.76);
    const g = readGeoJson(
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } },
        features: [{ type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Point', coordinates: [x, y] } }],
      }),
    );
    expect(crsLabel(g.crs!)).toBe('EPSG:4547');
    expect(metres(first(g).coordinates as [number, number], [113.62, 34.76])).toBeLessThan(0.001);
  });
  it('converts GCJ-02 and BD-09 when the user says so', () => {
    const gcj = wgs84ToGcj02([113.62, 34.76]);
    const r = readGeoJson(JSON.stringify({ type: 'Point', coordinates: gcj }), parseCrs('gcj02'));
    expect(metres(first(r).coordinates as [number, number], [113.62, 34.76])).toBeLessThan(0.001);
    const bd = readGeoJson(
      JSON.stringify({ type: 'Point', coordinates: wgs84ToBd09([113.62, 34.76]) }),
      parseCrs('bd09'),
    );
    expect(metres(first(bd).coordinates as [number, number], [113.62, 34.76])).toBeLessThan(0.001);
  });
  it('guesses a prefixed zone from the eastings and asks for the CRS of plain projected numbers', () => {
    const [x, y] = fromLonLat(parseCrs('EPSG:4526')!, 113.62, 34.76);
    const r = readGeoJson(JSON.stringify({ type: 'Point', coordinates: [x, y] }));
    expect(codes(r)).toEqual(['warning:crs-guessed']);
    expect(crsLabel(r.crs!)).toBe('EPSG:4526');
    expect(codes(readGeoJson('{"type":"Point","coordinates":[465209.4,3848033.5]}'))).toEqual(['error:crs-required']);
  });
  it('names the line of a JSON syntax error and refuses what is not GeoJSON', () => {
    const r = readGeoJson('{\n"type": "Point",\n"coordinates": [1, 2\n}');
    expect(codes(r)).toEqual(['error:bad-json']);
    expect(codes(readGeoJson('{"hello": 1}'))).toEqual(['error:not-geojson']);
    expect(codes(readGeoJson('{"type":"Feature","properties":{"id":"x"},"geometry":null}'))).toEqual([
      'error:no-geometry',
    ]);
    expect(codes(readGeoJson('{"type":"Point","coordinates":["a","b"]}'))).toEqual(['error:bad-coordinates']);
  });
});

describe('CSV', () => {
  it('reads lon/lat columns by their Chinese or English names, decimal or 度分秒', () => {
    const r = readCsv('编号,名称,经度,纬度\nA,加油站,113.62,34.76\nB,"养殖场, 北",113°37′12″,34°45′36″\n');
    expect(r.sites.map((s) => [s.id, s.name])).toEqual([
      ['A', '加油站'],
      ['B', '养殖场, 北'],
    ]);
    expect(metres(first(r).coordinates as [number, number], [113.62, 34.76])).toBeLessThan(0.001);
    expect(
      metres((r.sites[1]!.geometry as unknown as { coordinates: [number, number] }).coordinates, [113.62, 34.76]),
    ).toBeLessThan(0.01);
  });
  it('reads a WKT column, semicolon-separated, and names bad rows', () => {
    const r = readCsv('id;wkt\n1;POLYGON((113.6 34.7,113.61 34.7,113.61 34.71,113.6 34.7))\n2;POLYGON((1 2\n');
    expect(r.sites).toHaveLength(1);
    expect(codes(r)).toEqual(['error:bad-wkt']);
    expect(r.issues[0]!.line).toBe(3);
  });
  it('says which columns are missing, and what is not a number', () => {
    expect(codes(readCsv('a,b\n1,2\n'))).toEqual(['error:no-coordinate-columns']);
    expect(codes(readCsv('lon,lat\n'))).toEqual(['error:empty-csv']);
    expect(codes(readCsv('lon,lat\nx,1\n'))).toEqual(['error:bad-number']);
  });
  it('keeps quoted delimiters and line breaks', () => {
    expect(parseCsvRows('a,"b,""c""\nd"\n1,2', ',').map((r) => r.cells)).toEqual([
      ['a', 'b,"c"\nd'],
      ['1', '2'],
    ]);
  });
});

describe('site checks after import', () => {
  const geo = (geometry: object, crs = 'EPSG:4490'): ImportResult => ({
    format: 't',
    crs: parseCrs(crs),
    sites: [{ id: 's', name: '地块', geometry: geometry as never, properties: {} }],
    issues: [],
  });
  it('swaps lat/lon written the wrong way round, for the whole file', () => {
    const r = validateSites(geo({ type: 'Point', coordinates: [34.76, 113.62] }));
    expect(codes(r)).toEqual(['warning:swapped-lonlat']);
    expect(first(r).coordinates).toEqual([113.62, 34.76]);
  });
  it('refuses coordinates outside China', () => {
    const r = validateSites(geo({ type: 'Point', coordinates: [2.35, 48.85] }));
    expect(codes(r)).toEqual(['error:outside-china']);
    expect(r.sites).toHaveLength(0);
  });
  it('closes rings and drops repeated points, saying so', () => {
    const r = validateSites(
      geo({
        type: 'Polygon',
        coordinates: [
          [
            [113.6, 34.7],
            [113.61, 34.7],
            [113.61, 34.7],
            [113.61, 34.71],
          ],
        ],
      }),
    );
    expect(codes(r)).toEqual(['warning:ring-closed', 'warning:duplicate-vertex']);
    expect(r.sites[0]!.geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [113.6, 34.7],
          [113.61, 34.7],
          [113.61, 34.71],
          [113.6, 34.7],
        ],
      ],
    });
  });
  it('offers a repaired shape for a self-intersecting boundary but keeps the original', () => {
    const bowtie = [
      [113.6, 34.7],
      [113.62, 34.72],
      [113.62, 34.7],
      [113.6, 34.72],
      [113.6, 34.7],
    ];
    const r = validateSites(geo({ type: 'Polygon', coordinates: [bowtie] }));
    expect(codes(r)).toEqual(['warning:self-intersection']);
    expect((r.sites[0]!.geometry as { coordinates: unknown }).coordinates).toEqual([bowtie]);
    expect(r.sites[0]!.repair?.type).toBe('MultiPolygon');
  });
  it('turns a uniform geometry collection into a multi-geometry and refuses a mixed one', () => {
    const pts = validateSites(
      geo({
        type: 'GeometryCollection',
        geometries: [
          { type: 'Point', coordinates: [113.6, 34.7] },
          { type: 'Point', coordinates: [113.7, 34.7] },
        ],
      }),
    );
    expect(first(pts).type).toBe('MultiPoint');
    const mixed = validateSites(
      geo({
        type: 'GeometryCollection',
        geometries: [
          { type: 'Point', coordinates: [113.6, 34.7] },
          {
            type: 'LineString',
            coordinates: [
              [113.6, 34.7],
              [113.7, 34.7],
            ],
          },
        ],
      }),
    );
    expect(codes(mixed)).toEqual(['error:mixed-collection']);
  });
});

describe('fuzzing', () => {
  const mutate = (base: string, r: () => number) => {
    let s = base;
    for (let m = 0; m < 1 + Math.floor(r() * 4); m++) {
      const at = Math.floor(r() * (s.length + 1));
      const op = r();
      if (op < 0.25) s = s.slice(0, at);
      else if (op < 0.5) s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + s.slice(at + 1);
      else if (op < 0.75) s = s.slice(0, at) + s.slice(at, at + 50) + s.slice(at);
      else
        s =
          s.slice(0, at) +
          ['{', '}', '[', ']', ',', '"', '\n', '1e999', '-', 'null', 'POLYGON(('][Math.floor(r() * 11)] +
          s.slice(at);
    }
    return s;
  };
  it('3,000 mutated GeoJSON and 3,000 mutated CSV files: never an exception, always a result', () => {
    const r = rng(5);
    const gj = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'a', name: '地块' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [113.6, 34.7],
                [113.61, 34.7],
                [113.61, 34.71],
                [113.6, 34.7],
              ],
            ],
          },
        },
      ],
    });
    const csv =
      'id,name,lon,lat,wkt\n1,甲,113.6,34.7,\n2,乙,,,"POLYGON((113.6 34.7,113.61 34.7,113.61 34.71,113.6 34.7))"\n';
    for (let k = 0; k < 3000; k++) {
      for (const out of [validateSites(readGeoJson(mutate(gj, r))), validateSites(readCsv(mutate(csv, r)))]) {
        expect(Array.isArray(out.sites)).toBe(true);
        for (const i of out.issues) expect(i.message.zh && i.message.en).toBeTruthy();
      }
    }
  });
});
