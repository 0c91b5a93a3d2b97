// A reviewer's batch of land parcels as a GeoJSON file: `count` irregular parcels (8–48 vertices, about 0.5–30 ha,
// some with a courtyard hole, some of two parts) scattered over Henan in county-sized clusters, each with a parcel code
// and a name, as a land-survey export carries them. 12,500 parcels make a file of about 10 MB.

import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { rng } from '../oracle/generate';

/** Henan, where the provincial data set's units are. */
const WEST = 110.6,
  SOUTH = 31.6,
  EAST = 116.5,
  NORTH = 36.3;

export function parcels(count: number, seed = 12_500): FeatureCollection<Polygon | MultiPolygon> {
  const rand = rng(seed);
  const clusters = Array.from({ length: Math.max(1, Math.round(count / 250)) }, () => [
    WEST + 0.3 + rand() * (EAST - WEST - 0.6),
    SOUTH + 0.3 + rand() * (NORTH - SOUTH - 0.6),
  ]);
  const ring = (cx: number, cy: number, rM: number, n: number): Position[] => {
    const kx = 1 / (111_320 * Math.cos((cy * Math.PI) / 180)),
      ky = 1 / 110_950;
    const pts: Position[] = [];
    const phase = rand() * 6;
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * k) / n;
      const r = rM * (0.75 + 0.2 * Math.sin(3 * a + phase) + 0.05 * rand());
      pts.push([+(cx + r * Math.cos(a) * kx).toFixed(7), +(cy + r * Math.sin(a) * ky).toFixed(7)]);
    }
    pts.push(pts[0]!);
    return pts;
  };
  const features: Feature<Polygon | MultiPolygon>[] = [];
  for (let k = 0; k < count; k++) {
    const [qx, qy] = clusters[k % clusters.length]!;
    const cx = qx! + (rand() - 0.5) * 0.5,
      cy = qy! + (rand() - 0.5) * 0.4;
    const rM = 40 + rand() * 260;
    const shell = ring(cx, cy, rM, 8 + Math.floor(rand() * 40));
    const poly: Position[][] = [shell];
    if (k % 11 === 0) poly.push(ring(cx, cy, rM * 0.25, 8).reverse());
    const geometry: Polygon | MultiPolygon =
      k % 17 === 0
        ? { type: 'MultiPolygon', coordinates: [poly, [ring(cx + (rM * 3) / 111_320, cy, rM * 0.4, 10)]] }
        : { type: 'Polygon', coordinates: poly };
    features.push({
      type: 'Feature',
      properties: { DKBH: `4101${String(k + 1).padStart(6, '0')}`, DKMC: `测试地块${k + 1}` },
      geometry,
    });
  }
  return { type: 'FeatureCollection', features };
}
