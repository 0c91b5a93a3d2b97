// How a site relates to one zone: the relation GEOS would give (inside / overlaps / touches) and the shared area or length.

import type { Position } from 'geojson';
import * as polyclip from 'polyclip-ts';
import type { Relation } from '../rules/model';
import { geodesicM, polygonAreaM2 } from '../geo/ellipsoid';
import { segmentParams, segmentsIntersect } from './planar';
import type { PreparedPolygon } from './preparedPolygon';
import type { PreparedSite } from './site';

export interface Relate {
  relation: Exclude<Relation, 'near'> | null;
  /** Area of site ∩ zone for polygon sites, m². */
  overlapM2: number;
  /** Length of site ∩ zone for line sites (interior and boundary), or of boundary two polygons abut along, m. */
  lengthInM: number;
  /** The shared geometry, for display and export: polygons for polygon sites, paths for lines, points for points. */
  overlap: { polygons: Position[][][]; paths: Position[][]; points: Position[] };
}

const NONE: Relate['overlap'] = { polygons: [], paths: [], points: [] };

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

/**
 * Whether the two boundaries meet at all, and the length of boundary they share with their interiors
 * on opposite sides (the line part of site ∩ zone that GEOS reports when two polygons abut).
 */
function boundaryContact(site: PreparedPolygon, zone: PreparedPolygon): { meet: boolean; abuttingM: number } {
  const [minX, minY, maxX, maxY] = zone.bbox;
  let meet = false;
  let abuttingM = 0;
  site.forEdges(minX, minY, maxX, maxY, (ax, ay, bx, by, siteLeft) => {
    const a = [ax, ay],
      b = [bx, by];
    zone.forEdges(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by), (cx, cy, dx, dy, zoneLeft) => {
      if (!segmentsIntersect(a, b, [cx, cy], [dx, dy])) return;
      meet = true;
      const r = segmentParams(a, b, [cx, cy], [dx, dy]);
      if (!r.collinear) return;
      // Same direction and interior on the same side means the interiors share this edge's neighbourhood.
      const sameDirection = (bx - ax) * (dx - cx) + (by - ay) * (dy - cy) > 0;
      if (sameDirection === (siteLeft === zoneLeft)) return;
      const [t0, t1] = r.ts as [number, number];
      abuttingM += geodesicM([ax + t0 * (bx - ax), ay + t0 * (by - ay)], [ax + t1 * (bx - ax), ay + t1 * (by - ay)]);
    });
  });
  return { meet, abuttingM };
}

function areaOf(mp: Position[][][]): number {
  return mp.reduce((s, rings) => s + polygonAreaM2(rings), 0);
}

function relatePolygon(site: PreparedPolygon, zone: PreparedPolygon): Relate {
  const contact = boundaryContact(site, zone);
  if (!contact.meet) {
    // Boundaries apart: each ring of one lies wholly inside or outside the other, so one vertex each decides.
    const partsIn = site.polys.filter((rings) => zone.locate(rings[0]![0]!) === 'in').length;
    const zoneRingInSite = zone.polys.some((rings) => rings.some((r) => site.locate(r[0]!) === 'in'));
    if (!zoneRingInSite && partsIn === site.polys.length)
      return { relation: 'inside', overlapM2: site.areaM2, lengthInM: 0, overlap: { ...NONE, polygons: site.polys } };
    if (!zoneRingInSite && partsIn === 0) return { relation: null, overlapM2: 0, lengthInM: 0, overlap: NONE };
  }
  const inter = polyclip.intersection(site.polys as polyclip.Geom, zone.polys as polyclip.Geom) as Position[][][];
  const overlapM2 = areaOf(inter);
  if (inter.length === 0 || overlapM2 === 0) return { relation: 'touches', overlapM2: 0, lengthInM: contact.abuttingM, overlap: NONE };
  // Nearly all of the site is shared: only an empty difference makes it "inside" (GEOS within).
  let inside = false;
  if (overlapM2 >= site.areaM2 * (1 - 1e-6)) inside = polyclip.difference(site.polys as polyclip.Geom, zone.polys as polyclip.Geom).length === 0;
  return { relation: inside ? 'inside' : 'overlaps', overlapM2, lengthInM: contact.abuttingM, overlap: { ...NONE, polygons: inter } };
}

export function relate(site: PreparedSite, zone: PreparedPolygon): Relate {
  const [sx0, sy0, sx1, sy1] = site.bbox;
  const [zx0, zy0, zx1, zy1] = zone.bbox;
  if (sx1 < zx0 || sx0 > zx1 || sy1 < zy0 || sy0 > zy1) return { relation: null, overlapM2: 0, lengthInM: 0, overlap: NONE };
  if (site.kind === 'point') return relatePoints(site.points, zone);
  if (site.kind === 'line') return relateLines(site.lines, zone);
  return relatePolygon(site.polygon!, zone);
}
