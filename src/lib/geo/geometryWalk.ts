// Walking a GeoJSON geometry's coordinates: map every position, or list them all.

import type { Geometry, Position } from 'geojson';

export function mapGeometry(g: Geometry, fn: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: fn(g.coordinates) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: g.coordinates.map(fn) };
    case 'LineString':
      return { type: 'LineString', coordinates: g.coordinates.map(fn) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map(fn)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(fn)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(fn))) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((x) => mapGeometry(x, fn)) };
  }
}

export function positions(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap(positions);
  }
}

/** The vertices of a geometry, counted without listing them. */
export function vertexCount(g: Geometry): number {
  switch (g.type) {
    case 'Point':
      return 1;
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates.length;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.reduce((n, r) => n + r.length, 0);
    case 'MultiPolygon':
      return g.coordinates.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
    case 'GeometryCollection':
      return g.geometries.reduce((n, x) => n + vertexCount(x), 0);
  }
}

/** [west, south, east, north] of the positions, in one pass (a spread into Math.min overflows the stack on big files). */
export function bboxOf(points: Position[]): [number, number, number, number] {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const p of points) {
    if (p[0]! < minX) minX = p[0]!;
    if (p[1]! < minY) minY = p[1]!;
    if (p[0]! > maxX) maxX = p[0]!;
    if (p[1]! > maxY) maxY = p[1]!;
  }
  return [minX, minY, maxX, maxY];
}
