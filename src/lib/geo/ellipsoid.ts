// Ellipsoidal (WGS84) areas and lengths with GeographicLib, the algorithm PROJ's Geod uses: turf's sphere is off by up to 0.2 % here.

import * as geographiclib from 'geographiclib-geodesic';
import type { Geometry, Position } from 'geojson';

// The package is CommonJS: Node's ESM loader exposes it as a default export, bundlers as named exports.
const { Geodesic } = (geographiclib as unknown as { default?: typeof geographiclib }).default ?? geographiclib;

/** CGCS2000 differs from WGS84 only in the flattening's 10th digit: under 0.1 mm over a city, so WGS84 serves both. */
const WGS84 = Geodesic.WGS84;
const DISTANCE = Geodesic.DISTANCE;
const AREA = Geodesic.AREA;

/** Geodesic distance between two lon/lat positions, in metres. */
export function geodesicM(a: Position, b: Position): number {
  return WGS84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!, DISTANCE).s12 ?? 0;
}

/**
 * The area term of one directed geodesic edge: summed over a closed boundary traversed with the
 * interior on the left, −ΣS12 is the enclosed area (away from the poles and the 0°/180° meridians).
 * Summing edges needs no ring order, so an intersection's area follows from its boundary pieces alone.
 */
export function edgeAreaTerm(a: Position, b: Position): number {
  return -(WGS84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!, AREA).S12 ?? 0);
}

/** Length of a path through the positions along geodesics, in metres. */
export function pathLengthM(path: Position[]): number {
  let sum = 0;
  for (let i = 1; i < path.length; i++) sum += geodesicM(path[i - 1]!, path[i]!);
  return sum;
}

/** Unsigned area enclosed by a ring whose vertices are joined by geodesics, in m². */
export function ringAreaM2(ring: Position[]): number {
  const poly = WGS84.Polygon(false);
  // The closing vertex repeats the first; PolygonArea closes the ring itself.
  const n =
    ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1]
      ? ring.length - 1
      : ring.length;
  for (let i = 0; i < n; i++) poly.AddPoint(ring[i]![1]!, ring[i]![0]!);
  return Math.abs(poly.Compute(false, true).area ?? 0);
}

/** Area of a polygon (outer ring minus holes), in m². */
export function polygonAreaM2(rings: Position[][]): number {
  let area = rings[0] ? ringAreaM2(rings[0]) : 0;
  for (let i = 1; i < rings.length; i++) area -= ringAreaM2(rings[i]!);
  return Math.max(0, area);
}

/** Area of any geometry in m²: polygons count, points and lines are zero. */
export function areaM2(g: Geometry | null): number {
  if (!g) return 0;
  switch (g.type) {
    case 'Polygon':
      return polygonAreaM2(g.coordinates);
    case 'MultiPolygon':
      return g.coordinates.reduce((s, p) => s + polygonAreaM2(p), 0);
    case 'GeometryCollection':
      return g.geometries.reduce((s, x) => s + areaM2(x), 0);
    default:
      return 0;
  }
}

/** Length of any geometry's lines in metres: points and polygons are zero. */
export function lengthM(g: Geometry | null): number {
  if (!g) return 0;
  switch (g.type) {
    case 'LineString':
      return pathLengthM(g.coordinates);
    case 'MultiLineString':
      return g.coordinates.reduce((s, l) => s + pathLengthM(l), 0);
    case 'GeometryCollection':
      return g.geometries.reduce((s, x) => s + lengthM(x), 0);
    default:
      return 0;
  }
}

export const M2_PER_HA = 10_000;
/** 1 亩 = 10,000/15 m² (市亩). */
export const M2_PER_MU = 10_000 / 15;
