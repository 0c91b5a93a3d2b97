// How a site relates to one zone: the relation GEOS would give (inside / overlaps / touches) and the shared area or length.

import type { Position } from 'geojson';
import * as polyclip from 'polyclip-ts';
import type { Relation } from '../rules/model';
import { polygonAreaM2 } from '../geo/ellipsoid';
import { overlayPaths, overlayPolygons } from './boundaryPieces';
import { snapDistance } from './abutting';
import { robustnessStats } from './robustness';
import type { PreparedPolygon } from './preparedPolygon';
import type { PreparedSite } from './site';

export interface Relate {
  relation: Exclude<Relation, 'near'> | null;
  /** Area of site ∩ zone for polygon sites, m²; NaN when it could not be measured consistently. */
  overlapM2: number;
  /** Length of site ∩ zone for line sites (interior and boundary), or of boundary two polygons abut along, m. */
  lengthInM: number;
  /** The shared geometry: points and paths from the check itself; polygons only when overlapPolygons was asked. */
  overlap: { paths: Position[][]; points: Position[]; polygons?: Position[][][] };
}

const NONE: Relate['overlap'] = { paths: [], points: [] };

function classify(anyIn: boolean, anyOut: boolean, anyContact: boolean): Relate['relation'] {
  if (anyIn) return anyOut ? 'overlaps' : 'inside';
  return anyContact ? 'touches' : null;
}

function relatePoints(points: Position[], zone: PreparedPolygon): Relate {
  let anyIn = false,
    anyOut = false,
    anyOn = false;
  const shared: Position[] = [];
  for (const p of points) {
    const loc = zone.locate(p);
    if (loc === 'in') anyIn = true;
    else if (loc === 'on') anyOn = true;
    else anyOut = true;
    if (loc !== 'out') shared.push(p);
  }
  return { relation: classify(anyIn, anyOut, anyOn), overlapM2: 0, lengthInM: 0, overlap: { ...NONE, points: shared } };
}

function relateLines(lines: Position[][], zone: PreparedPolygon): Relate {
  const o = overlayPaths(lines, zone);
  return {
    relation: classify(o.anyIn, o.anyOut, o.contact),
    overlapM2: 0,
    lengthInM: o.lengthInM,
    overlap: { ...NONE, paths: o.paths },
  };
}

/** The area of site ∩ zone from the clipped polygons themselves: slower, independent of the boundary pieces. */
export function clippedAreaM2(site: PreparedPolygon, zone: PreparedPolygon): number {
  try {
    return overlapPolygons(site, zone).reduce((sum, rings) => sum + polygonAreaM2(rings), 0);
  } catch {
    return Number.NaN;
  }
}

function relatePolygon(site: PreparedPolygon, zone: PreparedPolygon): Relate {
  const o = overlayPolygons(site, zone);
  let interiorsMeet = o.aIn || o.aShared || o.bIn;
  // Within (GEOS): no part of the site's boundary leaves the zone, and no zone boundary runs through the site.
  const inside = interiorsMeet && !o.aOut && !o.bIn;
  let overlapM2 = inside ? site.areaM2 : interiorsMeet ? o.areaM2 : 0;
  // The overlap can be no larger than either polygon, nor negative: a figure outside that range, or pieces that do
  // not close, mean the boundary pieces may be inconsistent; the pair is then measured again by clipping. Where both
  // methods agree on a figure a hair above the smaller polygon, the overlap polygon's geodesic outline encloses a
  // little more than the site's (near-collinear edges, decided in the plane, measured on the ellipsoid): 100 %.
  const limit = Math.min(site.areaM2, zone.areaM2);
  const slack = Math.max(1, 1e-6 * limit) + 2 * o.sliverM2;
  const plausible = (a: number) => a >= -slack && a <= limit + slack;
  if (!o.closed || !plausible(overlapM2)) {
    robustnessStats.fallbacks++;
    const clipped = clippedAreaM2(site, zone);
    const agree = o.closed && Math.abs(clipped - overlapM2) <= Math.max(1, 1e-6 * Math.abs(clipped));
    if (plausible(clipped)) {
      overlapM2 = clipped;
      if (clipped > slack) interiorsMeet = true;
    } else if (!(agree && overlapM2 > 0 && overlapM2 <= (limit + slack) * (1 + 1e-4))) {
      robustnessStats.failures++;
      overlapM2 = Number.NaN;
    }
  }
  const measured = Number.isNaN(overlapM2) ? Number.NaN : Math.min(limit, Math.max(0, overlapM2));
  if (interiorsMeet)
    return { relation: inside ? 'inside' : 'overlaps', overlapM2: measured, lengthInM: o.abuttingM, overlap: NONE };
  return {
    relation: o.contact ? 'touches' : null,
    overlapM2: Number.isNaN(measured) ? measured : 0,
    lengthInM: o.abuttingM,
    overlap: NONE,
  };
}

/** The polygons of site ∩ zone, for drawing and export (the check itself needs only their area). */
export function overlapPolygons(
  site: PreparedPolygon,
  zone: PreparedPolygon,
  relation?: Relation | null,
): Position[][][] {
  // A site within the zone shares all of itself.
  if (relation === 'inside') return site.polys.map((p) => p.map((r) => r.slice()));
  // Only the zone's part around the site can meet it: cut to a box a little wider than the site's (so the cut's own
  // edges stay clear of the site), the clipping works on a few edges instead of a whole unit's.
  const [x0, y0, x1, y1] = site.bbox;
  const m = Math.max(x1 - x0, y1 - y0) * 0.01 + 1e-7;
  const near = cropToBox(zone.polys, [x0 - m, y0 - m, x1 + m, y1 + m]);
  if (!near.length) return [];
  return polyclip.intersection(site.polys as polyclip.Geom, near as polyclip.Geom) as Position[][][];
}

/** Each polygon cut to the box (Sutherland–Hodgman, ring by ring); rings left with no area are dropped. */
export function cropToBox(polys: readonly Position[][][], [w, s, e, n]: readonly number[]): Position[][][] {
  const out: Position[][][] = [];
  for (const poly of polys) {
    const rings: Position[][] = [];
    for (const [k, ring] of poly.entries()) {
      const r = cropRing(ring, w!, s!, e!, n!);
      if (r) rings.push(r);
      else if (k === 0) break; // the shell is outside the box: so are its holes
    }
    if (rings.length) out.push(rings);
  }
  return out;
}

function cropRing(ring: readonly Position[], w: number, s: number, e: number, n: number): Position[] | null {
  let xs = 0;
  for (const p of ring) if (p[0]! >= w && p[0]! <= e && p[1]! >= s && p[1]! <= n) xs++;
  if (xs === ring.length) return ring.slice();
  let pts: Position[] = ring.slice(0, -1);
  const edge = (inside: (p: Position) => boolean, cut: (a: Position, b: Position) => Position) => {
    const next: Position[] = [];
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i]!,
        b = pts[(i + 1) % pts.length]!;
      const ai = inside(a),
        bi = inside(b);
      if (ai) next.push(a);
      if (ai !== bi) next.push(cut(a, b));
    }
    pts = next;
  };
  const atX = (x: number) => (a: Position, b: Position) => [
    x,
    a[1]! + ((b[1]! - a[1]!) * (x - a[0]!)) / (b[0]! - a[0]!),
  ];
  const atY = (y: number) => (a: Position, b: Position) => [
    a[0]! + ((b[0]! - a[0]!) * (y - a[1]!)) / (b[1]! - a[1]!),
    y,
  ];
  edge((p) => p[0]! >= w, atX(w));
  edge((p) => p[0]! <= e, atX(e));
  edge((p) => p[1]! >= s, atY(s));
  edge((p) => p[1]! <= n, atY(n));
  if (pts.length < 3) return null;
  let twice = 0;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i]!,
      b = pts[(i + 1) % pts.length]!;
    twice += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  if (twice === 0) return null;
  return [...pts, pts[0]!];
}

export function relate(site: PreparedSite, zone: PreparedPolygon): Relate {
  const [sx0, sy0, sx1, sy1] = site.bbox;
  const [zx0, zy0, zx1, zy1] = zone.bbox;
  // Apart by more than the snap distance: a polygon that close may still abut the zone along its boundary.
  const d = snapDistance(Math.max(Math.abs(zx0), Math.abs(zx1)), Math.max(Math.abs(zy0), Math.abs(zy1)));
  if (sx1 < zx0 - d || sx0 > zx1 + d || sy1 < zy0 - d || sy0 > zy1 + d)
    return { relation: null, overlapM2: 0, lengthInM: 0, overlap: NONE };
  if (site.kind === 'point') return relatePoints(site.points, zone);
  if (site.kind === 'line') return relateLines(site.lines, zone);
  return relatePolygon(site.polygon!, zone);
}
