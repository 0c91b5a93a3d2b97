// Test support: the GEOS-style centroid and a metre distance between lon/lat points.
import type { Geometry } from 'geojson';
import { geodesicM } from '../../../src/lib/geo/ellipsoid';
import { centroid as geosCentroid } from '../../../src/lib/geo/centroid';

export const centroid = (g: Geometry): [number, number] => geosCentroid(g)!;
export const metres = (a: [number, number], b: [number, number]) => geodesicM(a, b);
