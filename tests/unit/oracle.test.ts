// Agreement with the independent GEOS/WGS84 oracle: pinned golden cases always, fresh random cases when the oracle can run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needs } from './support/needs';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import {
  againstOracle,
  compare,
  cutSites,
  oracleAvailable,
  runEngine,
  withReferee,
  type OracleSite,
  type RefereeAnswer,
} from '../../scripts/oracle/compare';
import { generateSites, prepareZones } from '../../scripts/oracle/generate';
import { PreparedPolygon } from '../../src/lib/check/preparedPolygon';
import { loadLayerSource, readManifest } from '../../scripts/data/sources';

const dir = join(__dirname, '../fixtures/oracle');
const read = <T>(f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as T;

describe('agreement with the GEOS oracle', () => {
  it('matches the pinned oracle answers for 1,000 sites (a fifth cut from the zones with GEOS) on 13 district outlines with holes and multipolygons', () => {
    const zones = read<FeatureCollection>('zones.geojson');
    const sites = read<FeatureCollection>('sites.geojson');
    const golden = read<{ near_m: number; sites: OracleSite[] }>('expected.json');
    const pinned = read<{ answers: Record<string, RefereeAnswer | null>; settled: string[] }>('referee.json');
    const actual = runEngine(zones, sites, golden.near_m);
    const raw = compare(golden.sites, actual, golden.near_m);
    // Where GEOS's own answer was its rounding, the referee's pinned answer is the expectation; nothing else may differ.
    const a = compare(withReferee(golden.sites, new Map(Object.entries(pinned.answers))), actual, golden.near_m);
    expect(a.mismatches).toEqual([]);
    // The referee was asked about every raw disagreement, and the pinned ones are the raw ones.
    expect(raw.mismatches).toEqual(pinned.settled);
    expect(raw.mismatches.every((m) => /: (length inside|overlap) /.test(m))).toBe(true);
    expect(a.hits).toBe(golden.sites.reduce((n, s) => n + s.hits.length, 0));
    expect(sites.features.filter((f) => f.properties?.['kind']).length).toBe(200);
    for (const rel of ['inside', 'overlaps', 'touches', 'near'])
      expect(a.byRelation[rel] ?? 0, rel).toBeGreaterThan(10);
  });

  it.runIf(needs('the GEOS oracle (../shared/oracle, python3-shapely, python3-pyproj)', oracleAvailable()))(
    'agrees with the oracle run now on 2,500 fresh random sites, 500 of them cut from the zones with GEOS',
    async () => {
      const spec = readManifest().layers.find((l) => l.id === 'admin-district')!;
      const inside = (p: Position, g: Polygon | MultiPolygon) =>
        new PreparedPolygon(g.type === 'Polygon' ? [g.coordinates] : g.coordinates).locate(p) === 'in';
      const zones = prepareZones((await loadLayerSource(spec)).data as FeatureCollection, inside, 21);
      const sites = generateSites(zones, 2000, 22);
      sites.features.push(...cutSites(zones, 500, 23).features);
      const { raw, agreement: a, settled } = againstOracle(zones, sites, 800);
      expect(a.hits).toBeGreaterThan(3000);
      expect(a.maxDistanceErrM).toBeLessThan(0.5);
      // Every disagreement with GEOS is one the referee settles (GEOS's rounding): none is left.
      expect(a.mismatches).toEqual([]);
      expect(settled.length).toBe(raw.mismatches.length);
      expect(raw.mismatches.every((m) => /: (length inside|overlap) /.test(m))).toBe(true);
    },
    300_000,
  );
});
