// What every importer returns: the sites it read (in lon/lat), the CRS it read them in, and issues a surveyor understands.

import type { Geometry } from 'geojson';
import type { Text } from '../layers/manifest';
import type { Crs } from '../geo/crs';

export interface ImportIssue {
  severity: 'error' | 'warning';
  code: string;
  message: Text;
  /** 1-based line of a text file, when the issue has one. */
  line?: number;
  /** The site (parcel, feature, placemark) concerned, when there is one. */
  site?: string;
}

export interface ImportedSite {
  id: string;
  name: string;
  /** Lon/lat on WGS84/CGCS2000. */
  geometry: Geometry;
  properties: Record<string, unknown>;
  /** Area the file declares for the site (e.g. a 国土 parcel's 地块面积), m². */
  declaredAreaM2?: number;
  /** A repaired geometry offered for a self-intersecting polygon; never applied silently. */
  repair?: Geometry;
}

export interface ImportResult {
  format: string;
  /** The CRS the coordinates were read in, or null when nothing could be read. */
  crs: Crs | null;
  sites: ImportedSite[];
  issues: ImportIssue[];
}

export function issue(
  severity: ImportIssue['severity'],
  code: string,
  zh: string,
  en: string,
  where: { line?: number; site?: string } = {},
): ImportIssue {
  return { severity, code, message: { zh, en }, ...where };
}

/** A result that read nothing, with the one error that says why. */
export function failure(
  format: string,
  code: string,
  zh: string,
  en: string,
  where: { line?: number } = {},
): ImportResult {
  return { format, crs: null, sites: [], issues: [issue('error', code, zh, en, where)] };
}
