// `npm run oracle -- [--sites N] [--near M] [--seed S]`: engine vs GEOS oracle on real district outlines, printing the agreement.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { PreparedPolygon } from '../../src/lib/check/preparedPolygon';
import { generateSites, prepareZones } from './generate';
import { compare, cutSites, oracleAvailable, runEngine, runOracle } from './compare';
import { robustnessStats } from '../../src/lib/check/boundaryPieces';

const { values } = parseArgs({
  options: { sites: { type: 'string', default: '5000' }, near: { type: 'string', default: '500' }, seed: { type: 'string', default: '7' } },
});
if (!oracleAvailable()) {
  console.error('the oracle needs ../shared/oracle/geos_oracle.py and Debian python3-shapely, python3-pyproj');
  process.exit(1);
}
const dir = join(new URL('.', import.meta.url).pathname, '../../../shared/realdata/datav-henan-geojson');
const source: FeatureCollection = {
  type: 'FeatureCollection',
  features: ['410100', '410300', '410700', '410800'].flatMap(
    (c) => (JSON.parse(readFileSync(join(dir, `${c}_full.json`), 'utf8')) as FeatureCollection).features,
  ),
};
const inside = (p: Position, g: Polygon | MultiPolygon) => new PreparedPolygon(g.type === 'Polygon' ? [g.coordinates] : g.coordinates).locate(p) === 'in';
const zones = prepareZones(source, inside, Number(values.seed));
// A quarter of every batch is cut from the zones with GEOS, along their boundaries, as real parcels are.
const total = Number(values.sites);
const cut = cutSites(zones, Math.ceil(total / 4), Number(values.seed) + 2);
const sites = generateSites(zones, total - cut.features.length, Number(values.seed) + 1);
const kindOf = new Map(cut.features.map((f) => [String(f.properties?.id), String(f.properties?.kind)]));
sites.features.push(...cut.features);
const near = Number(values.near);
let t = performance.now();
const expected = runOracle(zones, sites, near);
const oracleMs = performance.now() - t;
t = performance.now();
const actual = runEngine(zones, sites, near);
const engineMs = performance.now() - t;
const a = compare(expected, actual, near);
console.log(`zones: ${zones.features.length} real district outlines (DataV, test-only) with holes and multipolygons added`);
console.log(`sites: ${a.sites}, hits compared: ${a.hits} ${JSON.stringify(a.byRelation)}, near ${near} m`);
console.log(`sites cut with GEOS: ${cut.features.length} (${[...new Set(kindOf.values())].join(', ')})`);
console.log(`mismatches: ${a.mismatches.length}`);
for (const m of a.mismatches.slice(0, 40)) console.log(`  ${kindOf.get(m.split(' ')[0]!.replace(/:$/, '')) ?? 'random'}: ${m}`);
const s = robustnessStats;
console.log(
  `engine robustness: ${s.pairs} polygon pairs, ${s.exactPieces} pieces classified exactly, ${s.fallbacks} pairs re-measured by clipping, ${s.failures} left unmeasured`,
);
console.log(`max overlap-area error: ${(a.maxAreaErr.rel * 100).toExponential(2)} % (${a.maxAreaErr.absM2.toFixed(4)} m²)`);
console.log(`max length-inside error: ${(a.maxLengthErr.rel * 100).toExponential(2)} % (${a.maxLengthErr.absM.toFixed(4)} m)`);
console.log(`max distance error: ${a.maxDistanceErrM.toFixed(4)} m; max site-area error ${(a.maxSiteAreaRel * 100).toExponential(2)} %`);
console.log(`time: oracle ${(oracleMs / 1000).toFixed(1)} s, engine ${(engineMs / 1000).toFixed(1)} s`);
process.exitCode = a.mismatches.length ? 1 : 0;
