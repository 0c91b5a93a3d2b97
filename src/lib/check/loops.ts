// The pieces counted for an overlap, joined into closed loops, and the area they enclose.

import { exactRingSign } from './exact';
import { robustnessStats } from './robustness';

/**
 * The counted pieces joined into closed loops, and the area they enclose. Consecutive pieces that join are merged into
 * chains as they come; the chains are linked at the end. Each loop's ellipsoidal area takes the sign of its plane area
 * (lon/lat, where the topology was decided): a sliver between near-collinear edges, whose geodesic outline winds the
 * other way, counts as the small area it is, as a GIS measures the overlap polygon, rather than cancelling real area.
 */
export class Loops {
  private chains: Chain[] = [];
  private cur: Chain | null = null;
  /** How far rounding may have moved a computed meeting point, in degrees along each axis. */
  private readonly ulp: number;
  constructor(
    private readonly ox: number,
    private readonly oy: number,
    magnitude: number,
  ) {
    this.ulp = 2 * Number.EPSILON * (1 + magnitude);
  }
  /**
   * A directed piece x0,y0 → x1,y1 (interior on its left) and its area term; `rounded` when an end is a computed
   * meeting point (rounded to the nearest doubles) rather than a vertex as given.
   */
  add(x0: number, y0: number, x1: number, y1: number, term: number, rounded: boolean): void {
    const a = (x0 - this.ox) * (y1 - this.oy),
      b = (x1 - this.ox) * (y0 - this.oy);
    const len = Math.abs(x1 - x0) + Math.abs(y1 - y0);
    const c = this.cur;
    if (c && x0 === c.ex && y0 === c.ey) {
      c.ex = x1;
      c.ey = y1;
      c.geo += term;
      c.plane += a - b;
      c.abs += Math.abs(a) + Math.abs(b);
      c.len += len;
      c.rounded ||= rounded;
      c.xy.push(x1, y1);
      return;
    }
    this.cur = {
      sx: x0,
      sy: y0,
      ex: x1,
      ey: y1,
      geo: term,
      plane: a - b,
      abs: Math.abs(a) + Math.abs(b),
      len,
      rounded,
      xy: [x0, y0, x1, y1],
    };
    this.chains.push(this.cur);
  }
  /** The enclosed area, m² (NaN when the pieces do not close), and the part of it in loops whose two windings disagree. */
  measure(): { areaM2: number; sliverM2: number } {
    const starts = new Map<string, number[]>();
    this.chains.forEach((c, i) => {
      const k = `${c.sx},${c.sy}`;
      const list = starts.get(k);
      if (list) list.push(i);
      else starts.set(k, [i]);
    });
    const used = new Uint8Array(this.chains.length);
    let area = 0,
      sliver = 0;
    for (let i = 0; i < this.chains.length; i++) {
      if (used[i]) continue;
      let geo = 0,
        plane = 0,
        abs = 0;
      const loop: Chain[] = [];
      let c = this.chains[i]!;
      used[i] = 1;
      const home = `${c.sx},${c.sy}`;
      for (;;) {
        geo += c.geo;
        plane += c.plane;
        abs += c.abs;
        loop.push(c);
        const k = `${c.ex},${c.ey}`;
        if (k === home) break;
        const next = starts.get(k)?.find((j) => !used[j]);
        if (next === undefined) return { areaM2: Number.NaN, sliverM2: 0 };
        used[next] = 1;
        c = this.chains[next]!;
      }
      const sign = this.planeSign(plane, abs, loop);
      area += sign < 0 ? -Math.abs(geo) : sign > 0 ? Math.abs(geo) : geo;
      if (sign * geo < 0) sliver += Math.abs(geo);
    }
    return { areaM2: area, sliverM2: sliver };
  }
  /**
   * Which way a loop winds in the plane. A sliver between near-collinear edges encloses almost nothing there: when the
   * loop passes through computed meeting points and encloses less than rounding them may have moved, its winding is
   * not known, and it counts as the small piece of overlap it is (as GEOS builds it, a polygon of its own); made of
   * vertices as given, it winds exactly as its vertices say.
   */
  private planeSign(plane: number, abs: number, loop: Chain[]): number {
    let n = 0,
      len = 0,
      rounded = false;
    for (const c of loop) {
      n += c.xy.length >> 1;
      len += c.len;
      rounded ||= c.rounded;
    }
    const floatError = (n + 4) * Number.EPSILON * abs;
    if (rounded && Math.abs(plane) <= floatError + len * this.ulp) return 1;
    if (Math.abs(plane) > floatError) return Math.sign(plane);
    robustnessStats.exactLoops++;
    const xy: number[] = [];
    for (const c of loop) for (let k = 0; k < c.xy.length - 2; k++) xy.push(c.xy[k]!);
    return exactRingSign(xy);
  }
}

interface Chain {
  sx: number;
  sy: number;
  ex: number;
  ey: number;
  /** Sum of the pieces' ellipsoidal area terms, of their plane shoelace terms, and of those terms' magnitudes. */
  geo: number;
  plane: number;
  abs: number;
  /** Plane length (|dx| + |dy|), and whether an end of a piece is a computed (rounded) meeting point. */
  len: number;
  rounded: boolean;
  /** The chain's vertices, x, y pairs (start and every end). */
  xy: number[];
}
