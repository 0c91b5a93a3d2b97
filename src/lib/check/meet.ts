// Where an edge meets another: touches and crossings as cuts (each computed once and shared by both edges), collinear
// overlaps as stretches along. The first step of the boundary pieces (boundaryPieces.ts).

import { orient } from './planar';
import type { ExactPoint } from './exact';

/** A point where an edge meets the other boundary: parameter along the edge, position (shared by both edges). */
export interface Cut {
  t: number;
  x: number;
  y: number;
  exact: ExactPoint;
}
/** A stretch [lo, hi] (parameters) of an edge lying along an edge of the other boundary; `same` when both interiors lie on one side. */
export interface Along {
  lo: number;
  hi: number;
  same: boolean;
}
export interface EdgeCuts {
  cuts: Cut[];
  along: Along[];
}

export const vertexCut = (t: number, x: number, y: number): Cut => ({ t, x, y, exact: { kind: 'vertex', x, y } });

/** Parameter of a point known to lie on edge p→q (exactly 0 and 1 at its ends). */
function paramOf(px: number, py: number, qx: number, qy: number, x: number, y: number): number {
  if (x === px && y === py) return 0;
  if (x === qx && y === qy) return 1;
  const ex = qx - px,
    ey = qy - py;
  return Math.min(1, Math.max(0, ((x - px) * ex + (y - py) * ey) / (ex * ex + ey * ey)));
}

export function cutsOf(map: Map<number, EdgeCuts>, id: number): EdgeCuts {
  let c = map.get(id);
  if (!c) map.set(id, (c = { cuts: [], along: [] }));
  return c;
}

/**
 * Where edge p→q (of A) meets edge c→d (of B), recorded on both: touches and crossings as cuts, collinear
 * overlaps as `along` stretches bounded by cuts. Returns whether they meet at all. `onB` is null when only A's
 * pieces are wanted (paths).
 */
export function meet(
  p: [number, number],
  q: [number, number],
  aLeft: boolean,
  onA: EdgeCuts,
  c: [number, number],
  d: [number, number],
  bLeft: boolean,
  cutsB: (() => EdgeCuts) | null,
): boolean {
  const [px, py] = p,
    [qx, qy] = q,
    [cx, cy] = c,
    [dx, dy] = d;
  if (px === qx && py === qy) return false; // a repeated vertex: a zero-length edge meets nothing
  const o1 = orient(p, q, c);
  const o2 = orient(p, q, d);
  if (o1 === 0 && o2 === 0) {
    // Collinear: order the four points along the line by its dominant axis (exact comparisons of doubles).
    const ax = Math.abs(qx - px) >= Math.abs(qy - py) ? 0 : 1;
    const sgn = (ax === 0 ? qx - px : qy - py) > 0 ? 1 : -1;
    const key = (v: [number, number]) => sgn * v[ax];
    const [lo1, hi1] = key(c) <= key(d) ? [c, d] : [d, c];
    const lo = key(lo1) > key(p) ? lo1 : p;
    const hi = key(hi1) < key(q) ? hi1 : q;
    if (key(lo) > key(hi)) return false;
    const onB = cutsB?.();
    const cutBoth = (v: [number, number]) => {
      onA.cuts.push(vertexCut(paramOf(px, py, qx, qy, v[0], v[1]), v[0], v[1]));
      onB?.cuts.push(vertexCut(paramOf(cx, cy, dx, dy, v[0], v[1]), v[0], v[1]));
    };
    cutBoth(lo);
    if (key(lo) === key(hi)) return true;
    cutBoth(hi);
    const same = key(d) > key(c) === (aLeft === bLeft);
    onA.along.push({ lo: paramOf(px, py, qx, qy, lo[0], lo[1]), hi: paramOf(px, py, qx, qy, hi[0], hi[1]), same });
    if (onB) {
      const u0 = paramOf(cx, cy, dx, dy, lo[0], lo[1]),
        u1 = paramOf(cx, cy, dx, dy, hi[0], hi[1]);
      onB.along.push({ lo: Math.min(u0, u1), hi: Math.max(u0, u1), same });
    }
    return true;
  }
  if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0)) return false;
  const o3 = orient(c, d, p);
  const o4 = orient(c, d, q);
  if ((o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0)) return false;
  // A touch at an end of either edge is that (exact) vertex; otherwise a proper crossing, computed once.
  let v: [number, number] | null = null;
  if (o3 === 0) v = p;
  else if (o4 === 0) v = q;
  else if (o1 === 0) v = c;
  else if (o2 === 0) v = d;
  const onB = cutsB?.();
  if (v) {
    onA.cuts.push(vertexCut(paramOf(px, py, qx, qy, v[0], v[1]), v[0], v[1]));
    onB?.cuts.push(vertexCut(paramOf(cx, cy, dx, dy, v[0], v[1]), v[0], v[1]));
    return true;
  }
  const t = Math.min(1, Math.max(0, o3 / (o3 - o4)));
  const u = Math.min(1, Math.max(0, o1 / (o1 - o2)));
  const x = px + t * (qx - px),
    y = py + t * (qy - py);
  onA.cuts.push({ t, x, y, exact: { kind: 'cross', cx, cy, dx, dy } });
  onB?.cuts.push({ t: u, x, y, exact: { kind: 'cross', cx: px, cy: py, dx: qx, dy: qy } });
  return true;
}
