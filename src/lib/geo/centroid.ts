// The centroid GEOS gives: area-weighted for polygons (holes subtracted), length-weighted for lines, the mean for points; planar in lon/lat.

import type { Geometry, Position } from 'geojson';

/** Moments about a local origin: raw lon/lat products (≈ 113 × 34) would cancel away a metre of precision. */
function ringMoments(ring: Position[], ox: number, oy: number): { a: number; x: number; y: number } {
  let a = 0,
    x = 0,
    y = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const x0 = ring[i]![0]! - ox,
      y0 = ring[i]![1]! - oy,
      x1 = ring[i + 1]![0]! - ox,
      y1 = ring[i + 1]![1]! - oy;
    const c = x0 * y1 - x1 * y0;
    a += c;
    x += (x0 + x1) * c;
    y += (y0 + y1) * c;
  }
  return { a: a / 2, x: x / 6, y: y / 6 };
}

export function centroid(g: Geometry): [number, number] | null {
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    const origin = polys[0]?.[0]?.[0];
    if (!origin) return null;
    const ox = origin[0]!,
      oy = origin[1]!;
    let A = 0,
      X = 0,
      Y = 0;
    for (const rings of polys)
      rings.forEach((r, i) => {
        const m = ringMoments(r, ox, oy);
        // Shells add and holes subtract, whatever their winding.
        const s = (i === 0 ? 1 : -1) * Math.sign(m.a);
        A += s * m.a;
        X += s * m.x;
        Y += s * m.y;
      });
    return A !== 0 ? [ox + X / A, oy + Y / A] : null;
  }
  if (g.type === 'LineString' || g.type === 'MultiLineString') {
    let L = 0,
      X = 0,
      Y = 0;
    for (const l of g.type === 'LineString' ? [g.coordinates] : g.coordinates)
      for (let i = 1; i < l.length; i++) {
        const d = Math.hypot(l[i]![0]! - l[i - 1]![0]!, l[i]![1]! - l[i - 1]![1]!);
        L += d;
        X += (d * (l[i]![0]! + l[i - 1]![0]!)) / 2;
        Y += (d * (l[i]![1]! + l[i - 1]![1]!)) / 2;
      }
    return L > 0 ? [X / L, Y / L] : null;
  }
  if (g.type === 'Point') return [g.coordinates[0]!, g.coordinates[1]!];
  if (g.type === 'MultiPoint' && g.coordinates.length)
    return [
      g.coordinates.reduce((s, p) => s + p[0]!, 0) / g.coordinates.length,
      g.coordinates.reduce((s, p) => s + p[1]!, 0) / g.coordinates.length,
    ];
  return null;
}
