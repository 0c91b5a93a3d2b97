// `npm run oracle:golden`: regenerates tests/fixtures/oracle from the project's own district outlines and the GEOS oracle.
// The fixtures let the agreement test run where Python or ../shared is missing.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { PreparedPolygon } from '../../src/lib/check/preparedPolygon';
import { loadLayerSource, readManifest, ROOT } from '../data/sources';
import { generateSites, prepareZones } from './generate';
import { againstOracle, cutSites, oracleAvailable } from './compare';

export const GOLDEN_DIR = join(ROOT, 'tests/fixtures/oracle');
export const GOLDEN_NEAR_M = 500;

if (!oracleAvailable()) {
  console.error('the oracle needs ../shared/oracle/geos_oracle.py and Debian python3-shapely, python3-pyproj');
  process.exit(1);
}
const spec = readManifest().layers.find((l) => l.id === 'admin-district')!;
const districts = (await loadLayerSource(spec)).data as FeatureCollection;
const inside = (p: Position, g: Polygon | MultiPolygon) =>
  new PreparedPolygon(g.type === 'Polygon' ? [g.coordinates] : g.coordinates).locate(p) === 'in';
const zones = prepareZones(districts, inside, 3);
const sites = generateSites(zones, 800, 4);
// A fifth of the pinned sites are cut from the zones with GEOS: shared edges, ulp-off vertices, tiling junctions.
sites.features.push(...cutSites(zones, 200, 5).features);
// The pairs where the engine and GEOS disagree beyond the tolerances, put to the referee; its answers are pinned
// beside the oracle's, so that the test compares with them where GEOS's own answer was rounding.
const { expected, raw, settled, agreement, referee } = againstOracle(zones, sites, GOLDEN_NEAR_M);
mkdirSync(GOLDEN_DIR, { recursive: true });
writeFileSync(join(GOLDEN_DIR, 'zones.geojson'), JSON.stringify(zones));
writeFileSync(join(GOLDEN_DIR, 'sites.geojson'), JSON.stringify(sites));
writeFileSync(
  join(GOLDEN_DIR, 'expected.json'),
  JSON.stringify({ near_m: GOLDEN_NEAR_M, oracle: 'shared/oracle/geos_oracle.py', sites: expected }, null, 0),
);
writeFileSync(
  join(GOLDEN_DIR, 'referee.json'),
  JSON.stringify(
    {
      referee: 'scripts/oracle/referee.py',
      why: "GEOS's answer for these pairs is its rounding: it changes under an exact translation, or with whether its noding snapped; see README, Checking",
      answers: Object.fromEntries(referee),
      settled,
    },
    null,
    1,
  ) + '\n',
);
if (agreement.mismatches.length) {
  console.error(
    `the engine disagrees with the referee on ${agreement.mismatches.length} pairs:\n${agreement.mismatches.join('\n')}`,
  );
  process.exitCode = 1;
}
console.log(`raw GEOS disagreements: ${raw.mismatches.length}, settled by the referee: ${settled.length}`);
console.log(
  `wrote ${GOLDEN_DIR}: ${zones.features.length} zones, ${sites.features.length} sites, ${expected.reduce((n, s) => n + s.hits.length, 0)} expected hits`,
);
