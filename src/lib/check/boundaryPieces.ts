// Pieces of a boundary (or of a path) against a polygon: where each edge runs inside, along or outside it, and what
// those pieces measure. The one module that cuts edges where two boundaries meet and classifies the pieces.
//
// Robustness rests on three rules. A meeting point of two edges is computed once and shared by both edges' pieces,
// so the pieces that bound an intersection join exactly. A piece whose float test point lies too near the other
// boundary to trust is classified exactly (rational arithmetic on the doubles as given). And the pieces counted
// for an area must form closed loops; if they do not, the caller is told, never given a number.

import { edgeAreaTerm, geodesicM } from '../geo/ellipsoid';
import { exactLocateBetween, exactParam } from './exact';
import { abutStretch, snapDistance, stretchesM } from './abutting';
import { Loops } from './loops';
import type { PreparedPolygon } from './preparedPolygon';
import { cutsOf, meet, vertexCut, type Along, type Cut, type EdgeCuts } from './meet';
import { robustnessStats } from './robustness';

type Loc = 'in' | 'on' | 'out';
/** Where a piece lies: inside or outside, along the other boundary (interiors on the same side or apart), or undecidable. */
type PieceLoc = 'in' | 'out' | 'along-same' | 'along-apart' | 'undecided';

/** Location of the open piece c0→c1 of edge p→q in `b` (no boundary of b crosses its interior). */
function locatePiece(b: PreparedPolygon, px: number, py: number, qx: number, qy: number, c0: Cut, c1: Cut): Loc {
  // Within the snap distance of b's boundary, the float test point (a few ulp from the exact piece) cannot be trusted.
  const mid: [number, number] = [(c0.x + c1.x) / 2, (c0.y + c1.y) / 2];
  const loc = b.locateNear(mid, snapDistance(mid[0], mid[1]));
  if (loc !== 'near') return loc;
  robustnessStats.exactPieces++;
  return exactLocateBetween(
    b,
    px,
    py,
    qx,
    qy,
    exactParam(px, py, qx, qy, c0.exact),
    exactParam(px, py, qx, qy, c1.exact),
    mid,
  );
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
      if (!along && !degenerate)
        idx.set(pieceKey(c0.x, c0.y, c1.x, c1.y), { forward: isForward(c0.x, c0.y, c1.x, c1.y), left });
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
    const loc: Loc =
      continues && this.prevLoc
        ? this.prevLoc
        : locatePiece(this.other, px, py, qx, qy, vertexCut(0, px, py), vertexCut(1, qx, qy));
    this.passed(id, loc === 'on' ? null : loc);
    return loc;
  }
}

export function overlayPolygons(a: PreparedPolygon, b: PreparedPolygon): PolygonOverlay {
  robustnessStats.pairs++;
  const out: PolygonOverlay = {
    areaM2: 0,
    aIn: false,
    aOut: false,
    aShared: false,
    bIn: false,
    contact: false,
    abuttingM: 0,
    sliverM2: 0,
    closed: true,
  };
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
        const loc: Loc | 'along' = piece.along
          ? 'along'
          : uncut && carried
            ? carried
            : locatePiece(b, px, py, qx, qy, piece.c0, piece.c1);
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
