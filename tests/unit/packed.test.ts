// Large sites kept packed: the round trip is exact for every kind, the display copy is small and stays on the shape.
import { describe, expect, it } from 'vitest';
import type { Geometry, Position } from 'geojson';
import { displayCopy, pack, unpack } from '../../src/lib/geo/packed';
import { bboxOf, positions, vertexCount } from '../../src/lib/geo/geometryWalk';
import { areaM2 } from '../../src/lib/geo/ellipsoid';
import { box } from './support/geometry';

const wiggly = (n: number, cx = 113.65, cy = 34.75, r = 0.05): Position[] => {
  const ring: Position[] = [];
  for (let k = 0; k < n; k++) {
    const a = (2 * Math.PI * k) / n;
    const rr = r * (0.8 + 0.15 * Math.sin(37 * a) + 0.05 * Math.sin(1013 * a));
    ring.push([cx + rr * Math.cos(a), cy + 0.8 * rr * Math.sin(a)]);
  }
  ring.push(ring[0]!);
  return ring;
};

describe('packed geometry', () => {
  const kinds: Geometry[] = [
    { type: 'Point', coordinates: [113.1, 34.2] },
    {
      type: 'MultiPoint',
      coordinates: [
        [113.1, 34.2],
        [113.2, 34.3],
      ],
    },
    {
      type: 'LineString',
      coordinates: [
        [113.1, 34.2],
        [113.2, 34.3],
        [113.25, 34.1],
      ],
    },
    {
      type: 'MultiLineString',
      coordinates: [
        [
          [113.1, 34.2],
          [113.2, 34.3],
        ],
        [
          [113.3, 34.2],
          [113.4, 34.3],
        ],
      ],
    },
    { type: 'Polygon', coordinates: [box(113, 34, 113.1, 34.1), box(113.04, 34.04, 113.06, 34.06).reverse()] },
    {
      type: 'MultiPolygon',
      coordinates: [
        [box(113, 34, 113.1, 34.1), box(113.04, 34.04, 113.06, 34.06).reverse()],
        [box(113.2, 34, 113.3, 34.1)],
        [
          box(113.4, 34, 113.5, 34.1),
          box(113.41, 34.01, 113.42, 34.02).reverse(),
          box(113.45, 34.05, 113.46, 34.06).reverse(),
        ],
      ],
    },
  ];
  it.each(kinds.map((g) => [g.type, g] as const))('%s packs and unpacks exactly', (_, g) => {
    const p = pack(g as Exclude<Geometry, { type: 'GeometryCollection' }>);
    expect(p.coords.length / 2).toBe(vertexCount(g));
    expect(unpack(p)).toEqual(g);
    // A structured clone (as to a worker or IndexedDB) keeps it whole.
    expect(unpack(structuredClone(p))).toEqual(g);
  });

  it('a million-vertex ring: a display copy of about 20,000 vertices within a hair of the shape', () => {
    const g: Geometry = {
      type: 'Polygon',
      coordinates: [wiggly(1_000_000), wiggly(5000, 113.65, 34.75, 0.01).reverse()],
    };
    const copy = displayCopy(g, bboxOf(positions(g)));
    expect(copy.type).toBe('Polygon');
    const n = vertexCount(copy);
    expect(n).toBeLessThanOrEqual(30_000);
    expect(n).toBeGreaterThan(1000);
    // Drawn, it encloses the same area to a small fraction (measures never use it).
    expect(Math.abs(areaM2(copy) - areaM2(g)) / areaM2(g)).toBeLessThan(5e-3);
    // Rings stay closed and keep their first vertex.
    for (const r of (copy as { coordinates: Position[][] }).coordinates) expect(r[r.length - 1]).toEqual(r[0]);
  });

  it('a small geometry is its own display copy', () => {
    const g: Geometry = { type: 'Polygon', coordinates: [box(113, 34, 113.1, 34.1)] };
    expect(vertexCount(displayCopy(g, [113, 34, 113.1, 34.1]))).toBe(5);
  });
});
