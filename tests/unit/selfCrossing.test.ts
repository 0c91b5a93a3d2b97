// The sweep that finds where a boundary crosses itself, against every pair of edges tested by brute force, on random
// rings that cross and rings that do not, and on the cases validators disagree on (a hole touching its shell at a
// vertex, a spike folded back along an edge, a crossing a hair from a vertex).
import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { orient2d } from 'robust-predicates';
import { firstCrossing } from '../../src/lib/check/selfCrossing';
import { rng } from '../../scripts/oracle/generate';

const side = (a: Position, b: Position, c: Position) => -orient2d(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!);

/** Every pair of edges: a proper crossing, or a collinear overlap longer than a point. */
function bruteForce(rings: Position[][]): boolean {
  const edges: [Position, Position][] = rings.flatMap((r) =>
    r.slice(1).map((p, i) => [r[i]!, p] as [Position, Position]),
  );
  for (let i = 0; i < edges.length; i++)
    for (let j = i + 1; j < edges.length; j++) {
      const [a, b] = edges[i]!;
      const [c, d] = edges[j]!;
      const o1 = side(a, b, c),
        o2 = side(a, b, d),
        o3 = side(c, d, a),
        o4 = side(c, d, b);
      if (o1 * o2 < 0 && o3 * o4 < 0) {
        const t = o3 / (o3 - o4);
        const p = [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)];
        if (![a, b, c, d].some((v) => Math.abs(v[0]! - p[0]!) < 1e-9 && Math.abs(v[1]! - p[1]!) < 1e-9)) return true;
      }
      if (o1 === 0 && o2 === 0) {
        const ax = Math.abs(b[0]! - a[0]!) >= Math.abs(b[1]! - a[1]!) ? 0 : 1;
        const lo = Math.max(Math.min(a[ax]!, b[ax]!), Math.min(c[ax]!, d[ax]!));
        const hi = Math.min(Math.max(a[ax]!, b[ax]!), Math.max(c[ax]!, d[ax]!));
        if (hi > lo) return true;
      }
    }
  return false;
}

/** A 4° square (shell, counter-clockwise) for the hole cases. */
const SHELL = [
  [0, 0],
  [4, 0],
  [4, 4],
  [0, 4],
  [0, 0],
];

/** A ring around (113.6, 34.7): star-shaped (simple) when `wobble` is 0, often crossing when it is not. */
function ring(rnd: () => number, n: number, wobble: number): Position[] {
  const pts: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = ((i + wobble * (rnd() - 0.5) * 6) / n) * 2 * Math.PI;
    const r = 0.01 + 0.01 * rnd();
    pts.push([113.6 + r * Math.cos(a), 34.7 + r * Math.sin(a)]);
  }
  return [...pts, pts[0]!];
}

describe('firstCrossing (sweep)', () => {
  it('agrees with every-pair testing on 600 random rings, simple and crossing', () => {
    const rnd = rng(42);
    let crossing = 0;
    for (let k = 0; k < 600; k++) {
      const rings = [ring(rnd, 4 + Math.floor(rnd() * 60), k % 3 === 0 ? 0 : rnd())];
      const expected = bruteForce(rings);
      crossing += expected ? 1 : 0;
      const at = firstCrossing(rings);
      expect(at !== null, `ring ${k}`).toBe(expected);
    }
    expect(crossing).toBeGreaterThan(100);
    expect(crossing).toBeLessThan(550);
  });

  it('finds a bowtie at its crossing, a spike folded back along an edge, and a hole crossing its shell', () => {
    expect(
      firstCrossing([
        [
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 2],
          [0, 0],
        ],
      ]),
    ).toEqual([1, 1]);
    const spike = [
      [0, 0],
      [2, 0],
      [3, 0],
      [2.5, 0],
      [2, 2],
      [0, 0],
    ];
    expect(firstCrossing([spike])).not.toBeNull();
    expect(
      firstCrossing([
        SHELL,
        [
          [1, 1],
          [1, 5],
          [2, 1],
          [1, 1],
        ],
      ]),
    ).not.toBeNull();
  });

  it('accepts a hole touching its shell at one vertex and a crossing within 0.1 mm of a vertex', () => {
    const touching = [
      [0, 0],
      [1, 2],
      [2, 1],
      [0, 0],
    ];
    expect(firstCrossing([SHELL, touching])).toBeNull();
    // A spur whose tip lies across the bottom edge: by 1e-11° (a conversion's hair) no crossing, by 1e-6° a crossing.
    const spur = (depth: number) => [
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [2.1, 4],
        [2, -depth],
        [1.9, 4],
        [0, 4],
        [0, 0],
      ],
    ];
    expect(firstCrossing(spur(1e-11))).toBeNull();
    expect(bruteForce(spur(1e-11))).toBe(false);
    expect(firstCrossing(spur(1e-6))).not.toBeNull();
  });
});
