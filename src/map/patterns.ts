// Hatch patterns drawn over class fills so a zone's class is never told by colour alone.

import type { StyleClass } from '../lib/layers/manifest';

export const PATTERN_SIZE = 12;

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** RGBA pixels of a transparent tile with the class colour, darkened, drawn as the pattern's strokes. */
export function patternPixels(
  kind: NonNullable<StyleClass['pattern']>,
  color: string,
  size = PATTERN_SIZE,
): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const [r, g, b] = hexToRgb(color).map((c) => Math.round(c * 0.55)) as [number, number, number];
  const ink = (x: number, y: number) => {
    const i = ((y % size) * size + (x % size)) * 4;
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
    px[i + 3] = 230;
  };
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const diag = (x + y) % size === 0 || (x + y + 1) % size === 0;
      const anti = (x - y + size) % size === 0;
      if ((kind === 'diagonal' && diag) || (kind === 'cross' && (diag || anti))) ink(x, y);
    }
  if (kind === 'dots')
    for (const [x, y] of [
      [2, 2],
      [3, 2],
      [2, 3],
      [3, 3],
      [8, 8],
      [9, 8],
      [8, 9],
      [9, 9],
    ] as const)
      ink(x, y);
  return px;
}

export function patternName(layerId: string, value: string | number): string {
  return `pattern-${layerId}-${value}`;
}
