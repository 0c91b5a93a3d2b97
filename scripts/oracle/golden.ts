// `npm run oracle:golden`: regenerates tests/fixtures/oracle from the project's own district outlines and the GEOS oracle.
// The fixtures let the agreement test run where Python or ../shared is missing.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { PreparedPolygon } from '../../src/lib/check/preparedPolygon';
import { loadLayerSource, readManifest, ROOT } from '../data/sources';
import { generateSites, prepareZones } from './generate';
import { oracleAvailable, runOracle } from './compare';

export const GOLDEN_DIR = join(ROOT, 'tests/fixtures/oracle');
export const GOLDEN_NEAR_M = 500;

if (!oracleAvailable()) {
  console.error('the oracle needs ../shared/oracle/geos_oracle.py and Debian python3-shapely, python3-pyproj');
  process.exit(1);
}
const spec = readManifest().layers.find((l) => l.id === 'admin-district')!;
const districts = loadLayerSource(spec).data as FeatureCollection;
const inside = (p: Position, g: Polygon | MultiPolygon) => new PreparedPolygon(g.type === 'Polygon' ? [g.coordinates] : g.coordinates).locate(p) === 'in';
const zones = prepareZones(districts, inside, 3);
const sites = generateSites(zones, 800, 4);
const expected = runOracle(zones, sites, GOLDEN_NEAR_M);
mkdirSync(GOLDEN_DIR, { recursive: true });
writeFileSync(join(GOLDEN_DIR, 'zones.geojson'), JSON.stringify(zones));
writeFileSync(join(GOLDEN_DIR, 'sites.geojson'), JSON.stringify(sites));
writeFileSync(join(GOLDEN_DIR, 'expected.json'), JSON.stringify({ near_m: GOLDEN_NEAR_M, oracle: 'shared/oracle/geos_oracle.py', sites: expected }, null, 0));
console.log(
  `wrote ${GOLDEN_DIR}: ${zones.features.length} zones, ${sites.features.length} sites, ${expected.reduce((n, s) => n + s.hits.length, 0)} expected hits`,
);
