// `npm run oracle:golden`: regenerates tests/fixtures/oracle from the project's own district outlines and the GEOS oracle.
// The fixtures let the agreement test run where Python or ../shared is missing.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { PreparedPolygon } from '../../src/lib/check/preparedPolygon';
import { loadLayerSource, readManifest, ROOT } from '../data/sources';
import { generateSites, prepareZones } from './generate';
import { compare, cutSites, mismatchKey, oracleAvailable, runEngine, runOracle } from './compare';

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
// A fifth of the pinned sites are cut from the zones with GEOS: shared edges, ulp-off vertices, tiling junctions.
sites.features.push(...cutSites(zones, 200, 5).features);
const expected = runOracle(zones, sites, GOLDEN_NEAR_M);
// The pairs where the engine and GEOS disagree beyond the tolerances, pinned so that any new one fails the test.
const known = compare(expected, runEngine(zones, sites, GOLDEN_NEAR_M), GOLDEN_NEAR_M).mismatches;
mkdirSync(GOLDEN_DIR, { recursive: true });
writeFileSync(join(GOLDEN_DIR, 'zones.geojson'), JSON.stringify(zones));
writeFileSync(join(GOLDEN_DIR, 'sites.geojson'), JSON.stringify(sites));
writeFileSync(join(GOLDEN_DIR, 'expected.json'), JSON.stringify({ near_m: GOLDEN_NEAR_M, oracle: 'shared/oracle/geos_oracle.py', sites: expected }, null, 0));
writeFileSync(
  join(GOLDEN_DIR, 'known-disagreements.json'),
  JSON.stringify(
    {
      why: 'GEOS overlay snaps near-coincident boundaries when its floating noding fails, and measures plane slivers on the ellipsoid; see README, Checking',
      pairs: known.map(mismatchKey),
      figures: known,
    },
    null,
    1,
  ) + '\n',
);
console.log(`known disagreements: ${known.length}`);
console.log(
  `wrote ${GOLDEN_DIR}: ${zones.features.length} zones, ${sites.features.length} sites, ${expected.reduce((n, s) => n + s.hits.length, 0)} expected hits`,
);
