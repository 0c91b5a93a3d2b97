// Agreement with the independent GEOS/WGS84 oracle: pinned golden cases always, fresh random cases when the oracle can run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { compare, oracleAvailable, runEngine, runOracle, type OracleSite } from '../../scripts/oracle/compare';
import { generateSites, prepareZones } from '../../scripts/oracle/generate';
import { PreparedPolygon } from '../../src/lib/check/preparedPolygon';
import { loadLayerSource, readManifest } from '../../scripts/data/sources';

const dir = join(__dirname, '../fixtures/oracle');
const read = <T>(f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as T;

describe('agreement with the GEOS oracle', () => {
  it('matches the pinned oracle answers for 800 sites on 13 district outlines with holes and multipolygons', () => {
    const zones = read<FeatureCollection>('zones.geojson');
    const sites = read<FeatureCollection>('sites.geojson');
    const golden = read<{ near_m: number; sites: OracleSite[] }>('expected.json');
    const a = compare(golden.sites, runEngine(zones, sites, golden.near_m), golden.near_m);
    expect(a.mismatches).toEqual([]);
    expect(a.hits).toBe(golden.sites.reduce((n, s) => n + s.hits.length, 0));
    for (const rel of ['inside', 'overlaps', 'touches', 'near']) expect(a.byRelation[rel] ?? 0, rel).toBeGreaterThan(10);
  });

  it.runIf(oracleAvailable())(
    'agrees with the oracle run now on 2,000 fresh random sites',
    () => {
      const spec = readManifest().layers.find((l) => l.id === 'admin-district')!;
      const inside = (p: Position, g: Polygon | MultiPolygon) => new PreparedPolygon(g.type === 'Polygon' ? [g.coordinates] : g.coordinates).locate(p) === 'in';
      const zones = prepareZones(loadLayerSource(spec).data as FeatureCollection, inside, 21);
      const sites = generateSites(zones, 2000, 22);
      const a = compare(runOracle(zones, sites, 800), runEngine(zones, sites, 800), 800);
      expect(a.mismatches).toEqual([]);
      expect(a.hits).toBeGreaterThan(2500);
      expect(a.maxDistanceErrM).toBeLessThan(0.5);
    },
    300_000,
  );
});
