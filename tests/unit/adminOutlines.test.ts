// Admin outlines from the npm package: detected as GCJ-02, converted, valid, and where they should be.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needs } from './support/needs';
import type { FeatureCollection, Geometry, MultiPolygon, Position } from 'geojson';
import { areaM2 } from '../../src/lib/geo/ellipsoid';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { detectDatum } from '../../src/lib/geo/datum';
import { validateLayer } from '../../src/lib/layers/validateLayer';
import { loadLayerSource, readManifest, ROOT } from '../../scripts/data/sources';
import { wgs84ToGcj02 } from '../../src/lib/geo/gcj02';

const manifest = readManifest();
const spec = (id: string) => manifest.layers.find((l) => l.id === id)!;
const districts = (await loadLayerSource(spec('admin-district'))).data as FeatureCollection<MultiPolygon>;
const cities = (await loadLayerSource(spec('admin-city'))).data as FeatureCollection<MultiPolygon>;
const byName = <G extends Geometry>(fc: FeatureCollection<G>, name: string) =>
  fc.features.find((f) => f.properties?.name_zh === name)!;

describe('administrative outlines', () => {
  it('detects the echarts files as GCJ-02 by their DataV signature, and plain GeoJSON as WGS84', async () => {
    expect((await loadLayerSource(spec('admin-district'))).notes.every((n) => n.includes('gcj02'))).toBe(true);
    expect(
      detectDatum({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Point', coordinates: [0, 0] } }],
      }).datum,
    ).toBe('wgs84');
    expect(
      detectDatum({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { adcode: 410100, centroid: [0, 0] },
            geometry: { type: 'Point', coordinates: [0, 0] },
          },
        ],
      }).datum,
    ).toBe('gcj02');
  });

  it('yields the 13 county-level units and 2 cities, all valid for the data build', () => {
    expect(districts.features).toHaveLength(13);
    expect(cities.features.map((f) => f.properties?.name_zh).sort()).toEqual(['济源市', '郑州市']);
    expect(
      validateLayer(spec('admin-district'), districts, manifest.bounds).filter((i) => i.severity === 'error'),
    ).toEqual([]);
    expect(validateLayer(spec('admin-city'), cities, manifest.bounds).filter((i) => i.severity === 'error')).toEqual(
      [],
    );
  });

  it('has the official land areas within 3 % (Zhengzhou 7,567 km², Jiyuan 1,931 km²)', () => {
    expect(Math.abs(areaM2(byName(cities, '郑州市').geometry) / 1e6 / 7567 - 1)).toBeLessThan(0.03);
    expect(Math.abs(areaM2(byName(cities, '济源市').geometry) / 1e6 / 1931 - 1)).toBeLessThan(0.03);
  });

  it('puts landmarks (WGS84) in the right district', () => {
    // 少林寺, 济源市人民政府 and 巩义市人民政府, each well inside its unit (a coarse check; the datum check follows).
    const cases: [string, Position][] = [
      ['登封市', [112.9356, 34.5076]],
      ['济源市', [112.6016, 35.0696]],
      ['巩义市', [113.0221, 34.748]],
    ];
    for (const [name, p] of cases) expect(booleanPointInPolygon(p, byName(districts, name)), name).toBe(true);
  });

  const tiandituFile = join(ROOT, '../shared/realdata/misc-zhengzhou/zhengzhou_city_tianditu_cgcs2000.geojson');
  it.runIf(needs('../shared/realdata/misc-zhengzhou (天地图 outline)', existsSync(tiandituFile)))(
    'lies within 150 m (median) of the CGCS2000 天地图 outline after conversion, 3× nearer than before (test-only reference data)',
    () => {
      const ref = JSON.parse(readFileSync(tiandituFile, 'utf8')) as FeatureCollection<MultiPolygon>;
      const ring = ref.features[0]!.geometry.coordinates[0]![0]! as [number, number][];
      const ours = byName(cities, '郑州市').geometry.coordinates[0]![0]! as [number, number][];
      // Distance to the reference outline (not its sparse vertices), in a local metric plane: fine at 100 m scale.
      const kx = 111_320 * Math.cos((34.7 * Math.PI) / 180);
      const ky = 110_574;
      const toSegment = (p: [number, number], a: [number, number], b: [number, number]) => {
        const [px, py, ax, ay, bx, by] = [p[0] * kx, p[1] * ky, a[0] * kx, a[1] * ky, b[0] * kx, b[1] * ky];
        const dx = bx - ax,
          dy = by - ay;
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
        return Math.hypot(px - ax - t * dx, py - ay - t * dy);
      };
      const nearest = (p: [number, number]) => Math.min(...ring.slice(1).map((b, i) => toSegment(p, ring[i]!, b)));
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const sample = ours.filter((_, i) => i % 5 === 0);
      const converted = median(sample.map(nearest));
      const unconverted = median(sample.map((p) => nearest(wgs84ToGcj02(p))));
      expect(converted).toBeLessThan(150);
      expect(converted).toBeLessThan(unconverted * 0.6);
    },
  );
});
