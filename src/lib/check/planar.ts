// Planar primitives with exact orientation tests: the topology of a check is decided in lon/lat, as GEOS decides it.

import { orient2d } from 'robust-predicates';

export type XY = readonly [number, number] | number[];

/** > 0 when c lies left of a→b (counter-clockwise), < 0 right, exactly 0 when collinear. */
export function orient(a: XY, b: XY, c: XY): number {
  return orientXY(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!);
}

/** orient on plain numbers, for loops that keep coordinates in flat arrays. */
export function orientXY(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return -orient2d(ax, ay, bx, by, cx, cy);
}

/** Whether p, known to be collinear with a–b, lies within the segment's extent. */
function within(a: XY, b: XY, p: XY): boolean {
  return (
    Math.min(a[0]!, b[0]!) <= p[0]! &&
    p[0]! <= Math.max(a[0]!, b[0]!) &&
    Math.min(a[1]!, b[1]!) <= p[1]! &&
    p[1]! <= Math.max(a[1]!, b[1]!)
  );
}

export function onSegment(p: XY, a: XY, b: XY): boolean {
  return orient(a, b, p) === 0 && within(a, b, p);
}

/** Whether segments a–b and c–d share at least one point (crossing, touching or overlapping). */
export function segmentsIntersect(a: XY, b: XY, c: XY, d: XY): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  return (
    (o1 === 0 && within(a, b, c)) ||
    (o2 === 0 && within(a, b, d)) ||
    (o3 === 0 && within(c, d, a)) ||
    (o4 === 0 && within(c, d, b))
  );
}

/** Squared distance from p to segment a–b in a metric plane. */
export function pointSegmentDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** Squared distance between two segments in a metric plane (0 when they cross). */
export function segmentSegmentDist2(a: XY, b: XY, c: XY, d: XY): number {
  if (segmentsIntersect(a, b, c, d)) return 0;
  return Math.min(
    pointSegmentDist2(a[0]!, a[1]!, c[0]!, c[1]!, d[0]!, d[1]!),
    pointSegmentDist2(b[0]!, b[1]!, c[0]!, c[1]!, d[0]!, d[1]!),
    pointSegmentDist2(c[0]!, c[1]!, a[0]!, a[1]!, b[0]!, b[1]!),
    pointSegmentDist2(d[0]!, d[1]!, a[0]!, a[1]!, b[0]!, b[1]!),
  );
}
