// Test support: the area-weighted planar centroid (as GEOS computes it) and a metre distance between lon/lat points.
import type { Geometry, Position } from 'geojson';
import { geodesicM } from '../../../src/lib/geo/ellipsoid';

function ringCentroid(ring: Position[]): { a: number; x: number; y: number } {
  let a = 0,
    x = 0,
    y = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i] as [number, number];
    const [x1, y1] = ring[i + 1] as [number, number];
    const c = x0 * y1 - x1 * y0;
    a += c;
    x += (x0 + x1) * c;
    y += (y0 + y1) * c;
  }
  return { a: a / 2, x, y };
}

/** Centroid of a polygon or multipolygon (holes subtracted), in lon/lat. */
export function centroid(g: Geometry): [number, number] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let A = 0,
    X = 0,
    Y = 0;
  for (const rings of polys)
    rings.forEach((r, i) => {
      const c = ringCentroid(r);
      const sign = (i === 0 ? 1 : -1) * Math.sign(c.a);
      A += sign * Math.abs(c.a);
      X += sign * Math.sign(c.a) * c.x;
      Y += sign * Math.sign(c.a) * c.y;
    });
  return [X / (6 * A), Y / (6 * A)];
}

export const metres = (a: [number, number], b: [number, number]) => geodesicM(a, b);
