// A polygon or multipolygon made ready for repeated tests: edge arrays, an edge index for big rings, exact point location.

import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import { onSegment, orient } from './planar';
import { polygonAreaM2 } from '../geo/ellipsoid';
import { ringSignedArea2 } from '../geo/rings';

export type Location = 'in' | 'on' | 'out';
export type BBox = [number, number, number, number];

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
  /** Edges as ax, ay, bx, by quadruples. */
  private edges: Float64Array | null = null;
  /** 1 where the polygon's interior lies left of the edge, whatever the ring's winding. */
  private interiorLeft: Uint8Array | null = null;
  private index: Flatbush | null = null;
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
    let k = 0;
    for (const rings of this.polys)
      rings.forEach((r, ri) => {
        // Interior is left of a counter-clockwise shell and of a clockwise hole.
        const ccw = ringSignedArea2(r) > 0;
        const inLeft = ri === 0 ? ccw : !ccw;
        for (let i = 1; i < r.length; i++) {
          left[k / 4] = inLeft ? 1 : 0;
          e[k++] = r[i - 1]![0]!;
          e[k++] = r[i - 1]![1]!;
          e[k++] = r[i]![0]!;
          e[k++] = r[i]![1]!;
        }
      });
    this.edges = e;
    this.interiorLeft = left;
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

  /**
   * Calls fn(ax, ay, bx, by, interiorLeft) for every edge whose box meets the query box; stops, and
   * returns true, as soon as fn returns true.
   */
  forEdges(
    minX: number,
    minY: number,
    maxX: number,
    maxY: number,
    fn: (ax: number, ay: number, bx: number, by: number, interiorLeft: boolean) => unknown,
  ): boolean {
    const e = this.edgeArray();
    const left = this.interiorLeft!;
    if (this.index) {
      for (const i of this.index.search(minX, minY, maxX, maxY))
        if (fn(e[i * 4]!, e[i * 4 + 1]!, e[i * 4 + 2]!, e[i * 4 + 3]!, left[i] === 1) === true) return true;
      return false;
    }
    for (let i = 0; i < e.length; i += 4) {
      const ax = e[i]!,
        ay = e[i + 1]!,
        bx = e[i + 2]!,
        by = e[i + 3]!;
      if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX || Math.max(ay, by) < minY || Math.min(ay, by) > maxY) continue;
      if (fn(ax, ay, bx, by, left[i / 4] === 1) === true) return true;
    }
    return false;
  }

  /** Exact location of a point: interior, boundary or exterior (holes are exterior). */
  locate(p: Position): Location {
    const x = p[0]!,
      y = p[1]!;
    const [minX, minY, maxX, maxY] = this.bbox;
    if (x < minX || x > maxX || y < minY || y > maxY) return 'out';
    if (this.forEdges(x, y, x, y, (ax, ay, bx, by) => onSegment(p, [ax, ay], [bx, by]))) return 'on';
    let inside = false;
    this.forEdges(x, y, maxX, y, (ax, ay, bx, by) => {
      if (ay <= y && by > y && orient([ax, ay], [bx, by], p) > 0) inside = !inside;
      else if (by <= y && ay > y && orient([ax, ay], [bx, by], p) < 0) inside = !inside;
    });
    return inside ? 'in' : 'out';
  }

  /** Ellipsoidal area in m², computed once. */
  get areaM2(): number {
    if (this.area === null) this.area = this.polys.reduce((s, rings) => s + polygonAreaM2(rings), 0);
    return this.area;
  }
}
