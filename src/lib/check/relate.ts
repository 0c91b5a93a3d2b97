// How a site relates to one zone: the relation GEOS would give (inside / overlaps / touches) and the shared area or length.

import type { Position } from 'geojson';
import * as polyclip from 'polyclip-ts';
import type { Relation } from '../rules/model';
import { edgeAreaTerm, geodesicM } from '../geo/ellipsoid';
import { segmentParams } from './planar';
import type { BBox, EdgeFn, PreparedPolygon } from './preparedPolygon';
import type { PreparedSite } from './site';

export interface Relate {
  relation: Exclude<Relation, 'near'> | null;
  /** Area of site ∩ zone for polygon sites, m². */
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
  let anyIn = false,
    anyOut = false,
    anyContact = false,
    lengthInM = 0;
  const paths: Position[][] = [];
  for (const line of lines)
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!,
        b = line[i]!;
      const ts = [0, 1];
      const onBoundary: [number, number][] = [];
      zone.forEdges(Math.min(a[0]!, b[0]!), Math.min(a[1]!, b[1]!), Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!), (ax, ay, bx, by) => {
        const r = segmentParams(a, b, [ax, ay], [bx, by]);
        if (r.ts.length) anyContact = true;
        ts.push(...r.ts);
        if (r.collinear) onBoundary.push([r.ts[0]!, r.ts[1]!]);
      });
      ts.sort((x, y) => x - y);
      const at = (t: number): Position => [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)];
      for (let k = 1; k < ts.length; k++) {
        const t0 = ts[k - 1]!,
          t1 = ts[k]!;
        if (t1 <= t0) continue;
        const loc = onBoundary.some(([lo, hi]) => t0 >= lo && t1 <= hi) ? 'on' : zone.locate(at((t0 + t1) / 2));
        if (loc === 'out') {
          anyOut = true;
          continue;
        }
        if (loc === 'in') anyIn = true;
        const p0 = at(t0),
          p1 = at(t1);
        lengthInM += geodesicM(p0, p1);
        const last = paths[paths.length - 1];
        const end = last?.[last.length - 1];
        if (last && end && end[0] === p0[0] && end[1] === p0[1]) last.push(p1);
        else paths.push([p0, p1]);
      }
    }
  return { relation: classify(anyIn, anyOut, anyContact), overlapM2: 0, lengthInM, overlap: { ...NONE, paths } };
}

type Pt = [number, number];

/**
 * Splits every edge of `a` where `b`'s boundary meets it and classifies the pieces against `b`:
 * pieces inside `b` (and shared boundary where both interiors lie on the same side) bound a ∩ b,
 * so their area terms add up to its area; the rest says whether `a` leaves `b` and where they abut.
 * Shared pieces are counted only when `countShared` (once per pair, from the site's side).
 * With `region` null every edge of `a` is visited in ring order, and an edge that meets nothing of
 * `b` takes its predecessor's location instead of a point-in-polygon test.
 */
function splitBoundary(a: PreparedPolygon, b: PreparedPolygon, region: BBox | null, countShared: boolean) {
  const out = { area: 0, anyIn: false, anyOut: false, anyShared: false, contact: false, abuttingM: 0 };
  const [bx0, by0, bx1, by1] = b.bbox;
  let prevId = -2;
  let prevLoc: 'in' | 'out' | null = null;
  const visit: EdgeFn = (ax, ay, bx, by, aLeft, id) => {
    const continues = id === prevId + 1 && !a.startsRing(id);
    prevId = id;
    const p: Pt = [ax, ay],
      q: Pt = [bx, by];
    const at = (t: number): Pt => [ax + t * (bx - ax), ay + t * (by - ay)];
    // A whole edge reuses its cached term; a piece is traversed with the interior on its left.
    const term = (t0: number, t1: number) => (t0 === 0 && t1 === 1 ? a.orientedTerm(id) : aLeft ? edgeAreaTerm(at(t0), at(t1)) : edgeAreaTerm(at(t1), at(t0)));
    if (Math.max(ax, bx) < bx0 || Math.min(ax, bx) > bx1 || Math.max(ay, by) < by0 || Math.min(ay, by) > by1) {
      out.anyOut = true;
      prevLoc = 'out';
      return;
    }
    const ts = [0, 1];
    const shared: { lo: number; hi: number; same: boolean }[] = [];
    b.forEdges(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by), (cx, cy, dx, dy, bLeft) => {
      const r = segmentParams(p, q, [cx, cy], [dx, dy]);
      if (!r.ts.length) return;
      out.contact = true;
      ts.push(...r.ts);
      if (r.collinear) {
        const sameDirection = (bx - ax) * (dx - cx) + (by - ay) * (dy - cy) > 0;
        shared.push({ lo: r.ts[0]!, hi: r.ts[1]!, same: sameDirection === (aLeft === bLeft) });
      }
    });
    if (ts.length === 2 && continues && prevLoc) {
      // Nothing of b's boundary on this edge, and the previous edge ended off the boundary: same side.
      if (prevLoc === 'in') {
        out.anyIn = true;
        out.area += term(0, 1);
      } else out.anyOut = true;
      return;
    }
    prevLoc = null;
    ts.sort((x, y) => x - y);
    for (let k = 1; k < ts.length; k++) {
      const t0 = ts[k - 1]!,
        t1 = ts[k]!;
      if (t1 <= t0) continue;
      const s = shared.find((iv) => t0 >= iv.lo && t1 <= iv.hi);
      if (s) {
        prevLoc = null;
        if (s.same) {
          out.anyShared = true;
          if (countShared) out.area += term(t0, t1);
        } else {
          out.anyOut = true;
          if (countShared) out.abuttingM += geodesicM(at(t0), at(t1));
        }
        continue;
      }
      const loc = b.locate(at((t0 + t1) / 2));
      if (loc === 'in') {
        out.anyIn = true;
        out.area += term(t0, t1);
      } else out.anyOut = true;
      prevLoc = loc === 'on' ? null : loc;
    }
  };
  if (region) a.forEdges(region[0], region[1], region[2], region[3], visit);
  else a.forEachEdge(visit);
  return out;
}

function relatePolygon(site: PreparedPolygon, zone: PreparedPolygon): Relate {
  // Site edges against the zone, then the zone edges near the site against the site.
  const s = splitBoundary(site, zone, null, true);
  const z = splitBoundary(zone, site, site.bbox, false);
  const overlapM2 = Math.max(0, s.area + z.area);
  const interiorsMeet = s.anyIn || s.anyShared || z.anyIn;
  if (interiorsMeet) {
    // Within (GEOS): no part of the site's boundary leaves the zone, and no zone boundary runs through the site.
    const inside = !s.anyOut && !z.anyIn;
    return { relation: inside ? 'inside' : 'overlaps', overlapM2: inside ? site.areaM2 : overlapM2, lengthInM: s.abuttingM, overlap: NONE };
  }
  return { relation: s.contact ? 'touches' : null, overlapM2: 0, lengthInM: s.abuttingM, overlap: NONE };
}

/** The polygons of site ∩ zone, for drawing and export (the check itself needs only their area). */
export function overlapPolygons(site: PreparedPolygon, zone: PreparedPolygon): Position[][][] {
  return polyclip.intersection(site.polys as polyclip.Geom, zone.polys as polyclip.Geom) as Position[][][];
}

export function relate(site: PreparedSite, zone: PreparedPolygon): Relate {
  const [sx0, sy0, sx1, sy1] = site.bbox;
  const [zx0, zy0, zx1, zy1] = zone.bbox;
  if (sx1 < zx0 || sx0 > zx1 || sy1 < zy0 || sy0 > zy1) return { relation: null, overlapM2: 0, lengthInM: 0, overlap: NONE };
  if (site.kind === 'point') return relatePoints(site.points, zone);
  if (site.kind === 'line') return relateLines(site.lines, zone);
  return relatePolygon(site.polygon!, zone);
}
