// A site geometry packed into typed arrays: copied between threads and into IndexedDB as one block of memory (a
// million vertices in milliseconds), where the same geometry as nested arrays costs a million small objects to clone.
// And a display copy of a large geometry, simplified, for the map and the list.

import type { Geometry, Position } from 'geojson';
import { vertexCount } from './geometryWalk';

export type PackedType = 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon';

export interface PackedGeometry {
  type: PackedType;
  /** x, y of every vertex, in order. */
  coords: Float64Array;
  /** The vertex where each ring or line ends (exclusive). */
  ends: Uint32Array;
  /** The ring where each polygon ends (exclusive); for a MultiPolygon only. */
  parts: Uint32Array;
}

/** Sites above this many vertices are kept packed, with a simplified copy for display. */
export const PACK_FROM = 50_000;
/** Vertices of a large site's display copy, about. */
const DISPLAY_VERTICES = 20_000;

/** Packs a geometry (not a collection: a site is one kind). */
export function pack(g: Exclude<Geometry, { type: 'GeometryCollection' }>): PackedGeometry {
  const paths: Position[][] =
    g.type === 'Point'
      ? [[g.coordinates]]
      : g.type === 'MultiPoint' || g.type === 'LineString'
        ? [g.coordinates]
        : g.type === 'MultiLineString' || g.type === 'Polygon'
          ? g.coordinates
          : g.coordinates.flat();
  const coords = new Float64Array(paths.reduce((n, p) => n + p.length, 0) * 2);
  const ends = new Uint32Array(paths.length);
  let k = 0;
  paths.forEach((p, i) => {
    for (const v of p) {
      coords[k++] = v[0]!;
      coords[k++] = v[1]!;
    }
    ends[i] = k / 2;
  });
  const parts =
    g.type === 'MultiPolygon'
      ? Uint32Array.from(
          g.coordinates.reduce<number[]>((acc, p) => [...acc, (acc[acc.length - 1] ?? 0) + p.length], []),
        )
      : new Uint32Array(0);
  return { type: g.type, coords, ends, parts };
}

export function unpack(p: PackedGeometry): Geometry {
  const paths: Position[][] = [];
  let start = 0;
  for (const end of p.ends) {
    const path: Position[] = new Array<Position>(end - start);
    for (let i = start; i < end; i++) path[i - start] = [p.coords[2 * i]!, p.coords[2 * i + 1]!];
    paths.push(path);
    start = end;
  }
  switch (p.type) {
    case 'Point':
      return { type: 'Point', coordinates: paths[0]![0]! };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: paths[0]! };
    case 'LineString':
      return { type: 'LineString', coordinates: paths[0]! };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: paths };
    case 'Polygon':
      return { type: 'Polygon', coordinates: paths };
    case 'MultiPolygon': {
      const polys: Position[][][] = [];
      let r = 0;
      for (const end of p.parts) {
        polys.push(paths.slice(r, end));
        r = end;
      }
      return { type: 'MultiPolygon', coordinates: polys };
    }
  }
}

/** Douglas–Peucker on one path (iterative: a ring of a million vertices would overflow a recursive one). */
function simplifyPath(path: Position[], tolerance: number, closed: boolean): Position[] {
  const n = path.length;
  if (n <= (closed ? 4 : 2)) return path;
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  // A closed ring is split at its farthest vertex from the first, so that the two halves have distinct ends.
  const stack: [number, number][] = [];
  if (closed) {
    let far = 1,
      best = -1;
    for (let i = 1; i < n - 1; i++) {
      const d = (path[i]![0]! - path[0]![0]!) ** 2 + (path[i]![1]! - path[0]![1]!) ** 2;
      if (d > best) [best, far] = [d, i];
    }
    keep[far] = 1;
    stack.push([0, far], [far, n - 1]);
  } else stack.push([0, n - 1]);
  const t2 = tolerance * tolerance;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = path[a]! as [number, number];
    const [bx, by] = path[b]! as [number, number];
    const dx = bx - ax,
      dy = by - ay,
      len2 = dx * dx + dy * dy;
    let worst = -1,
      at = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = path[i]! as [number, number];
      let d: number;
      if (len2 === 0) d = (px - ax) ** 2 + (py - ay) ** 2;
      else {
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
      }
      if (d > worst) [worst, at] = [d, i];
    }
    if (worst > t2) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  const out: Position[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(path[i]!);
  return out;
}

/**
 * A copy of a large geometry with about DISPLAY_VERTICES vertices, for drawing and listing only: every measure and
 * check uses the full geometry. The tolerance is found by halving until the copy is small enough.
 */
export function displayCopy(g: Geometry, [w, s, e, n]: readonly number[]): Geometry {
  const size = Math.max(e! - w!, n! - s!);
  let tolerance = size / 20_000;
  for (;;) {
    const tol = tolerance;
    const line = (p: Position[]) => simplifyPath(p, tol, false);
    const ring = (p: Position[]) => simplifyPath(p, tol, true);
    const copy: Geometry =
      g.type === 'LineString'
        ? { type: 'LineString', coordinates: line(g.coordinates) }
        : g.type === 'MultiLineString'
          ? { type: 'MultiLineString', coordinates: g.coordinates.map(line) }
          : g.type === 'Polygon'
            ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
            : g.type === 'MultiPolygon'
              ? { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) }
              : g;
    if (copy === g || vertexCount(copy) <= DISPLAY_VERTICES * 1.5 || tolerance > size) return copy;
    tolerance *= 2;
  }
}
