// A candidate site made ready for checking: its parts by kind, its ellipsoidal size and a metric plane around it.

import { problem, type Problem } from './problems';
import type { Geometry, Position } from 'geojson';
import * as polyclip from 'polyclip-ts';
import { PreparedPolygon, type BBox } from './preparedPolygon';
import { bboxOf } from '../geo/geometryWalk';
import { lengthM as geodesicLengthM } from '../geo/ellipsoid';
import { localMetric, type TransverseMercator } from '../geo/transverseMercator';

export type SiteKind = 'point' | 'line' | 'polygon';

export interface PreparedSite {
  kind: SiteKind;
  points: Position[];
  lines: Position[][];
  polygon: PreparedPolygon | null;
  bbox: BBox;
  areaM2: number;
  lengthM: number;
  /** Transverse Mercator centred on the site, where distances are measured. */
  plane: TransverseMercator;
}

/** Why a geometry cannot be checked: a typed problem, rendered through the message catalogue where it shows. */
export type SiteError = { refused: Problem };

const refuse = (p: Problem): SiteError => ({ refused: p });

function finite(p: unknown): p is Position {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    Math.abs(p[0]) <= 180 &&
    Math.abs(p[1]) <= 90
  );
}

/**
 * Prepares a Point, LineString, Polygon or Multi* geometry in lon/lat. A polygon whose edges cross or
 * whose parts overlap is normalised by a self-union (as GEOS's buffer(0) does), so a bow-tie or
 * overlapping parts are checked as the area they cover.
 */
export function prepareSite(g: Geometry | null | undefined): PreparedSite | SiteError {
  if (!g || typeof g !== 'object') return refuse(problem('site-no-geometry'));
  let kind: SiteKind;
  let points: Position[] = [];
  let lines: Position[][] = [];
  let polys: Position[][][] = [];
  switch (g.type) {
    case 'Point':
      kind = 'point';
      points = [g.coordinates];
      break;
    case 'MultiPoint':
      kind = 'point';
      points = g.coordinates;
      break;
    case 'LineString':
      kind = 'line';
      lines = [g.coordinates];
      break;
    case 'MultiLineString':
      kind = 'line';
      lines = g.coordinates;
      break;
    case 'Polygon':
      kind = 'polygon';
      polys = [g.coordinates];
      break;
    case 'MultiPolygon':
      kind = 'polygon';
      polys = g.coordinates;
      break;
    default:
      return refuse(problem('site-unsupported', { type: String((g as { type?: unknown }).type) }));
  }
  const all = kind === 'point' ? points : kind === 'line' ? lines.flat() : polys.flat(2);
  if (!Array.isArray(all) || all.length === 0) return refuse(problem('site-empty'));
  const bad = all.find((p) => !finite(p));
  if (bad !== undefined)
    return refuse(problem('site-bad-coordinate', { coordinate: JSON.stringify(bad) ?? String(bad) }));
  if (kind === 'line' && lines.some((l) => l.length < 2)) return refuse(problem('site-short-line'));
  let polygon: PreparedPolygon | null = null;
  if (kind === 'polygon') {
    if (polys.some((rings) => rings.some((r) => r.length < 4))) return refuse(problem('site-short-ring'));
    polygon = new PreparedPolygon(polys);
    if (polygon.hasSelfIntersections()) {
      const normal = polyclip.union(polys as polyclip.Geom) as Position[][][];
      if (normal.length === 0) return refuse(problem('site-no-area'));
      polygon = new PreparedPolygon(normal);
    }
    if (polygon.areaM2 === 0) return refuse(problem('site-no-area'));
  }
  const bbox = kind === 'polygon' ? polygon!.bbox : bboxOf(all);
  return {
    kind,
    points,
    lines,
    polygon,
    bbox,
    areaM2: polygon ? polygon.areaM2 : 0,
    lengthM: kind === 'line' ? geodesicLengthM({ type: 'MultiLineString', coordinates: lines }) : 0,
    plane: localMetric((bbox[0] + bbox[2]) / 2),
  };
}

export function isSiteError(s: PreparedSite | SiteError): s is SiteError {
  return 'refused' in s;
}
