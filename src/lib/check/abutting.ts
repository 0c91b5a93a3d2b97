// Where two boundaries run along each other within the snap distance, and how long: the abutting length of two
// polygons, counted the way a GIS that snaps would count it.

import { geodesicM } from '../geo/ellipsoid';

/**
 * What rounding can do, and no more: about 0.02 mm at these coordinates, far above the few ulp by which a computed
 * point strays from the exact one (a GIS's cut vertices from their edge, a float test point from its piece), far below
 * any real gap. Boundaries closer than this run along each other for the abutting length (GEOS snaps at a similar
 * tolerance, a 1e-12 part of the coordinates' magnitude, when its exact noding fails); a test point closer than this
 * to a boundary is located exactly.
 */
export const snapDistance = (x: number, y: number) => 1e-12 * (1 + Math.abs(x) + Math.abs(y));

/** Sine of the widest angle between two edges that still run along each other: rounding tilts an edge far less. */
const parallelSine = 1e-8;

/** The values of t in [t0, t1] where v0 + t (v1 − v0) lies in [lo, hi], or null. */
function clipParam(v0: number, v1: number, lo: number, hi: number, t0: number, t1: number): [number, number] | null {
  if (v1 === v0) return v0 >= lo && v0 <= hi ? [t0, t1] : null;
  const a = (lo - v0) / (v1 - v0),
    b = (hi - v0) / (v1 - v0);
  const s0 = Math.max(t0, Math.min(a, b)),
    s1 = Math.min(t1, Math.max(a, b));
  return s1 > s0 ? [s0, s1] : null;
}

/**
 * The stretch [t0, t1] of edge p→q that runs within `delta` of edge c→d, parallel to it, with the two interiors on
 * opposite sides (the polygons abut there), or null. Exactly collinear edges are the case delta = 0.
 */
export function abutStretch(
  px: number,
  py: number,
  qx: number,
  qy: number,
  aLeft: boolean,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  bLeft: boolean,
  delta: number,
): [number, number] | null {
  const len = Math.hypot(dx - cx, dy - cy);
  if (len === 0) return null;
  const ux = (dx - cx) / len,
    uy = (dy - cy) / len;
  const fx = qx - px,
    fy = qy - py;
  const sameDirection = fx * ux + fy * uy > 0;
  if (sameDirection === (aLeft === bLeft)) return null;
  // Only edges parallel as far as rounding can tell (two edges meeting at a corner share no boundary).
  if (Math.abs(fx * uy - fy * ux) > parallelSine * Math.hypot(fx, fy)) return null;
  // Distance across the line c→d, and position along it, at either end of p→q.
  const across = (x: number, y: number) => (x - cx) * uy - (y - cy) * ux;
  const along = (x: number, y: number) => (x - cx) * ux + (y - cy) * uy;
  const t = clipParam(across(px, py), across(qx, qy), -delta, delta, 0, 1);
  return t && clipParam(along(px, py), along(qx, qy), 0, len, t[0], t[1]);
}

/** Geodesic length of the union of stretches [t0, t1] of edge p→q, m. */
export function stretchesM(px: number, py: number, qx: number, qy: number, stretches: [number, number][]): number {
  stretches.sort((m, n) => m[0] - n[0]);
  const at = (t: number): [number, number] =>
    t <= 0 ? [px, py] : t >= 1 ? [qx, qy] : [px + t * (qx - px), py + t * (qy - py)];
  let sum = 0;
  let [lo, hi] = stretches[0]!;
  for (const [s0, s1] of stretches.slice(1)) {
    if (s0 <= hi) hi = Math.max(hi, s1);
    else {
      sum += geodesicM(at(lo), at(hi));
      [lo, hi] = [s0, s1];
    }
  }
  return sum + geodesicM(at(lo), at(hi));
}
