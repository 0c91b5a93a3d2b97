// Shortest distance between a site and a zone it does not touch, in a transverse Mercator plane centred on the site.

import type { Position } from 'geojson';
import { pointSegmentDist2, segmentSegmentDist2 } from './planar';
import type { PreparedPolygon } from './preparedPolygon';
import type { PreparedSite } from './site';

/** Degrees of latitude and longitude that surely cover `m` metres around latitude `lat` (generous by ~2 %). */
export function degreesFor(m: number, lat: number): { dLon: number; dLat: number } {
  const cos = Math.max(0.01, Math.cos(((Math.abs(lat) + m / 100_000) * Math.PI) / 180));
  return { dLat: (m / 110_000) * 1.02, dLon: (m / (111_000 * cos)) * 1.02 };
}

/** The site's elements as segments (a point is a zero-length segment), in lon/lat. */
function siteSegments(site: PreparedSite, fn: (a: Position, b: Position) => void): void {
  if (site.kind === 'point') for (const p of site.points) fn(p, p);
  else if (site.kind === 'line') for (const l of site.lines) for (let i = 1; i < l.length; i++) fn(l[i - 1]!, l[i]!);
  else {
    const [x0, y0, x1, y1] = site.polygon!.bbox;
    site.polygon!.forEdges(x0, y0, x1, y1, (ax, ay, bx, by) => fn([ax, ay], [bx, by]));
  }
}

/** Distance in metres if it is at most `maxM`, otherwise Infinity. The site and zone must not intersect. */
export function distanceWithinM(site: PreparedSite, zone: PreparedPolygon, maxM: number): number {
  const lat = Math.max(Math.abs(site.bbox[1]), Math.abs(site.bbox[3]));
  const { dLon, dLat } = degreesFor(maxM, lat);
  const project = (p: Position | [number, number]) => site.plane.forward(p[0]!, p[1]!);
  let best2 = maxM * maxM;
  let found = false;
  siteSegments(site, (a, b) => {
    const pa = project(a);
    const pb = a === b ? pa : project(b);
    zone.forEdges(
      Math.min(a[0]!, b[0]!) - dLon,
      Math.min(a[1]!, b[1]!) - dLat,
      Math.max(a[0]!, b[0]!) + dLon,
      Math.max(a[1]!, b[1]!) + dLat,
      (ax, ay, bx, by) => {
        const c = project([ax, ay]);
        const d = project([bx, by]);
        const d2 =
          a === b ? pointSegmentDist2(pa[0], pa[1], c[0], c[1], d[0], d[1]) : segmentSegmentDist2(pa, pb, c, d);
        if (d2 <= best2) {
          best2 = d2;
          found = true;
        }
      },
    );
  });
  return found ? Math.sqrt(best2) : Infinity;
}
