// Datum handling for Chinese web-map data: recognise GCJ-02 sources and convert them to WGS84/CGCS2000.

import type { FeatureCollection, Position } from 'geojson';
import { mapGeometry } from './geometryWalk';
import { gcj02ToWgs84 } from './gcj02';

export type Datum = 'wgs84' | 'gcj02';

/**
 * Properties that only Aliyun DataV / Amap-derived boundary files carry (echarts maps add `cp` and
 * `childNum`; DataV GeoAtlas adds `adcode`, `center`, `centroid`, `childrenNum`, `acroutes`).
 * Files from those services are GCJ-02 even when they claim WGS 84, so their signature decides.
 */
const GCJ02_SIGNATURES = [
  ['cp', 'childNum'],
  ['adcode', 'childrenNum'],
  ['adcode', 'acroutes'],
  ['adcode', 'centroid'],
];

export interface DatumDetection {
  datum: Datum;
  reason: string;
}

export function detectDatum(fc: FeatureCollection, declared?: Datum): DatumDetection {
  if (declared) return { datum: declared, reason: `declared as ${declared}` };
  for (const f of fc.features) {
    const keys = Object.keys(f.properties ?? {});
    const sig = GCJ02_SIGNATURES.find((s) => s.every((k) => keys.includes(k)));
    if (sig) return { datum: 'gcj02', reason: `Amap/DataV boundary signature (${sig.join(', ')})` };
  }
  return { datum: 'wgs84', reason: 'no GCJ-02 signature; taken as WGS84/CGCS2000' };
}

/** A copy of the collection in WGS84/CGCS2000 lon/lat. */
export function toWgs84(fc: FeatureCollection, from: Datum): FeatureCollection {
  if (from === 'wgs84') return fc;
  const convert = (p: Position): Position => gcj02ToWgs84([p[0]!, p[1]!]);
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({ ...f, geometry: f.geometry && mapGeometry(f.geometry, convert) })),
  };
}
