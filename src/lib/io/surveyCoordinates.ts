// The one reading of bare coordinates that every importer's CRS decision starts from: do they look like lon/lat (and
// in China), like lat/lon swapped, or like Gauss-Krüger eastings carrying a zone prefix? Each importer then applies
// its own policy and says so in its own words (a .prj, a DXF's silence, a CSV's columns).

import { gkCrs, zoneFromEasting, type Crs } from '../geo/crs';

export interface CoordinateSurvey {
  /** How many coordinates were read. */
  count: number;
  /** All within ±180° / ±90°. */
  lonLat: boolean;
  /** All within China's lon/lat box (73–136° E, 3–54° N). */
  chinaLonLat: boolean;
  /** All look like Chinese latitudes where longitudes belong, and the reverse. */
  latFirst: boolean;
  /** Every easting carries a zone prefix and every northing lies within 0–10,000 km. */
  allPrefixed: boolean;
  /** The zones those prefixes name (width:zone), when all carry one. */
  zones: { width: 3 | 6; zone: number }[];
  /** The prefixed Gauss-Krüger CRS, when all coordinates carry the same zone. */
  prefixedCrs: Crs | null;
}

/** Surveys coordinates given as [x, y]; `eastIsX` false when the easting is the second value (surveyors' order). */
export function surveyCoordinates(points: Iterable<readonly [number, number]>, eastIsX = true): CoordinateSurvey {
  let count = 0,
    lonLat = true,
    chinaLonLat = true,
    latFirst = true,
    allPrefixed = true;
  const zones = new Map<string, { width: 3 | 6; zone: number }>();
  for (const [x, y] of points) {
    count++;
    if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) lonLat = false;
    if (!(x >= 73 && x <= 136 && y >= 3 && y <= 54)) chinaLonLat = false;
    if (!(x >= 3 && x <= 54 && y >= 73 && y <= 136)) latFirst = false;
    const [east, north] = eastIsX ? [x, y] : [y, x];
    const z = north >= 0 && north < 10_000_000 ? zoneFromEasting(east) : null;
    if (!z) allPrefixed = false;
    else zones.set(`${z.width}:${z.zone}`, z);
  }
  const list = allPrefixed ? [...zones.values()] : [];
  const one = list.length === 1 ? list[0]! : null;
  return {
    count,
    lonLat: count > 0 && lonLat,
    chinaLonLat: count > 0 && chinaLonLat,
    latFirst: count > 0 && latFirst,
    allPrefixed: count > 0 && allPrefixed,
    zones: list,
    prefixedCrs: one ? gkCrs(one.width, one.zone, true) : null,
  };
}
