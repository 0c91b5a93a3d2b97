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

/**
 * The site's elements that meet a box as segments (a point is a zero-length segment), in lon/lat: only they can come
 * within the distance of a zone inside that box (a large site's other edges are never projected).
 */
function siteSegments(
  site: PreparedSite,
  [x0, y0, x1, y1]: readonly number[],
  fn: (a: Position, b: Position) => void,
): void {
  const meets = (a: Position, b: Position) =>
    Math.max(a[0]!, b[0]!) >= x0! &&
    Math.min(a[0]!, b[0]!) <= x1! &&
    Math.max(a[1]!, b[1]!) >= y0! &&
    Math.min(a[1]!, b[1]!) <= y1!;
  if (site.kind === 'point') {
    for (const p of site.points) if (meets(p, p)) fn(p, p);
  } else if (site.kind === 'line') {
    for (const l of site.lines) for (let i = 1; i < l.length; i++) if (meets(l[i - 1]!, l[i]!)) fn(l[i - 1]!, l[i]!);
  } else site.polygon!.forEdges(x0!, y0!, x1!, y1!, (ax, ay, bx, by) => fn([ax, ay], [bx, by]));
}

/** Distance in metres if it is at most `maxM`, otherwise Infinity. The site and zone must not intersect. */
export function distanceWithinM(site: PreparedSite, zone: PreparedPolygon, maxM: number): number {
  const lat = Math.max(Math.abs(site.bbox[1]), Math.abs(site.bbox[3]));
  const { dLon, dLat } = degreesFor(maxM, lat);
  const project = (p: Position | [number, number]) => site.plane.forward(p[0]!, p[1]!);
  let best2 = maxM * maxM;
  let found = false;
  const [zx0, zy0, zx1, zy1] = zone.bbox;
  siteSegments(site, [zx0 - dLon, zy0 - dLat, zx1 + dLon, zy1 + dLat], (a, b) => {
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
