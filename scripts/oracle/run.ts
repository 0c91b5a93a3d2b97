// `npm run oracle -- [--sites N] [--near M] [--seed S] [--zones FILE]`: engine vs GEOS oracle on real district outlines
// (or on the polygons of FILE, a .fgb or .geojson such as an imported data/local/ecu.fgb), printing the agreement.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { PreparedPolygon } from '../../src/lib/check/preparedPolygon';
import { generateSites, prepareZones } from './generate';
import { compare, cutSites, mismatchKey, oracleAvailable, runEngine, runOracle, settle } from './compare';
import { robustnessStats } from '../../src/lib/check/robustness';
import { fromFlatGeobuf } from '../../src/lib/layers/loadLayer';

const { values } = parseArgs({
  options: {
    sites: { type: 'string', default: '5000' },
    near: { type: 'string', default: '500' },
    seed: { type: 'string', default: '7' },
    zones: { type: 'string' },
  },
});
if (!oracleAvailable()) {
  console.error('the oracle needs ../shared/oracle/geos_oracle.py and Debian python3-shapely, python3-pyproj');
  process.exit(1);
}
const dir = join(new URL('.', import.meta.url).pathname, '../../../shared/realdata/datav-henan-geojson');
const source: FeatureCollection = values.zones
  ? values.zones.endsWith('.fgb')
    ? await fromFlatGeobuf(new Uint8Array(readFileSync(values.zones)))
    : (JSON.parse(readFileSync(values.zones, 'utf8')) as FeatureCollection)
  : {
      type: 'FeatureCollection',
      features: ['410100', '410300', '410700', '410800'].flatMap(
        (c) => (JSON.parse(readFileSync(join(dir, `${c}_full.json`), 'utf8')) as FeatureCollection).features,
      ),
    };
const inside = (p: Position, g: Polygon | MultiPolygon) =>
  new PreparedPolygon(g.type === 'Polygon' ? [g.coordinates] : g.coordinates).locate(p) === 'in';
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
console.log(
  values.zones
    ? `zones: ${zones.features.length} polygons of ${values.zones} with holes and multipolygons added`
    : `zones: ${zones.features.length} real district outlines (DataV, test-only) with holes and multipolygons added`,
);
console.log(`sites: ${a.sites}, hits compared: ${a.hits} ${JSON.stringify(a.byRelation)}, near ${near} m`);
console.log(`sites cut with GEOS: ${cut.features.length} (${[...new Set(kindOf.values())].join(', ')})`);
// A mismatch is GEOS's rounding, not the engine's error, when the referee (GEOS in an exactly translated frame, and
// snapping as GEOS does when its noding fails) gives the engine's answer; the rest are disagreements.
const { settled, agreement: b, referee } = settle(zones, sites, expected, actual, a, near);
const byKind = (list: string[]) => {
  const n: Record<string, number> = {};
  for (const m of list) {
    const k = mismatchKey(m).split(' ').pop()!;
    n[k] = (n[k] ?? 0) + 1;
  }
  return JSON.stringify(n);
};
const label = (m: string) => `${kindOf.get(m.split(' ')[0]!.replace(/:$/, '')) ?? 'random'}: ${m}`;
console.log(
  `raw GEOS disagreements: ${a.mismatches.length} ${byKind(a.mismatches)}, ${referee.size} pairs put to the referee`,
);
console.log(
  `  settled by the referee (GEOS's rounding: the engine agrees with the referee): ${settled.length} ${byKind(settled)}`,
);
for (const m of settled
  .filter((m) => !/ length inside /.test(m))
  .concat(settled.filter((m) => / length inside /.test(m)).slice(0, 6)))
  console.log(`    ${label(m)}`);
console.log(`disagreements: ${b.mismatches.length}`);
for (const m of b.mismatches.slice(0, 40)) console.log(`  ${label(m)}`);
const s = robustnessStats;
console.log(
  `engine robustness: ${s.pairs} polygon pairs, ${s.exactPieces} pieces and ${s.exactLoops} loops classified exactly, ${s.fallbacks} pairs re-measured by clipping, ${s.failures} left unmeasured`,
);
console.log(
  `after the referee, max overlap-area error: ${(b.maxAreaErr.rel * 100).toExponential(2)} % (${b.maxAreaErr.absM2.toFixed(4)} m²)`,
);
console.log(
  `max length-inside error: ${(b.maxLengthErr.rel * 100).toExponential(2)} % (${b.maxLengthErr.absM.toFixed(4)} m)`,
);
console.log(
  `max distance error: ${b.maxDistanceErrM.toFixed(4)} m; max site-area error ${(b.maxSiteAreaRel * 100).toExponential(2)} %`,
);
console.log(`time: oracle ${(oracleMs / 1000).toFixed(1)} s, engine ${(engineMs / 1000).toFixed(1)} s`);
process.exitCode = b.mismatches.length ? 1 : 0;
