// Ring primitives shared by validation and clean-up: winding, closure and duplicate vertices.

import type { Position } from 'geojson';

/** Twice the signed planar area of a ring in degrees²; positive means counter-clockwise. */
export function ringSignedArea2(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, n = ring.length; i < n - 1; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    sum += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return sum;
}

export function isClosed(ring: Position[]): boolean {
  if (ring.length < 2) return false;
  const a = ring[0]!;
  const b = ring[ring.length - 1]!;
  return a[0] === b[0] && a[1] === b[1];
}

export function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Index of the first vertex equal to its predecessor, or -1. */
export function firstDuplicateVertex(ring: Position[]): number {
  for (let i = 1; i < ring.length; i++) if (samePosition(ring[i - 1]!, ring[i]!)) return i;
  return -1;
}

/**
 * A ring without consecutive duplicate vertices and without spikes that fold straight back
 * (A, B, A), closed, wound as asked. Returns null when fewer than three distinct vertices remain.
 */
export function cleanRing(ring: Position[], counterClockwise: boolean): Position[] | null {
  const out: Position[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (last && samePosition(last, p)) continue;
    // A, B, A: B is a zero-width spike; drop B and the repeated A.
    const prev = out[out.length - 2];
    if (prev && samePosition(prev, p)) {
      out.pop();
      continue;
    }
    out.push([p[0]!, p[1]!]);
  }
  if (out.length > 1 && samePosition(out[0]!, out[out.length - 1]!)) out.pop();
  if (out.length < 3) return null;
  out.push([out[0]![0]!, out[0]![1]!]);
  const ccw = ringSignedArea2(out) > 0;
  if (ccw !== counterClockwise) out.reverse();
  return out;
}
