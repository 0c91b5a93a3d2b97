// Test support: small geometry builders.
import type { Position } from 'geojson';

/** A closed, counter-clockwise lon/lat rectangle ring. */
export const box = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
