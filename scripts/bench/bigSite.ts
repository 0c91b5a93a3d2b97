// One site of a million vertices (`npm run bench:browser`): a wiggly ring about 8 km across over Zhengzhou, as a
// surveyed boundary densified by a GIS export would be; about 25 MB of GeoJSON, under the importer's 50 MB limit.

import type { FeatureCollection, Polygon, Position } from 'geojson';

export function bigSite(n = 1_000_000, [cx, cy] = [113.65, 34.75]): FeatureCollection<Polygon> {
  const ring: Position[] = [];
  for (let k = 0; k < n; k++) {
    const a = (2 * Math.PI * k) / n;
    const r = 0.05 * (0.8 + 0.15 * Math.sin(37 * a) + 0.05 * Math.sin(1013 * a));
    ring.push([+(cx + r * Math.cos(a)).toFixed(7), +(cy + 0.8 * r * Math.sin(a)).toFixed(7)]);
  }
  ring.push(ring[0]!);
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { name: '百万顶点地块' }, geometry: { type: 'Polygon', coordinates: [ring] } },
    ],
  };
}
