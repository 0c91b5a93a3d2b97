// Where a polygon's boundary crosses itself, found by a sweep over its edges sorted by their left end: each edge is
// tested only against the edges still open at its left end whose vertical extent meets its own. No index to build and
// no allocation per pair: a province's 2 million vertices are swept in a fraction of a second. Orientations are exact.

import type { Position } from 'geojson';
import { orientXY as side } from './planar';

/** Within 1e-9° (0.1 mm) of one another: a vertex a hair off a neighbouring edge, as coordinate conversions leave. */
const near = (x: number, y: number, px: number, py: number) => Math.abs(x - px) < 1e-9 && Math.abs(y - py) < 1e-9;

/**
 * Working arrays kept from call to call (grown when a ring set needs more): a layer's thousands of polygons are checked
 * without allocating for each, which at a province's millions of vertices is most of the cost.
 */
const scratch = {
  capacity: 0,
  e: new Float64Array(0),
  minX: new Float64Array(0),
  maxX: new Float64Array(0),
  order: new Uint32Array(0),
  active: new Uint32Array(0),
  step: new Int32Array(0),
  count: new Int32Array(0),
};

function grow(n: number, reset = false): void {
  const c = reset ? 0 : Math.max(n, scratch.capacity * 2, 1024);
  Object.assign(scratch, {
    capacity: c,
    e: new Float64Array(c * 4),
    minX: new Float64Array(c),
    maxX: new Float64Array(c),
    order: new Uint32Array(c),
    active: new Uint32Array(c),
    step: new Int32Array(c),
    count: new Int32Array(c + 1),
  });
}

/**
 * The first place found where edges of the rings cross (a proper crossing, not within 0.1 mm of a vertex) or overlap
 * along a stretch longer than a shared vertex; null when the boundary is simple. Rings touching at a vertex (a hole on
 * its shell) are no crossing.
 */
export function firstCrossing(rings: Position[][]): [number, number] | null {
  try {
    return sweep(rings);
  } finally {
    // A huge polygon's working arrays are not kept.
    if (scratch.capacity > 1 << 20) grow(0, true);
  }
}

function sweep(rings: Position[][]): [number, number] | null {
  let n = 0;
  for (const r of rings) n += Math.max(0, r.length - 1);
  if (n < 2) return null;
  if (n > scratch.capacity) grow(n);
  const { e, minX, maxX, order, active, step, count } = scratch;
  let k = 0;
  for (const r of rings)
    for (let i = 1; i < r.length; i++, k++) {
      const ax = r[i - 1]![0]!,
        ay = r[i - 1]![1]!,
        bx = r[i]![0]!,
        by = r[i]![1]!;
      e[k * 4] = ax;
      e[k * 4 + 1] = ay;
      e[k * 4 + 2] = bx;
      e[k * 4 + 3] = by;
      minX[k] = Math.min(ax, bx);
      maxX[k] = Math.max(ax, bx);
    }
  // Sweep order by a counting sort: the left ends in n steps across the rings' width, each step in edge order. Linear,
  // and no comparisons (a comparator sort costs more than the sweep itself).
  let left = Infinity,
    right = -Infinity;
  for (let i = 0; i < n; i++) {
    if (minX[i]! < left) left = minX[i]!;
    if (maxX[i]! > right) right = maxX[i]!;
  }
  const per = right > left ? (n - 1) / (right - left) : 0;
  count.fill(0, 0, n + 1);
  for (let i = 0; i < n; i++) {
    const b = Math.min(n - 1, Math.floor((minX[i]! - left) * per));
    step[i] = b;
    count[b + 1]!++;
  }
  for (let b = 0; b < n; b++) count[b + 1]! += count[b]!;
  for (let i = 0; i < n; i++) order[count[step[i]!]!++] = i;
  let open = 0;
  for (let s = 0; s < n; s++) {
    const i = order[s]!;
    // An edge is closed once it ends left of every edge still to come: those start in this step or a later one, so
    // left of this step's start (less one step, against rounding) is safely left of them all.
    const x0 = per > 0 ? left + (step[i]! - 1) / per : -Infinity;
    const ax = e[i * 4]!,
      ay = e[i * 4 + 1]!,
      bx = e[i * 4 + 2]!,
      by = e[i * 4 + 3]!;
    const lo = Math.min(ay, by),
      hi = Math.max(ay, by);
    let w = 0;
    for (let t = 0; t < open; t++) {
      const j = active[t]!;
      if (maxX[j]! < x0) continue; // closed: every later edge starts right of it
      active[w++] = j;
      const cx = e[j * 4]!,
        cy = e[j * 4 + 1]!,
        dx = e[j * 4 + 2]!,
        dy = e[j * 4 + 3]!;
      if (Math.max(cy, dy) < lo || Math.min(cy, dy) > hi) continue;
      const o1 = side(ax, ay, bx, by, cx, cy),
        o2 = side(ax, ay, bx, by, dx, dy);
      if (o1 * o2 > 0) continue;
      const o3 = side(cx, cy, dx, dy, ax, ay),
        o4 = side(cx, cy, dx, dy, bx, by);
      if (o1 * o2 < 0 && o3 * o4 < 0) {
        const u = o3 / (o3 - o4);
        const px = ax + u * (bx - ax),
          py = ay + u * (by - ay);
        if (near(ax, ay, px, py) || near(bx, by, px, py) || near(cx, cy, px, py) || near(dx, dy, px, py)) continue;
        return [px, py];
      }
      if (o1 === 0 && o2 === 0) {
        // Collinear: an overlap longer than a shared vertex, reported at its lower end along the dominant axis.
        const byX = Math.abs(bx - ax) >= Math.abs(by - ay);
        const [p0, p1, q0, q1] = byX ? [ax, bx, cx, dx] : [ay, by, cy, dy];
        const from = Math.max(Math.min(p0, p1), Math.min(q0, q1)),
          to = Math.min(Math.max(p0, p1), Math.max(q0, q1));
        if (to > from) {
          const ends: [number, number][] = [
            [ax, ay],
            [bx, by],
            [cx, cy],
            [dx, dy],
          ];
          return ends.find((p) => p[byX ? 0 : 1] === from) ?? [ax, ay];
        }
      }
    }
    open = w;
    active[open++] = i;
  }
  return null;
}
