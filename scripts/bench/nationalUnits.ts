// The national-scale synthetic control units (`npm run bench`, `npm run bench:browser`): a grid of cells over China's
// extent whose shared edges wiggle identically on both sides, so the units tile exactly as real ones do. 200 × 200
// cells with 31 vertices per edge: 40,000 units, about 5 million vertices.

import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { rng } from '../oracle/generate';

export const NATIONAL_EXTENT = [73, 18, 135, 53] as const;

export function nationalUnits(grid = 200, edge = 31): { fc: FeatureCollection<Polygon>; vertices: number } {
  const [W, S, E, N] = NATIONAL_EXTENT;
  const cw = (E - W) / grid;
  const ch = (N - S) / grid;
  /** A deterministic wiggle for a shared edge, so neighbouring cells meet exactly, as real units do. */
  const edgePoints = (x0: number, y0: number, x1: number, y1: number, key: number): Position[] => {
    const r = rng(key * 2654435761);
    const pts: Position[] = [];
    const nx = -(y1 - y0),
      ny = x1 - x0; // normal
    for (let k = 1; k < edge; k++) {
      const t = k / edge;
      const w = (r() - 0.5) * 0.12 * Math.sin(Math.PI * t);
      pts.push([x0 + t * (x1 - x0) + w * nx, y0 + t * (y1 - y0) + w * ny]);
    }
    return pts;
  };
  const hKey = (i: number, j: number) => (j * (grid + 1) + i) * 2 + 1;
  const vKey = (i: number, j: number) => (j * (grid + 1) + i) * 2 + 2;
  const cell = (i: number, j: number): Polygon => {
    const x0 = W + i * cw,
      x1 = x0 + cw,
      y0 = S + j * ch,
      y1 = y0 + ch;
    const bottom = edgePoints(x0, y0, x1, y0, hKey(i, j));
    const right = edgePoints(x1, y0, x1, y1, vKey(i + 1, j));
    const top = edgePoints(x0, y1, x1, y1, hKey(i, j + 1)).reverse();
    const left = edgePoints(x0, y0, x0, y1, vKey(i, j)).reverse();
    const ring: Position[] = [[x0, y0], ...bottom, [x1, y0], ...right, [x1, y1], ...top, [x0, y1], ...left, [x0, y0]];
    return { type: 'Polygon', coordinates: [ring] };
  };
  const features: Feature<Polygon>[] = [];
  let vertices = 0;
  for (let j = 0; j < grid; j++)
    for (let i = 0; i < grid; i++) {
      const g = cell(i, j);
      vertices += g.coordinates[0]!.length;
      features.push({ type: 'Feature', properties: { id: `U${i}-${j}`, ZHGKDYFL: 1 + ((i + j) % 3) }, geometry: g });
    }
  return { fc: { type: 'FeatureCollection', features }, vertices };
}
