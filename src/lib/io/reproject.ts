// Shared by the importers: deciding the CRS of bare numbers, and converting a geometry's coordinates to lon/lat.

import type { Geometry } from 'geojson';
import { mapGeometry } from '../geo/geometryWalk';
import { CGCS2000, gkCrs, toLonLat, zoneFromEasting, type Crs } from '../geo/crs';
import { issue, type ImportIssue } from './types';

export function toLonLatGeometry(g: Geometry, crs: Crs): Geometry {
  return crs.kind === 'geographic' ? g : mapGeometry(g, (p) => toLonLat(crs, p[0]!, p[1]!));
}

/**
 * The CRS of coordinates that did not say: lon/lat-looking numbers are CGCS2000 geographic; 8-digit
 * eastings with a zone prefix name their Gauss-Krüger zone (a warning asks to confirm); anything else
 * needs the user to choose, and the error says so.
 */
export function guessCrs(xs: number[], ys: number[], issues: ImportIssue[], eastIsX = true): Crs | null {
  if (xs.length === 0) return CGCS2000;
  if (xs.every((x) => Math.abs(x) <= 180) && ys.every((y) => Math.abs(y) <= 90)) return CGCS2000;
  // Latitude first: Chinese latitudes where longitudes belong and the reverse. Read as degrees; the site
  // checks swap them back and say so.
  if (xs.every((x) => x >= 3 && x <= 54) && ys.every((y) => y >= 73 && y <= 136)) return CGCS2000;
  const east = eastIsX ? xs : ys;
  const zones = new Set(east.map((e) => zoneFromEasting(e)?.zone ?? null));
  if (!zones.has(null) && zones.size === 1) {
    const z = zoneFromEasting(east[0]!)!;
    const c = gkCrs(z.width, z.zone, true)!;
    issues.push(
      issue(
        'warning',
        'crs-guessed',
        `文件未说明坐标系，按横坐标带号推断为 ${c.name}，请确认`,
        `the file names no CRS; the eastings' zone prefix suggests ${c.name} — please confirm`,
      ),
    );
    return c;
  }
  issues.push(
    issue(
      'error',
      'crs-required',
      '坐标是投影坐标（米），文件未说明坐标系：请选择坐标系（如郑州 3 度带不带带号为 EPSG:4547）',
      'the coordinates are projected (metres) and the file names no CRS: choose one (e.g. EPSG:4547 for Zhengzhou, 3° zone 38 without the zone prefix)',
    ),
  );
  return null;
}
