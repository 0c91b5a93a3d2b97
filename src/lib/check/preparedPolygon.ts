// A polygon or multipolygon made ready for repeated tests: edge arrays, an edge index for big rings,
// exact point location, cached geodesic area terms and a self-intersection test.

import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import { onSegment, orient, pointSegmentDist2, segmentsIntersect } from './planar';
import { edgeAreaTerm } from '../geo/ellipsoid';
import { ringSignedArea2 } from '../geo/rings';

export type Location = 'in' | 'on' | 'out';
export type BBox = [number, number, number, number];

/** Called per edge: its ends, whether the interior lies left of it, and its id (ring order). */
export type EdgeFn = (ax: number, ay: number, bx: number, by: number, interiorLeft: boolean, id: number) => unknown;

/** Below this many edges a linear scan beats building an index. */
const INDEX_MIN_EDGES = 48;

export function bboxOfRings(polys: Position[][][]): BBox {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const rings of polys)
    for (const p of rings[0] ?? []) {
      if (p[0]! < minX) minX = p[0]!;
      if (p[1]! < minY) minY = p[1]!;
      if (p[0]! > maxX) maxX = p[0]!;
      if (p[1]! > maxY) maxY = p[1]!;
    }
  return [minX, minY, maxX, maxY];
}

export class PreparedPolygon {
  readonly bbox: BBox;
  /** Edges as ax, ay, bx, by quadruples, in ring order. */
  private edges: Float64Array | null = null;
  /** 1 where the polygon's interior lies left of the edge, whatever the ring's winding. */
  private interiorLeft: Uint8Array | null = null;
  /** Id of each edge's ring, so neighbours within a ring can be told apart. */
  private ringOf: Int32Array | null = null;
  private ringStart: number[] = [];
  private index: Flatbush | null = null;
  /** Geodesic area term of each edge as stored (NaN until computed). */
  private terms: Float64Array | null = null;
  private area: number | null = null;

  constructor(readonly polys: Position[][][]) {
    this.bbox = bboxOfRings(polys);
  }

  get edgeCount(): number {
    return this.edgeArray().length / 4;
  }

  private edgeArray(): Float64Array {
    if (this.edges) return this.edges;
    let n = 0;
    for (const rings of this.polys) for (const r of rings) n += Math.max(0, r.length - 1);
    const e = new Float64Array(n * 4);
    const left = new Uint8Array(n);
    const ringOf = new Int32Array(n);
    let k = 0;
    let ringId = 0;
    for (const rings of this.polys)
      rings.forEach((r, ri) => {
        // Interior is left of a counter-clockwise shell and of a clockwise hole.
        const ccw = ringSignedArea2(r) > 0;
        const inLeft = ri === 0 ? ccw : !ccw;
        this.ringStart.push(k / 4);
        for (let i = 1; i < r.length; i++) {
          left[k / 4] = inLeft ? 1 : 0;
          ringOf[k / 4] = ringId;
          e[k++] = r[i - 1]![0]!;
          e[k++] = r[i - 1]![1]!;
          e[k++] = r[i]![0]!;
          e[k++] = r[i]![1]!;
        }
        ringId++;
      });
    this.ringStart.push(n);
    this.edges = e;
    this.interiorLeft = left;
    this.ringOf = ringOf;
    if (n >= INDEX_MIN_EDGES) {
      const idx = new Flatbush(n);
      for (let i = 0; i < n; i++) {
        const ax = e[i * 4]!,
          ay = e[i * 4 + 1]!,
          bx = e[i * 4 + 2]!,
          by = e[i * 4 + 3]!;
        idx.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
      }
      idx.finish();
      this.index = idx;
    }
    return e;
  }

  private call(fn: EdgeFn, i: number): unknown {
    const e = this.edges!;
    return fn(e[i * 4]!, e[i * 4 + 1]!, e[i * 4 + 2]!, e[i * 4 + 3]!, this.interiorLeft![i] === 1, i);
  }

  /** Calls fn for every edge whose box meets the query box; stops, and returns true, as soon as fn returns true. */
  forEdges(minX: number, minY: number, maxX: number, maxY: number, fn: EdgeFn): boolean {
    const e = this.edgeArray();
    if (this.index) {
      for (const i of this.index.search(minX, minY, maxX, maxY)) if (this.call(fn, i) === true) return true;
      return false;
    }
    for (let i = 0; i < e.length / 4; i++) {
      const ax = e[i * 4]!,
        ay = e[i * 4 + 1]!,
        bx = e[i * 4 + 2]!,
        by = e[i * 4 + 3]!;
      if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX || Math.max(ay, by) < minY || Math.min(ay, by) > maxY)
        continue;
      if (this.call(fn, i) === true) return true;
    }
    return false;
  }

  /** Calls fn for every edge in ring order (consecutive ids follow each other along a ring). */
  forEachEdge(fn: EdgeFn): void {
    const n = this.edgeArray().length / 4;
    for (let i = 0; i < n; i++) this.call(fn, i);
  }

  /** The ends of edge i: ax, ay, bx, by. */
  edge(i: number): [number, number, number, number] {
    const e = this.edgeArray();
    return [e[i * 4]!, e[i * 4 + 1]!, e[i * 4 + 2]!, e[i * 4 + 3]!];
  }

  /** Whether edge i starts a ring (so it does not continue the previous edge). */
  startsRing(i: number): boolean {
    this.edgeArray();
    return i === 0 || this.ringOf![i] !== this.ringOf![i - 1];
  }

  /** Exact location of a point: interior, boundary or exterior (holes are exterior). */
  locate(p: Position): Location {
    const x = p[0]!,
      y = p[1]!;
    const [minX, minY, maxX, maxY] = this.bbox;
    if (x < minX || x > maxX || y < minY || y > maxY) return 'out';
    if (this.forEdges(x, y, x, y, (ax, ay, bx, by) => onSegment(p, [ax, ay], [bx, by]))) return 'on';
    return this.rayInside(p) ? 'in' : 'out';
  }

  /** Crossing parity of the rightward ray from a point known not to lie on the boundary. */
  private rayInside(p: Position): boolean {
    const y = p[1]!;
    let inside = false;
    this.forEdges(p[0]!, y, this.bbox[2], y, (ax, ay, bx, by) => {
      if (ay <= y && by > y && orient([ax, ay], [bx, by], p) > 0) inside = !inside;
      else if (by <= y && ay > y && orient([ax, ay], [bx, by], p) < 0) inside = !inside;
    });
    return inside;
  }

  /**
   * Like locate, but 'near' when the point lies within `margin` degrees of the boundary: a float test point
   * that close may stand for a piece on the other side, so the caller decides that piece exactly.
   */
  locateNear(p: Position, margin: number): 'in' | 'out' | 'near' {
    const x = p[0]!,
      y = p[1]!;
    const [minX, minY, maxX, maxY] = this.bbox;
    if (x < minX - margin || x > maxX + margin || y < minY - margin || y > maxY + margin) return 'out';
    const m2 = margin * margin;
    if (
      this.forEdges(
        x - margin,
        y - margin,
        x + margin,
        y + margin,
        (ax, ay, bx, by) => pointSegmentDist2(x, y, ax, ay, bx, by) <= m2,
      )
    )
      return 'near';
    return this.rayInside(p) ? 'in' : 'out';
  }

  /** The geodesic area term of edge i traversed with the interior on its left (cached). */
  orientedTerm(i: number): number {
    const e = this.edgeArray();
    if (!this.terms) this.terms = new Float64Array(e.length / 4).fill(Number.NaN);
    let t = this.terms[i]!;
    if (Number.isNaN(t)) {
      t = edgeAreaTerm([e[i * 4]!, e[i * 4 + 1]!], [e[i * 4 + 2]!, e[i * 4 + 3]!]);
      this.terms[i] = t;
    }
    return this.interiorLeft![i] === 1 ? t : -t;
  }

  /** Ellipsoidal area in m² (the sum of oriented edge terms, as GeographicLib's PolygonArea sums them). */
  get areaM2(): number {
    if (this.area === null) {
      let sum = 0;
      for (let i = 0; i < this.edgeCount; i++) sum += this.orientedTerm(i);
      this.area = Math.max(0, sum);
    }
    return this.area;
  }

  /**
   * Whether any two edges cross or touch other than neighbours at their shared vertex (a bow-tie, a
   * ring touching itself, overlapping parts): such a polygon must be normalised before it is checked.
   */
  hasSelfIntersections(): boolean {
    const e = this.edgeArray();
    const n = e.length / 4;
    const ringOf = this.ringOf!;
    const neighbours = (i: number, j: number) => {
      if (ringOf[i] !== ringOf[j]) return false;
      const r = ringOf[i]!;
      const first = this.ringStart[r]!,
        last = this.ringStart[r + 1]! - 1;
      return Math.abs(i - j) === 1 || (i === first && j === last) || (j === first && i === last);
    };
    for (let i = 0; i < n; i++) {
      const ax = e[i * 4]!,
        ay = e[i * 4 + 1]!,
        bx = e[i * 4 + 2]!,
        by = e[i * 4 + 3]!;
      const found = this.forEdges(
        Math.min(ax, bx),
        Math.min(ay, by),
        Math.max(ax, bx),
        Math.max(ay, by),
        (cx, cy, dx, dy, _l, j) => {
          if (j <= i) return false;
          if (neighbours(i, j)) {
            // Neighbours meet at one vertex; folding back along each other is a spike.
            return (
              orient([ax, ay], [bx, by], [cx === bx && cy === by ? dx : cx, cx === bx && cy === by ? dy : cy]) === 0 &&
              (ax - bx) * (dx - cx) + (ay - by) * (dy - cy) > 0
            );
          }
          return segmentsIntersect([ax, ay], [bx, by], [cx, cy], [dx, dy]);
        },
      );
      if (found) return true;
    }
    // A part wholly inside another part overlaps it without any edge crossing.
    return this.partInsidePart();
  }

  private partInsidePart(): boolean {
    if (this.polys.length > 1)
      for (let a = 0; a < this.polys.length; a++)
        for (let b = 0; b < this.polys.length; b++)
          if (a !== b && new PreparedPolygon([this.polys[b]!]).locate(this.polys[a]![0]![0]!) !== 'out') return true;
    return false;
  }
}
