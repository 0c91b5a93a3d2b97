// Shared by the importers: deciding the CRS of bare numbers, and converting a geometry's coordinates to lon/lat.

import type { Geometry } from 'geojson';
import { mapGeometry } from '../geo/geometryWalk';
import { CGCS2000, toLonLat, type Crs } from '../geo/crs';
import { issue, type ImportIssue } from './types';
import { surveyCoordinates } from './surveyCoordinates';

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
  const survey = surveyCoordinates(
    xs.map((x, i) => [x, ys[i]!] as const),
    eastIsX,
  );
  // Latitude first: Chinese latitudes where longitudes belong and the reverse. Read as degrees; the site
  // checks swap them back and say so.
  if (survey.lonLat || survey.latFirst) return CGCS2000;
  const c = survey.prefixedCrs;
  if (c) {
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
