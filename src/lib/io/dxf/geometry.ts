// DXF shapes made planar: the object coordinate system's mirror, arcs and bulges cut into segments within a tolerance.

import {
  ARC_MAX_SEGMENTS,
  ARC_MIN_SEGMENTS,
  CIRCLE_SEGMENTS,
  type PathVertex,
  type RawEntity,
  type Shape,
  type XY,
} from './model';

export function groups(e: RawEntity) {
  const first = new Map<number, string>();
  for (const p of e.pairs) if (!first.has(p.code)) first.set(p.code, p.value);
  return {
    has: (code: number) => first.has(code),
    str: (code: number) => first.get(code) ?? '',
    num: (code: number, fallback = 0) => {
      const v = first.get(code);
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      return Number.isFinite(n) ? n : NaN;
    },
  };
}

/** Whether the entity's object coordinate system mirrors X (extrusion 0,0,-1); null for any tilted extrusion. */
export function ocsMirror(g: ReturnType<typeof groups>): boolean | null {
  const nx = g.num(210, 0),
    ny = g.num(220, 0),
    nz = g.num(230, 1);
  if (!Number.isFinite(nx) || !Number.isFinite(ny) || !Number.isFinite(nz)) return null;
  if (Math.abs(nx) > 1e-9 || Math.abs(ny) > 1e-9 || nz === 0) return null;
  return nz < 0;
}

/** Points that decide the CRS: vertices and centres in world coordinates. */
export function controlPoints(s: Shape): XY[] {
  const m = (x: number, mirror: boolean) => (mirror ? -x : x);
  switch (s.t) {
    case 'point':
      return [s.p];
    case 'path':
      return s.v.map((p) => [m(p.x, s.mirror), p.y]);
    case 'circle':
    case 'arc':
      return [[m(s.c[0], s.mirror), s.c[1]]];
  }
}

/** How many chords an arc of radius r sweeping `sweep` radians needs so no sagitta exceeds `tol`. */
export function arcSegments(r: number, sweep: number, tol: number, min: number): number {
  const step = tol >= 2 * r ? 2 * Math.PI : 2 * Math.acos(1 - tol / r);
  const n = Math.ceil(Math.abs(sweep) / step - 1e-9);
  return Math.min(ARC_MAX_SEGMENTS, Math.max(min, Number.isFinite(n) ? n : ARC_MAX_SEGMENTS));
}

/** The points of a bulged segment strictly between its ends (bulge = tan(sweep / 4), positive counter-clockwise). */
export function bulgePoints(a: PathVertex, b: PathVertex, tol: number): XY[] {
  const dx = b.x - a.x,
    dy = b.y - a.y;
  const c = Math.hypot(dx, dy);
  if (Math.abs(a.bulge) < 1e-12 || c === 0) return [];
  const sweep = 4 * Math.atan(a.bulge);
  const off = (c * (1 - a.bulge * a.bulge)) / (4 * a.bulge);
  const cx = (a.x + b.x) / 2 - (dy / c) * off,
    cy = (a.y + b.y) / 2 + (dx / c) * off;
  const r = Math.hypot(a.x - cx, a.y - cy);
  const start = Math.atan2(a.y - cy, a.x - cx);
  const n = arcSegments(r, sweep, tol, ARC_MIN_SEGMENTS);
  const out: XY[] = [];
  for (let k = 1; k < n; k++) {
    const t = start + (sweep * k) / n;
    out.push([cx + r * Math.cos(t), cy + r * Math.sin(t)]);
  }
  return out;
}

/** A shape as planar world-coordinate points: polygons without the closing repeat. */
export function toPlanar(
  s: Shape,
  tol: number,
  budget: { left: number },
): { kind: 'Point' | 'LineString' | 'Polygon'; pts: XY[] } {
  let kind: 'Point' | 'LineString' | 'Polygon';
  let pts: XY[] = [];
  let mirror = false;
  switch (s.t) {
    case 'point':
      kind = 'Point';
      pts = [s.p];
      break;
    case 'path': {
      mirror = s.mirror;
      let v = s.v;
      const first = v[0],
        last = v[v.length - 1];
      const repeats =
        v.length >= 2 && first !== undefined && last !== undefined && first.x === last.x && first.y === last.y;
      // An open polyline that ends where it began is a closed outline drawn without the "close" option.
      const closed = s.closed || (repeats && v.length >= 4);
      if (closed && repeats) v = v.slice(0, -1);
      for (let i = 0; i < v.length; i++) {
        const a = v[i]!;
        pts.push([a.x, a.y]);
        const b = v[i + 1] ?? (closed ? v[0] : undefined);
        if (b) {
          const extra = bulgePoints(a, b, tol);
          budget.left -= extra.length + 1;
          if (budget.left < 0) return { kind: 'Point', pts: [] };
          pts.push(...extra);
        }
      }
      kind = closed ? 'Polygon' : 'LineString';
      break;
    }
    case 'circle': {
      mirror = s.mirror;
      kind = 'Polygon';
      const n = arcSegments(s.r, 2 * Math.PI, tol, CIRCLE_SEGMENTS);
      budget.left -= n;
      if (budget.left < 0) return { kind, pts: [] };
      for (let k = 0; k < n; k++)
        pts.push([s.c[0] + s.r * Math.cos((2 * Math.PI * k) / n), s.c[1] + s.r * Math.sin((2 * Math.PI * k) / n)]);
      break;
    }
    case 'arc': {
      mirror = s.mirror;
      kind = 'LineString';
      const a0 = (s.a0 * Math.PI) / 180;
      let sweep = ((((s.a1 - s.a0) % 360) + 360) % 360) * (Math.PI / 180);
      if (sweep === 0) sweep = 2 * Math.PI;
      const n = arcSegments(s.r, sweep, tol, ARC_MIN_SEGMENTS);
      budget.left -= n + 1;
      if (budget.left < 0) return { kind, pts: [] };
      for (let k = 0; k <= n; k++)
        pts.push([s.c[0] + s.r * Math.cos(a0 + (sweep * k) / n), s.c[1] + s.r * Math.sin(a0 + (sweep * k) / n)]);
      break;
    }
  }
  if (mirror) pts = pts.map(([x, y]) => [-x, y]);
  return { kind, pts };
}
