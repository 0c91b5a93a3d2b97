// Converting an imported geometry's coordinates to lon/lat, once its CRS is decided (crsDecision.ts).

import type { Geometry } from 'geojson';
import { mapGeometry } from '../geo/geometryWalk';
import { toLonLat, type Crs } from '../geo/crs';

export function toLonLatGeometry(g: Geometry, crs: Crs): Geometry {
  return crs.kind === 'geographic' ? g : mapGeometry(g, (p) => toLonLat(crs, p[0]!, p[1]!));
}

/** How GeoJSON and CSV put their silence about the CRS (lon/lat is their default). */
export const NO_CRS_NAMED = { zh: '文件未说明坐标系', en: 'the file names no CRS' };
