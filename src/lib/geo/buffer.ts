// A buffer zone around a point or line site (e.g. 500 m around a pipeline), built in a transverse Mercator
// plane centred on the site, so the distance holds on the ground to better than 0.01 %.

import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import * as polyclip from 'polyclip-ts';
import { localMetric } from './transverseMercator';
import { bboxOf, positions } from './geometryWalk';

/** Segments per full circle: a 500 m buffer's outline then sits within 0.6 m of the true circle. */
const SEGMENTS = 64;

function circle(cx: number, cy: number, r: number): [number, number][] {
  const ring: [number, number][] = [];
  for (let k = 0; k < SEGMENTS; k++) {
    // Points on the circle, so the polygon never reaches beyond the distance asked for.
    const a = (2 * Math.PI * k) / SEGMENTS;
    ring.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  ring.push(ring[0]!);
  return ring;
}

function capsule(a: [number, number], b: [number, number], r: number): [number, number][][] {
  const dx = b[0] - a[0],
    dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return [circle(a[0], a[1], r)];
  const nx = (-dy / len) * r,
    ny = (dx / len) * r;
  return [
    [
      [a[0] + nx, a[1] + ny],
      [a[0] - nx, a[1] - ny],
      [b[0] - nx, b[1] - ny],
      [b[0] + nx, b[1] + ny],
      [a[0] + nx, a[1] + ny],
    ],
  ];
}

/** The area within `distanceM` of a point, multipoint, line or multiline, as a (Multi)Polygon in lon/lat; null for others. */
export function bufferSite(g: Geometry, distanceM: number): Polygon | MultiPolygon | null {
  if (!(distanceM > 0) || !['Point', 'MultiPoint', 'LineString', 'MultiLineString'].includes(g.type)) return null;
  const pts = positions(g);
  const [west, , east] = bboxOf(pts);
  const plane = localMetric((west + east) / 2);
  const xy = (p: Position) => plane.forward(p[0]!, p[1]!);
  const pieces: [number, number][][][] = [];
  if (g.type === 'Point' || g.type === 'MultiPoint') for (const p of pts) pieces.push([circle(...xy(p), distanceM)]);
  else {
    const lines = g.type === 'LineString' ? [g.coordinates] : (g as { coordinates: Position[][] }).coordinates;
    for (const line of lines) {
      const ps = line.map(xy);
      for (const p of ps) pieces.push([circle(p[0], p[1], distanceM)]);
      for (let i = 1; i < ps.length; i++) pieces.push(capsule(ps[i - 1]!, ps[i]!, distanceM));
    }
  }
  const merged = polyclip.union(pieces[0]! as polyclip.Geom, ...(pieces.slice(1) as polyclip.Geom[]));
  const back = merged.map((rings) => rings.map((r) => r.map(([x, y]) => plane.inverse(x!, y!) as Position)));
  return back.length === 1 ? { type: 'Polygon', coordinates: back[0]! } : { type: 'MultiPolygon', coordinates: back };
}
