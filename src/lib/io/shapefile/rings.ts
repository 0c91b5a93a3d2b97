// Polygon parts as a shapefile stores them (rings in any order) assembled into polygons with their holes.

import type { Position } from 'geojson';
import type { XY } from './shp';

export function signedArea(ring: XY[] | Position[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}

export function inRing(p: XY, ring: XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export interface Ring {
  pts: XY[];
  area: number;
  box: [number, number, number, number];
}

/** Whether ring a lies inside ring b: a majority of up to 9 of a's vertices (a touching vertex is outvoted). */
export function ringInside(a: Ring, b: Ring): boolean {
  if (a.box[0] < b.box[0] || a.box[1] < b.box[1] || a.box[2] > b.box[2] || a.box[3] > b.box[3]) return false;
  const m = a.pts.length - 1;
  const step = Math.max(1, Math.floor(m / 9));
  let yes = 0;
  let votes = 0;
  for (let i = 0; i < m; i += step) {
    votes++;
    if (inRing(a.pts[i]!, b.pts)) yes++;
  }
  return yes * 2 > votes;
}

/**
 * Polygon parts as polygons (outer ring, then its holes), in the file's coordinates. Clockwise rings are
 * outer rings, counter-clockwise ones holes, each hole going to the smallest outer ring that contains it.
 * A file whose rings all run counter-clockwise (some writers ignore the rule) is read by nesting instead.
 */
export function assemblePolygons(parts: XY[][], warn: (code: string, zh: string, en: string) => void): XY[][][] {
  const rings: Ring[] = [];
  let closed = false;
  let degenerate = 0;
  for (const part of parts) {
    const pts = part.slice();
    const a = pts[0]!;
    const b = pts[pts.length - 1]!;
    if (a[0] !== b[0] || a[1] !== b[1]) {
      pts.push([a[0], a[1]]);
      closed = true;
    }
    const area = signedArea(pts);
    if (pts.length < 4 || area === 0) {
      degenerate++;
      continue;
    }
    const box: Ring['box'] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of pts) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
    rings.push({ pts, area, box });
  }
  if (closed) warn('ring-closed', '有环首尾点不重合，已自动闭合', 'a ring was not closed; closed it');
  if (degenerate)
    warn(
      'degenerate-ring',
      `${degenerate} 个环少于 3 个点或面积为零，已忽略`,
      `${degenerate} ring(s) with fewer than 3 points or no area were dropped`,
    );

  let outers = rings.filter((r) => r.area < 0);
  let holes = rings.filter((r) => r.area > 0);
  if (!outers.length && holes.length) {
    warn(
      'ring-orientation',
      '所有环均为逆时针（不符合 shapefile 规范），已按嵌套关系区分外环与内环',
      'every ring runs counter-clockwise (against the shapefile rule); told outer rings from holes by nesting',
    );
    const depth = rings.map(
      (r) => rings.filter((o) => o !== r && Math.abs(o.area) > Math.abs(r.area) && ringInside(r, o)).length,
    );
    outers = rings.filter((_, i) => depth[i]! % 2 === 0);
    holes = rings.filter((_, i) => depth[i]! % 2 === 1);
  }
  const polys = new Map<Ring, Ring[]>(outers.map((o) => [o, []]));
  let orphans = 0;
  for (const h of holes) {
    let best: Ring | null = null;
    for (const o of outers)
      if (Math.abs(o.area) > Math.abs(h.area) && (!best || Math.abs(o.area) < Math.abs(best.area)) && ringInside(h, o))
        best = o;
    if (best) polys.get(best)!.push(h);
    else {
      polys.set(h, []);
      orphans++;
    }
  }
  if (orphans)
    warn(
      'orphan-hole',
      `${orphans} 个内环（逆时针）不在任何外环内，已作为外环处理`,
      `${orphans} hole(s) (counter-clockwise rings) lie inside no outer ring; read them as outer rings`,
    );
  return [...polys.entries()].map(([o, hs]) => [o.pts, ...hs.map((h) => h.pts)]);
}
