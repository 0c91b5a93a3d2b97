// Pieces of a boundary (or of a path) against a polygon: where each edge runs inside, along or outside it, and what
// those pieces measure. The one module that cuts edges where two boundaries meet and classifies the pieces.
//
// Robustness rests on three rules. A meeting point of two edges is computed once and shared by both edges' pieces,
// so the pieces that bound an intersection join exactly. A piece whose float test point lies too near the other
// boundary to trust is classified exactly (rational arithmetic on the doubles as given). And the pieces counted
// for an area must form closed loops; if they do not, the caller is told, never given a number.

import { orient } from './planar';
import { edgeAreaTerm, geodesicM } from '../geo/ellipsoid';
import { exactLocateBetween, exactParam, exactRingSign, type ExactPoint } from './exact';
import type { PreparedPolygon } from './preparedPolygon';

/** A point where an edge meets the other boundary: parameter along the edge, position (shared by both edges). */
interface Cut {
  t: number;
  x: number;
  y: number;
  exact: ExactPoint;
}
/** A stretch [lo, hi] (parameters) of an edge lying along an edge of the other boundary; `same` when both interiors lie on one side. */
interface Along {
  lo: number;
  hi: number;
  same: boolean;
}
interface EdgeCuts {
  cuts: Cut[];
  along: Along[];
}
type Loc = 'in' | 'on' | 'out';
/** Where a piece lies: inside or outside, along the other boundary (interiors on the same side or apart), or undecidable. */
type PieceLoc = 'in' | 'out' | 'along-same' | 'along-apart' | 'undecided';

/** How often the exact arithmetic and the fallbacks ran (reported by the oracle comparison and the benchmark). */
export const robustnessStats = { pairs: 0, exactPieces: 0, exactLoops: 0, fallbacks: 0, failures: 0 };

const vertexCut = (t: number, x: number, y: number): Cut => ({ t, x, y, exact: { kind: 'vertex', x, y } });

/** Parameter of a point known to lie on edge p→q (exactly 0 and 1 at its ends). */
function paramOf(px: number, py: number, qx: number, qy: number, x: number, y: number): number {
  if (x === px && y === py) return 0;
  if (x === qx && y === qy) return 1;
  const ex = qx - px,
    ey = qy - py;
  return Math.min(1, Math.max(0, ((x - px) * ex + (y - py) * ey) / (ex * ex + ey * ey)));
}

function cutsOf(map: Map<number, EdgeCuts>, id: number): EdgeCuts {
  let c = map.get(id);
  if (!c) map.set(id, (c = { cuts: [], along: [] }));
  return c;
}

/**
 * Where edge p→q (of A) meets edge c→d (of B), recorded on both: touches and crossings as cuts, collinear
 * overlaps as `along` stretches bounded by cuts. Returns whether they meet at all. `onB` is null when only A's
 * pieces are wanted (paths).
 */
function meet(
  p: [number, number],
  q: [number, number],
  aLeft: boolean,
  onA: EdgeCuts,
  c: [number, number],
  d: [number, number],
  bLeft: boolean,
  cutsB: (() => EdgeCuts) | null,
): boolean {
  const [px, py] = p,
    [qx, qy] = q,
    [cx, cy] = c,
    [dx, dy] = d;
  if (px === qx && py === qy) return false; // a repeated vertex: a zero-length edge meets nothing
  const o1 = orient(p, q, c);
  const o2 = orient(p, q, d);
  if (o1 === 0 && o2 === 0) {
    // Collinear: order the four points along the line by its dominant axis (exact comparisons of doubles).
    const ax = Math.abs(qx - px) >= Math.abs(qy - py) ? 0 : 1;
    const sgn = (ax === 0 ? qx - px : qy - py) > 0 ? 1 : -1;
    const key = (v: [number, number]) => sgn * v[ax];
    const [lo1, hi1] = key(c) <= key(d) ? [c, d] : [d, c];
    const lo = key(lo1) > key(p) ? lo1 : p;
    const hi = key(hi1) < key(q) ? hi1 : q;
    if (key(lo) > key(hi)) return false;
    const onB = cutsB?.();
    const cutBoth = (v: [number, number]) => {
      onA.cuts.push(vertexCut(paramOf(px, py, qx, qy, v[0], v[1]), v[0], v[1]));
      onB?.cuts.push(vertexCut(paramOf(cx, cy, dx, dy, v[0], v[1]), v[0], v[1]));
    };
    cutBoth(lo);
    if (key(lo) === key(hi)) return true;
    cutBoth(hi);
    const same = key(d) > key(c) === (aLeft === bLeft);
    onA.along.push({ lo: paramOf(px, py, qx, qy, lo[0], lo[1]), hi: paramOf(px, py, qx, qy, hi[0], hi[1]), same });
    if (onB) {
      const u0 = paramOf(cx, cy, dx, dy, lo[0], lo[1]),
        u1 = paramOf(cx, cy, dx, dy, hi[0], hi[1]);
      onB.along.push({ lo: Math.min(u0, u1), hi: Math.max(u0, u1), same });
    }
    return true;
  }
  if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0)) return false;
  const o3 = orient(c, d, p);
  const o4 = orient(c, d, q);
  if ((o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0)) return false;
  // A touch at an end of either edge is that (exact) vertex; otherwise a proper crossing, computed once.
  let v: [number, number] | null = null;
  if (o3 === 0) v = p;
  else if (o4 === 0) v = q;
  else if (o1 === 0) v = c;
  else if (o2 === 0) v = d;
  const onB = cutsB?.();
  if (v) {
    onA.cuts.push(vertexCut(paramOf(px, py, qx, qy, v[0], v[1]), v[0], v[1]));
    onB?.cuts.push(vertexCut(paramOf(cx, cy, dx, dy, v[0], v[1]), v[0], v[1]));
    return true;
  }
  const t = Math.min(1, Math.max(0, o3 / (o3 - o4)));
  const u = Math.min(1, Math.max(0, o1 / (o1 - o2)));
  const x = px + t * (qx - px),
    y = py + t * (qy - py);
  onA.cuts.push({ t, x, y, exact: { kind: 'cross', cx, cy, dx, dy } });
  onB?.cuts.push({ t: u, x, y, exact: { kind: 'cross', cx: px, cy: py, dx: qx, dy: qy } });
  return true;
}

/**
 * Boundaries closer than this run along each other, for the abutting length: about 0.02 mm at these coordinates,
 * far above the few ulp by which a GIS's computed vertices stray from the edge they were cut on, far below any real gap
 * (GEOS snaps at a similar tolerance, a 1e-12 part of the coordinates' magnitude, when its exact noding fails).
 */
export const snapDistance = (x: number, y: number) => 1e-12 * (1 + Math.abs(x) + Math.abs(y));

/** Sine of the widest angle between two edges that still run along each other: rounding tilts an edge far less. */
const parallelSine = 1e-8;

/** The values of t in [t0, t1] where v0 + t (v1 − v0) lies in [lo, hi], or null. */
function clipParam(v0: number, v1: number, lo: number, hi: number, t0: number, t1: number): [number, number] | null {
  if (v1 === v0) return v0 >= lo && v0 <= hi ? [t0, t1] : null;
  const a = (lo - v0) / (v1 - v0),
    b = (hi - v0) / (v1 - v0);
  const s0 = Math.max(t0, Math.min(a, b)),
    s1 = Math.min(t1, Math.max(a, b));
  return s1 > s0 ? [s0, s1] : null;
}

/**
 * The stretch [t0, t1] of edge p→q that runs within `delta` of edge c→d, parallel to it, with the two interiors on
 * opposite sides (the polygons abut there), or null. Exactly collinear edges are the case delta = 0.
 */
function abutStretch(
  px: number,
  py: number,
  qx: number,
  qy: number,
  aLeft: boolean,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  bLeft: boolean,
  delta: number,
): [number, number] | null {
  const len = Math.hypot(dx - cx, dy - cy);
  if (len === 0) return null;
  const ux = (dx - cx) / len,
    uy = (dy - cy) / len;
  const fx = qx - px,
    fy = qy - py;
  const sameDirection = fx * ux + fy * uy > 0;
  if (sameDirection === (aLeft === bLeft)) return null;
  // Only edges parallel as far as rounding can tell (two edges meeting at a corner share no boundary).
  if (Math.abs(fx * uy - fy * ux) > parallelSine * Math.hypot(fx, fy)) return null;
  // Distance across the line c→d, and position along it, at either end of p→q.
  const across = (x: number, y: number) => (x - cx) * uy - (y - cy) * ux;
  const along = (x: number, y: number) => (x - cx) * ux + (y - cy) * uy;
  const t = clipParam(across(px, py), across(qx, qy), -delta, delta, 0, 1);
  return t && clipParam(along(px, py), along(qx, qy), 0, len, t[0], t[1]);
}

/** Geodesic length of the union of stretches [t0, t1] of edge p→q, m. */
function stretchesM(px: number, py: number, qx: number, qy: number, stretches: [number, number][]): number {
  stretches.sort((m, n) => m[0] - n[0]);
  const at = (t: number): [number, number] => (t <= 0 ? [px, py] : t >= 1 ? [qx, qy] : [px + t * (qx - px), py + t * (qy - py)]);
  let sum = 0;
  let [lo, hi] = stretches[0]!;
  for (const [s0, s1] of stretches.slice(1)) {
    if (s0 <= hi) hi = Math.max(hi, s1);
    else {
      sum += geodesicM(at(lo), at(hi));
      [lo, hi] = [s0, s1];
    }
  }
  return sum + geodesicM(at(lo), at(hi));
}

/** Far more than a float test point can stray from the exact piece it stands for (about 1e-14°), far less than any real feature. */
const nearMargin = (x: number, y: number) => 1e-12 * (1 + Math.abs(x) + Math.abs(y));

/** Location of the open piece c0→c1 of edge p→q in `b` (no boundary of b crosses its interior). */
function locatePiece(b: PreparedPolygon, px: number, py: number, qx: number, qy: number, c0: Cut, c1: Cut): Loc {
  const mid: [number, number] = [(c0.x + c1.x) / 2, (c0.y + c1.y) / 2];
  const loc = b.locateNear(mid, nearMargin(mid[0], mid[1]));
  if (loc !== 'near') return loc;
  robustnessStats.exactPieces++;
  return exactLocateBetween(b, px, py, qx, qy, exactParam(px, py, qx, qy, c0.exact), exactParam(px, py, qx, qy, c1.exact), mid);
}

/** A piece of an edge between two consecutive cuts, and the stretch along the other boundary it lies in, if any. */
interface Piece {
  c0: Cut;
  c1: Cut;
  along: Along | undefined;
  /**
   * Both ends round to the same doubles, but exactly they differ: a piece shorter than the coordinates can express,
   * as where an edge crosses another a fraction of an ulp from a vertex. It measures nothing but still tells where
   * the boundary runs (a sliver of overlap that small is still an overlap).
   */
  degenerate?: true;
}

/** Whether two cuts that round to the same point are exactly distinct points of edge p→q. */
function exactlyApart(px: number, py: number, qx: number, qy: number, m: Cut, n: Cut): boolean {
  if (m.exact.kind === 'vertex' && n.exact.kind === 'vertex') return false;
  const a = exactParam(px, py, qx, qy, m.exact),
    b = exactParam(px, py, qx, qy, n.exact);
  return a.n * b.d !== b.n * a.d;
}

/** An edge cut at its cuts, in order along it (cuts at the same point give one, or a degenerate piece when exactly apart). */
function piecesOf(px: number, py: number, qx: number, qy: number, e: EdgeCuts): Piece[] {
  const pts = [vertexCut(0, px, py), ...e.cuts, vertexCut(1, qx, qy)].sort((m, n) => m.t - n.t);
  const out: Piece[] = [];
  let prev = pts[0]!;
  for (let k = 1; k < pts.length; k++) {
    const cur = pts[k]!;
    const along = e.along.find((iv) => prev.t >= iv.lo && cur.t <= iv.hi);
    if (cur.x === prev.x && cur.y === prev.y) {
      if (exactlyApart(px, py, qx, qy, prev, cur)) out.push({ c0: prev, c1: cur, along, degenerate: true });
      continue;
    }
    out.push({ c0: prev, c1: cur, along });
    prev = cur;
  }
  return out;
}

/** Pieces with the same two ends are one segment, however their edges met: keyed by their ends, with direction and interior side. */
type PieceIndex = Map<string, { forward: boolean; left: boolean }>;
const pieceKey = (x0: number, y0: number, x1: number, y1: number) =>
  x0 < x1 || (x0 === x1 && y0 < y1) ? `${x0},${y0},${x1},${y1}` : `${x1},${y1},${x0},${y0}`;
const isForward = (x0: number, y0: number, x1: number, y1: number) => x0 < x1 || (x0 === x1 && y0 < y1);

function indexPieces(edges: { pieces: Piece[]; left: boolean }[]): PieceIndex {
  const idx: PieceIndex = new Map();
  for (const { pieces, left } of edges)
    for (const { c0, c1, along, degenerate } of pieces)
      if (!along && !degenerate) idx.set(pieceKey(c0.x, c0.y, c1.x, c1.y), { forward: isForward(c0.x, c0.y, c1.x, c1.y), left });
  return idx;
}

/**
 * Where a piece of edge p→q (interior on its left when `left`) lies against b, exactly (`loc`), and for the measures
 * (`measure`): a piece of b with the same two ends is the same segment, so the piece runs along b's boundary there
 * (as in GEOS's overlay once both boundaries are cut at the same points), with the interiors on the same side or apart.
 */
function classify(
  b: PreparedPolygon,
  px: number,
  py: number,
  qx: number,
  qy: number,
  left: boolean,
  piece: Piece,
  other: PieceIndex,
): { loc: PieceLoc; measure: PieceLoc } {
  const { c0, c1, along } = piece;
  if (along) {
    const loc = along.same ? 'along-same' : 'along-apart';
    return { loc, measure: loc };
  }
  const located = locatePiece(b, px, py, qx, qy, c0, c1);
  const loc: PieceLoc = located === 'on' ? 'undecided' : located;
  const t = other.get(pieceKey(c0.x, c0.y, c1.x, c1.y));
  const side = t ? ((t.forward === isForward(c0.x, c0.y, c1.x, c1.y)) === (t.left === left) ? 'same' : 'apart') : null;
  return { loc, measure: side === 'same' ? 'along-same' : side === 'apart' ? 'along-apart' : loc };
}

/**
 * The counted pieces joined into closed loops, and the area they enclose. Consecutive pieces that join are merged into
 * chains as they come; the chains are linked at the end. Each loop's ellipsoidal area takes the sign of its plane area
 * (lon/lat, where the topology was decided): a sliver between near-collinear edges, whose geodesic outline winds the
 * other way, counts as the small area it is, as a GIS measures the overlap polygon, rather than cancelling real area.
 */
class Loops {
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
    this.cur = { sx: x0, sy: y0, ex: x1, ey: y1, geo: term, plane: a - b, abs: Math.abs(a) + Math.abs(b), len, rounded, xy: [x0, y0, x1, y1] };
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

export interface PolygonOverlay {
  /** Area of a ∩ b, m² (meaningful only when `closed`). */
  areaM2: number;
  /** Some of a's boundary runs inside b / outside b (including along b with the interiors apart) / along b on b's side. */
  aIn: boolean;
  aOut: boolean;
  aShared: boolean;
  /** Some of b's boundary runs inside a. */
  bIn: boolean;
  /** The boundaries meet. */
  contact: boolean;
  /** Length of boundary the two run along (within the snap distance) with their interiors on opposite sides (abutting), m. */
  abuttingM: number;
  /**
   * Area of slivers between near-collinear edges whose geodesic outline winds against their plane outline, m²: the
   * area is uncertain by this much (the plane and the ellipsoid disagree on which side such a sliver lies).
   */
  sliverM2: number;
  /** The pieces counted for the area form closed loops, and every piece could be classified. */
  closed: boolean;
}

/**
 * The pieces of a's boundary against b and of b's boundary (near a) against a, measured: the area of a ∩ b is the
 * sum of the area terms of a's pieces inside b, b's pieces inside a, and the stretches both run along on the same side.
 */
/** An edge that the other boundary meets, with its pieces. */
interface CutEdge {
  id: number;
  px: number;
  py: number;
  qx: number;
  qy: number;
  left: boolean;
  pieces: Piece[];
}

/**
 * Locates the edges of `poly` that `other`'s boundary never meets, visited in id order: such an edge lies wholly on
 * the side where its predecessor along the ring ended, when that ended off the boundary; otherwise it is tested.
 */
class RingWalk {
  private prevId = -2;
  private prevLoc: 'in' | 'out' | null = null;
  constructor(
    private readonly poly: PreparedPolygon,
    private readonly other: PreparedPolygon,
  ) {}
  /** Edge `id` was visited and ended at this location ('in' / 'out', or null when it ended on the boundary). */
  passed(id: number, loc: 'in' | 'out' | null): void {
    this.prevId = id;
    this.prevLoc = loc;
  }
  locate(id: number, px: number, py: number, qx: number, qy: number): Loc {
    const continues = id === this.prevId + 1 && !this.poly.startsRing(id);
    const loc: Loc = continues && this.prevLoc ? this.prevLoc : locatePiece(this.other, px, py, qx, qy, vertexCut(0, px, py), vertexCut(1, qx, qy));
    this.passed(id, loc === 'on' ? null : loc);
    return loc;
  }
}

export function overlayPolygons(a: PreparedPolygon, b: PreparedPolygon): PolygonOverlay {
  robustnessStats.pairs++;
  const out: PolygonOverlay = { areaM2: 0, aIn: false, aOut: false, aShared: false, bIn: false, contact: false, abuttingM: 0, sliverM2: 0, closed: true };
  const loops = new Loops(a.bbox[0], a.bbox[1], Math.max(...a.bbox.map(Math.abs)));
  const whole = (poly: PreparedPolygon, id: number, left: boolean, px: number, py: number, qx: number, qy: number) => {
    if (left) loops.add(px, py, qx, qy, poly.orientedTerm(id), false);
    else loops.add(qx, qy, px, py, poly.orientedTerm(id), false);
  };
  const count = ({ c0, c1 }: Piece, left: boolean) => {
    const rounded = c0.exact.kind === 'cross' || c1.exact.kind === 'cross';
    if (left) loops.add(c0.x, c0.y, c1.x, c1.y, edgeAreaTerm([c0.x, c0.y], [c1.x, c1.y]), rounded);
    else loops.add(c1.x, c1.y, c0.x, c0.y, edgeAreaTerm([c1.x, c1.y], [c0.x, c0.y]), rounded);
  };

  // a's edges in ring order: an edge b's boundary never meets lies wholly on one side (its predecessor's, when that
  // one ended off b's boundary); the edges it meets are cut, and their pieces classified once b's cuts are complete.
  const onB = new Map<number, EdgeCuts>();
  const cutA: CutEdge[] = [];
  const [bx0, by0, bx1, by1] = b.bbox;
  const alongA = new RingWalk(a, b);
  const delta = snapDistance(Math.max(Math.abs(bx0), Math.abs(bx1)), Math.max(Math.abs(by0), Math.abs(by1)));
  a.forEachEdge((px, py, qx, qy, aLeft, id) => {
    const x0 = Math.min(px, qx) - delta,
      y0 = Math.min(py, qy) - delta,
      x1 = Math.max(px, qx) + delta,
      y1 = Math.max(py, qy) + delta;
    if (x1 < bx0 || x0 > bx1 || y1 < by0 || y0 > by1) {
      out.aOut = true;
      alongA.passed(id, 'out');
      return;
    }
    const e: EdgeCuts = { cuts: [], along: [] };
    const p: [number, number] = [px, py],
      q: [number, number] = [qx, qy];
    const abut: [number, number][] = [];
    b.forEdges(x0, y0, x1, y1, (cx, cy, dx, dy, bLeft, j) => {
      meet(p, q, aLeft, e, [cx, cy], [dx, dy], bLeft, () => cutsOf(onB, j));
      const stretch = abutStretch(px, py, qx, qy, aLeft, cx, cy, dx, dy, bLeft, delta);
      if (stretch) abut.push(stretch);
    });
    if (abut.length) out.abuttingM += stretchesM(px, py, qx, qy, abut);
    if (e.cuts.length) {
      out.contact = true;
      cutA.push({ id, px, py, qx, qy, left: aLeft, pieces: piecesOf(px, py, qx, qy, e) });
      alongA.passed(id, null);
      return;
    }
    const loc = alongA.locate(id, px, py, qx, qy);
    if (loc === 'in') {
      out.aIn = true;
      whole(a, id, aLeft, px, py, qx, qy);
    } else if (loc === 'out') out.aOut = true;
    else out.closed = false;
  });

  // The cut pieces of both boundaries; a piece of one with the same ends as a piece of the other is shared.
  const cutB: CutEdge[] = [];
  const [ax0, ay0, ax1, ay1] = a.bbox;
  const uncut: Omit<CutEdge, 'pieces'>[] = [];
  b.forEdges(ax0, ay0, ax1, ay1, (px, py, qx, qy, left, id) => {
    const e = onB.get(id);
    if (e) cutB.push({ id, px, py, qx, qy, left, pieces: piecesOf(px, py, qx, qy, e) });
    else uncut.push({ id, px, py, qx, qy, left });
  });
  const aIndex = indexPieces(cutA);
  const bIndex = indexPieces(cutB);

  for (const { px, py, qx, qy, left, pieces } of cutA)
    for (const piece of pieces) {
      const { loc, measure } = classify(b, px, py, qx, qy, left, piece, bIndex);
      if (loc === 'in') out.aIn = true;
      else if (loc === 'along-same') out.aShared = true;
      else if (loc === 'along-apart' || loc === 'out') out.aOut = true;
      else out.closed = false;
      if (piece.degenerate) continue;
      if (measure === 'in' || measure === 'along-same') count(piece, left);
    }

  // b's edges near a: stretches along a were counted from a's side.
  const alongB = new RingWalk(b, a);
  for (const { id, px, py, qx, qy, left } of uncut) {
    const loc = alongB.locate(id, px, py, qx, qy);
    if (loc === 'in') {
      out.bIn = true;
      whole(b, id, left, px, py, qx, qy);
    } else if (loc === 'on') out.closed = false;
  }
  for (const { px, py, qx, qy, left, pieces } of cutB)
    for (const piece of pieces) {
      const { loc, measure } = classify(a, px, py, qx, qy, left, piece, aIndex);
      if (loc === 'in') out.bIn = true;
      else if (loc === 'undecided') out.closed = false;
      if (measure === 'in' && !piece.degenerate) count(piece, left);
    }
  const m = loops.measure();
  out.areaM2 = m.areaM2;
  out.sliverM2 = m.sliverM2;
  if (Number.isNaN(m.areaM2)) out.closed = false;
  return out;
}

export interface PathOverlay {
  /** Some of the path runs inside / outside the polygon; the path meets its boundary. */
  anyIn: boolean;
  anyOut: boolean;
  contact: boolean;
  /** Length of the path inside the polygon or along its boundary, m, and those stretches as paths. */
  lengthInM: number;
  paths: [number, number][][];
}

/** The pieces of paths against a polygon: inside, along its boundary, or outside. */
export function overlayPaths(lines: number[][][], b: PreparedPolygon): PathOverlay {
  const out: PathOverlay = { anyIn: false, anyOut: false, contact: false, lengthInM: 0, paths: [] };
  for (const line of lines) {
    // Where the previous segment ended, when off the boundary: a segment the boundary never meets lies wholly there.
    let carried: 'in' | 'out' | null = null;
    for (let i = 1; i < line.length; i++) {
      const px = line[i - 1]![0]!,
        py = line[i - 1]![1]!,
        qx = line[i]![0]!,
        qy = line[i]![1]!;
      const e: EdgeCuts = { cuts: [], along: [] };
      const p: [number, number] = [px, py],
        q: [number, number] = [qx, qy];
      b.forEdges(Math.min(px, qx), Math.min(py, qy), Math.max(px, qx), Math.max(py, qy), (cx, cy, dx, dy, bLeft) => {
        meet(p, q, true, e, [cx, cy], [dx, dy], bLeft, null);
      });
      if (e.cuts.length) out.contact = true;
      const pieces = piecesOf(px, py, qx, qy, e);
      const uncut = e.cuts.length === 0;
      for (const piece of pieces) {
        // Located exactly. A piece that cannot be classified counts as on the boundary: its length is in, it proves nothing in or out.
        const loc: Loc | 'along' = piece.along ? 'along' : uncut && carried ? carried : locatePiece(b, px, py, qx, qy, piece.c0, piece.c1);
        carried = loc === 'in' || loc === 'out' ? loc : null;
        if (loc === 'out') {
          out.anyOut = true;
          continue;
        }
        if (loc === 'in') out.anyIn = true;
        if (piece.degenerate) continue;
        const { x: x0, y: y0 } = piece.c0,
          { x: x1, y: y1 } = piece.c1;
        out.lengthInM += geodesicM([x0, y0], [x1, y1]);
        const last = out.paths[out.paths.length - 1];
        const end = last?.[last.length - 1];
        if (last && end && end[0] === x0 && end[1] === y0) last.push([x1, y1]);
        else
          out.paths.push([
            [x0, y0],
            [x1, y1],
          ]);
      }
    }
  }
  return out;
}
