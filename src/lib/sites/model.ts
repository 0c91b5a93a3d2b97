// A candidate site as the app keeps it (drawn, typed or imported), and the shapes a planner can draw.

import type { Geometry } from 'geojson';

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
}

export type DrawKind = 'point' | 'linestring' | 'polygon' | 'rectangle';
