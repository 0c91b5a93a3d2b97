// A candidate site as the app keeps it (drawn, typed or imported), and the shapes a planner can draw.

import type { Geometry } from 'geojson';
import { unpack, type PackedGeometry } from '../geo/packed';

export interface SiteRecord {
  id: string;
  name: string;
  geometry: Geometry;
  /** Where it came from: drawn, typed, or the file it was imported from. */
  source: string;
  /** The CRS the coordinates were read in (e.g. EPSG:4526), when imported or typed in a grid. */
  crs?: string;
  createdAt: string;
  /** Its place among the sites made at the same moment (one import's): the list keeps the file's order. */
  order?: number;
  /** A repaired shape offered at import for a self-intersecting boundary. */
  repair?: Geometry;
  /**
   * A large site (PACK_FROM vertices or more): its full geometry, packed; `geometry` is then a simplified copy for the
   * map and the list, and every check, report and export uses this.
   */
  packed?: PackedGeometry;
  /** A large site's measures, computed once from the full geometry. */
  areaM2?: number;
  lengthM?: number;
  vertices?: number;
}

/** The full geometry of a site (a large one's unpacked). */
export function fullGeometry(s: Pick<SiteRecord, 'geometry' | 'packed'>): Geometry {
  return s.packed ? unpack(s.packed) : s.geometry;
}

export type DrawKind = 'point' | 'linestring' | 'polygon' | 'rectangle';
