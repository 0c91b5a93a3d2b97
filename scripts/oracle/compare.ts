// Runs the GEOS/ellipsoid oracle and the engine on the same cases and measures how far they agree.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { buildDataset } from '../../src/lib/check/dataset';
import { checkSite } from '../../src/lib/check/checkSite';
import { RuleBook } from '../../src/lib/rules/ruleBook';

export const ORACLE = join(new URL('.', import.meta.url).pathname, '../../../shared/oracle/geos_oracle.py');
export const PYTHON = '/usr/bin/python3';

export interface OracleHit {
  zone: string;
  relation: string;
  overlap_m2: number;
  length_in_m: number;
  distance_m: number;
}
export interface OracleSite {
  site: string;
  site_area_m2: number;
  site_length_m: number;
  hits: OracleHit[];
}

/** Whether the oracle can run here: its script beside the project and Debian's shapely and pyproj. */
export function oracleAvailable(): boolean {
  if (!existsSync(ORACLE) || !existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import shapely, pyproj'], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs one of the Python scripts (cutter, oracle, referee) with Debian's interpreter: the inputs written as JSON files
 * in a fresh temporary folder (`args` gets their paths by name), its standard output parsed as JSON.
 */
function runPython<T>(
  what: string,
  script: string,
  inputs: Record<string, unknown>,
  args: (files: Record<string, string>) => string[],
): T {
  const dir = mkdtempSync(join(tmpdir(), 'ecozone-python-'));
  const files: Record<string, string> = {};
  for (const [name, data] of Object.entries(inputs)) {
    files[name] = join(dir, `${name}.json`);
    writeFileSync(files[name], JSON.stringify(data));
  }
  const r = spawnSync(PYTHON, [script, ...args(files)], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export const CUTTER = join(new URL('.', import.meta.url).pathname, 'cut_sites.py');

/**
 * Sites cut from the zones with GEOS, as GIS users make parcels (scripts/oracle/cut_sites.py): circles and boxes
 * cut from a zone, unions of neighbours, a zone's own outline, a hole filled, a zone minus a circle, circles over
 * junctions of tiling zones, edges with vertices inserted on them, pieces shifted by one ulp. Needs the oracle's Python.
 */
export function cutSites(zones: FeatureCollection, n: number, seed: number, prefix = 'C'): FeatureCollection {
  return runPython<FeatureCollection>('site cutter', CUTTER, { zones }, (f) => [
    f['zones']!,
    String(n),
    String(seed),
    prefix,
  ]);
}

/** A mismatch's key: the pair and what disagreed (relation, overlap, length …), without the figures. */
export const mismatchKey = (m: string) => m.replace(/^(\S+ × \S+): (\S+).*$/, '$1 $2');

export function runOracle(zones: FeatureCollection, sites: FeatureCollection, nearM: number): OracleSite[] {
  return runPython<OracleSite[]>('oracle', ORACLE, { zones, sites }, (f) => [
    f['zones']!,
    f['sites']!,
    '--near',
    String(nearM),
  ]);
}

/** The engine's answer in the oracle's shape (zones as one layer, no rules, no coverage). */
export function runEngine(zones: FeatureCollection, sites: FeatureCollection, nearM: number): OracleSite[] {
  const ds = buildDataset([{ id: 'zones', data: zones }]);
  const book = new RuleBook([], []);
  return sites.features.map((f, i) => {
    const id = String(f.properties?.id ?? i);
    const r = checkSite(id, f.geometry, ds, book, { nearM, projectTypes: null });
    return {
      site: id,
      site_area_m2: r.areaM2,
      site_length_m: r.lengthM,
      hits: r.hits
        .map((h) => ({
          zone: h.zone,
          relation: h.relation,
          overlap_m2: h.overlapM2,
          length_in_m: h.lengthInM,
          distance_m: h.distanceM,
        }))
        .sort((a, b) => a.zone.localeCompare(b.zone)),
    };
  });
}

export interface Agreement {
  sites: number;
  hits: number;
  byRelation: Record<string, number>;
  mismatches: string[];
  maxAreaErr: { rel: number; absM2: number };
  maxLengthErr: { rel: number; absM: number };
  maxDistanceErrM: number;
  maxSiteAreaRel: number;
}

const areaOk = (x: number, y: number) => Math.abs(x - y) <= Math.max(1, 1e-4 * Math.abs(y));
const lenOk = (x: number, y: number) => Math.abs(x - y) <= Math.max(0.1, 1e-4 * Math.abs(y));

/** Areas within 0.01 % or 1 m², lengths within 0.01 % or 0.1 m, distances within 0.5 m, same zones and relations. */
export function compare(expected: OracleSite[], actual: OracleSite[], nearM: number): Agreement {
  const a: Agreement = {
    sites: expected.length,
    hits: 0,
    byRelation: {},
    mismatches: [],
    maxAreaErr: { rel: 0, absM2: 0 },
    maxLengthErr: { rel: 0, absM: 0 },
    maxDistanceErrM: 0,
    maxSiteAreaRel: 0,
  };
  const got = new Map(actual.map((s) => [s.site, s]));
  for (const e of expected) {
    const s = got.get(e.site);
    if (!s) {
      a.mismatches.push(`${e.site}: missing from the engine's answer`);
      continue;
    }
    if (!areaOk(s.site_area_m2, e.site_area_m2))
      a.mismatches.push(`${e.site}: site area ${s.site_area_m2} vs ${e.site_area_m2}`);
    if (!lenOk(s.site_length_m, e.site_length_m))
      a.mismatches.push(`${e.site}: site length ${s.site_length_m} vs ${e.site_length_m}`);
    if (e.site_area_m2 > 0)
      a.maxSiteAreaRel = Math.max(a.maxSiteAreaRel, Math.abs(s.site_area_m2 - e.site_area_m2) / e.site_area_m2);
    const mine = new Map(s.hits.map((h) => [h.zone, h]));
    const theirs = new Map(e.hits.map((h) => [h.zone, h]));
    for (const [zone, h] of theirs) {
      const m = mine.get(zone);
      // A zone within a millimetre of the near distance may fall either side of it.
      const borderline = h.relation === 'near' && Math.abs(h.distance_m - nearM) < 0.01;
      if (!m) {
        if (!borderline) a.mismatches.push(`${e.site} × ${zone}: oracle ${h.relation}, engine no hit`);
        continue;
      }
      a.hits++;
      a.byRelation[h.relation] = (a.byRelation[h.relation] ?? 0) + 1;
      if (m.relation !== h.relation)
        a.mismatches.push(`${e.site} × ${zone}: oracle ${h.relation}, engine ${m.relation}`);
      if (!areaOk(m.overlap_m2, h.overlap_m2))
        a.mismatches.push(`${e.site} × ${zone}: overlap ${m.overlap_m2} vs ${h.overlap_m2} m²`);
      if (!lenOk(m.length_in_m, h.length_in_m))
        a.mismatches.push(`${e.site} × ${zone}: length inside ${m.length_in_m} vs ${h.length_in_m} m`);
      if (Math.abs(m.distance_m - h.distance_m) > 0.5)
        a.mismatches.push(`${e.site} × ${zone}: distance ${m.distance_m} vs ${h.distance_m} m`);
      const dA = Math.abs(m.overlap_m2 - h.overlap_m2);
      if (h.overlap_m2 > 0)
        a.maxAreaErr = { rel: Math.max(a.maxAreaErr.rel, dA / h.overlap_m2), absM2: Math.max(a.maxAreaErr.absM2, dA) };
      const dL = Math.abs(m.length_in_m - h.length_in_m);
      if (h.length_in_m > 0)
        a.maxLengthErr = {
          rel: Math.max(a.maxLengthErr.rel, dL / h.length_in_m),
          absM: Math.max(a.maxLengthErr.absM, dL),
        };
      a.maxDistanceErrM = Math.max(a.maxDistanceErrM, Math.abs(m.distance_m - h.distance_m));
    }
    for (const [zone, m] of mine)
      if (!theirs.has(zone) && !(m.relation === 'near' && Math.abs(m.distance_m - nearM) < 0.01))
        a.mismatches.push(`${e.site} × ${zone}: engine ${m.relation}, oracle no hit`);
  }
  return a;
}

export const REFEREE = join(new URL('.', import.meta.url).pathname, 'referee.py');

/** The referee's answer for one pair (scripts/oracle/referee.py): null relation when they do not meet. */
export interface RefereeAnswer {
  relation: string | null;
  overlap_m2: number;
  length_in_m: number;
}

/** The referee's answers for the given [site, zone] pairs, keyed `site × zone` (null where no exact frame exists). */
export function runReferee(
  zones: FeatureCollection,
  sites: FeatureCollection,
  pairs: [string, string][],
): Map<string, RefereeAnswer | null> {
  const out = runPython<{ site: string; zone: string; answer: RefereeAnswer | null }[]>(
    'referee',
    REFEREE,
    { zones, sites, pairs },
    (f) => [f['zones']!, f['sites']!, f['pairs']!],
  );
  return new Map(out.map((o) => [`${o.site} × ${o.zone}`, o.answer]));
}

/** The pair a mismatch is about (`site × zone`), or null for a site-level mismatch. */
export const mismatchPair = (m: string): [string, string] | null => {
  const hit = /^(\S+) × (\S+):/.exec(m);
  return hit ? [hit[1]!, hit[2]!] : null;
};

/** The oracle's answers with the referee's in place for the pairs it judged (`site × zone`; null: no exact frame, the oracle's answer stands). */
export function withReferee(expected: OracleSite[], referee: Map<string, RefereeAnswer | null>): OracleSite[] {
  const bySite = new Map<string, [string, RefereeAnswer][]>();
  for (const [key, ref] of referee) {
    const [sid, zid] = key.split(' × ') as [string, string];
    if (ref) bySite.set(sid, [...(bySite.get(sid) ?? []), [zid, ref]]);
  }
  return expected.map((site) => {
    const judged = bySite.get(site.site);
    if (!judged) return site;
    const hits = new Map(site.hits.map((h) => [h.zone, h]));
    for (const [zid, ref] of judged)
      if (!ref.relation) {
        const near = hits.get(zid);
        if (near?.relation === 'near') hits.set(zid, { ...near, length_in_m: ref.length_in_m });
        else hits.delete(zid);
      } else
        hits.set(zid, {
          zone: zid,
          relation: ref.relation,
          overlap_m2: ref.overlap_m2,
          length_in_m: ref.length_in_m,
          distance_m: 0,
        });
    return { ...site, hits: [...hits.values()].sort((a, b) => a.zone.localeCompare(b.zone)) };
  });
}

/**
 * The raw oracle's mismatches put to the referee: its answers replace the oracle's for the pairs in dispute (never for
 * distances or site-level figures), and the engine is compared again. A raw mismatch that the referee settles is
 * GEOS's rounding (its answer changes under an exact translation, or with whether its noding snapped), not the
 * engine's error; `agreement.mismatches` are the disagreements that remain.
 */
export function settle(
  zones: FeatureCollection,
  sites: FeatureCollection,
  expected: OracleSite[],
  actual: OracleSite[],
  raw: Agreement,
  nearM: number,
): { settled: string[]; agreement: Agreement; referee: Map<string, RefereeAnswer | null> } {
  const pairs = new Map<string, [string, string]>();
  for (const m of raw.mismatches) {
    const p = mismatchPair(m);
    if (p && !/: distance /.test(m)) pairs.set(p.join(' × '), p);
  }
  const referee = pairs.size ? runReferee(zones, sites, [...pairs.values()]) : new Map<string, RefereeAnswer | null>();
  const corrected = withReferee(expected, referee);
  const agreement = compare(corrected, actual, nearM);
  const left = new Set(agreement.mismatches.map(mismatchKey));
  return { settled: raw.mismatches.filter((m) => !left.has(mismatchKey(m))), agreement, referee };
}

/**
 * The engine and the oracle on the same zones and sites, every disagreement put to the referee: the oracle's and the
 * engine's answers, the raw comparison, and what the referee settled and left.
 */
export function againstOracle(
  zones: FeatureCollection,
  sites: FeatureCollection,
  nearM: number,
): {
  expected: OracleSite[];
  actual: OracleSite[];
  raw: Agreement;
} & ReturnType<typeof settle> {
  const expected = runOracle(zones, sites, nearM);
  const actual = runEngine(zones, sites, nearM);
  const raw = compare(expected, actual, nearM);
  return { expected, actual, raw, ...settle(zones, sites, expected, actual, raw, nearM) };
}
