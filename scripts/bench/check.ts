// `npm run bench`: the engine against a naive loop (turf.booleanIntersects over every zone) on a
// national-scale synthetic set, per-site median and p95 by site kind, and a 10,000-point batch through the CLI.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import booleanIntersects from '@turf/boolean-intersects';
import { buildDataset } from '../../src/lib/check/dataset';
import { checkSite } from '../../src/lib/check/checkSite';
import { RuleBook } from '../../src/lib/rules/ruleBook';
import { robustnessStats } from '../../src/lib/check/robustness';
import { rng } from '../oracle/generate';
import { NATIONAL_EXTENT, nationalUnits } from './nationalUnits';
import { ROOT } from '../data/sources';

const { values } = parseArgs({
  options: {
    grid: { type: 'string', default: '200' }, // grid × grid control units
    edge: { type: 'string', default: '31' }, // vertices per shared cell edge
    sites: { type: 'string', default: '200' }, // engine sites per kind
    naive: { type: 'string', default: '3' }, // naive-loop sites per kind (a polygon takes about a minute)
    batch: { type: 'string', default: '10000' },
  },
});
const [W, S, E, N] = NATIONAL_EXTENT;

const t0 = performance.now();
const { fc: zoneFc, vertices } = nationalUnits(Number(values.grid), Number(values.edge));
const zones = zoneFc.features;
const genMs = performance.now() - t0;

// Sites well inside the grid.
const rand = rng(42);
const centre = (): Position => [W + 2 + rand() * (E - W - 4), S + 2 + rand() * (N - S - 4)];
const off = ([x, y]: Position, dx: number, dy: number): Position => [
  x! + dx / (111_320 * Math.cos((y! * Math.PI) / 180)),
  y! + dy / 110_950,
];
function makeSite(kind: string): Geometry {
  const c = centre();
  if (kind === 'point') return { type: 'Point', coordinates: c };
  if (kind === 'line') {
    const pts = [c];
    let h = rand() * 2 * Math.PI;
    for (let k = 0; k < 20; k++) {
      h += (rand() - 0.5) * 0.8;
      pts.push(off(pts[pts.length - 1]!, 500 * Math.cos(h), 500 * Math.sin(h)));
    }
    return { type: 'LineString', coordinates: pts };
  }
  const r = 1000 + rand() * 4000;
  const ring: Position[] = [];
  for (let k = 0; k < 1000; k++) {
    const a = (2 * Math.PI * k) / 1000;
    const rr = r * (0.85 + 0.15 * Math.sin(7 * a) + 0.05 * rand());
    ring.push(off(c, rr * Math.cos(a), rr * Math.sin(a)));
  }
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]! };
};

const t1 = performance.now();
const ds = buildDataset([{ id: 'units', data: zoneFc }]);
const indexMs = performance.now() - t1;
const book = new RuleBook([], []);

console.log(
  `synthetic national set: ${zones.length.toLocaleString()} control units, ${vertices.toLocaleString()} vertices (generated in ${(genMs / 1000).toFixed(1)} s, indexed in ${indexMs.toFixed(0)} ms)`,
);
console.log('');
console.log(
  'site kind              engine median   engine p95   naive median   naive p95   ratio (median)   hits/site',
);
const results: Record<string, { engine: number; naive: number }> = {};
for (const kind of ['point', 'line', 'polygon']) {
  const label = kind === 'polygon' ? 'polygon (1,000 vtx)' : kind === 'line' ? 'line (21 vtx, 10 km)' : 'point';
  const sites = Array.from({ length: Number(values.sites) }, () => makeSite(kind));
  // Warm up the edge indexes and the JIT on a few sites, as a long-running checker would be.
  for (const g of sites.slice(0, 5)) checkSite('w', g, ds, book, { nearM: 0, projectTypes: null });
  const engineMs: number[] = [];
  let hits = 0;
  for (const g of sites) {
    const t = performance.now();
    hits += checkSite('s', g, ds, book, { nearM: 0, projectTypes: null }).hits.length;
    engineMs.push(performance.now() - t);
  }
  const naiveMs: number[] = [];
  for (const g of sites.slice(0, Number(values.naive))) {
    const site: Feature = { type: 'Feature', properties: {}, geometry: g };
    const t = performance.now();
    let n = 0;
    for (const z of zones) if (booleanIntersects(site, z)) n++;
    naiveMs.push(performance.now() - t);
    if (n === 0) throw new Error('naive loop found no zone: the sites are off the grid');
  }
  const e = stats(engineMs),
    nv = stats(naiveMs);
  results[kind] = { engine: e.median, naive: nv.median };
  console.log(
    `${label.padEnd(22)} ${e.median.toFixed(3).padStart(10)} ms ${e.p95.toFixed(3).padStart(9)} ms ${nv.median.toFixed(1).padStart(11)} ms ${nv.p95.toFixed(1).padStart(8)} ms ${(nv.median / e.median).toFixed(0).padStart(12)}× ${(hits / sites.length).toFixed(1).padStart(11)}`,
  );
}
console.log('');
console.log(
  `(engine: ${values.sites} sites per kind; naive loop: ${values.naive} sites per kind, turf.booleanIntersects over all ${zones.length.toLocaleString()} units)`,
);
const rs = robustnessStats;
console.log(
  `robustness: ${rs.pairs.toLocaleString()} polygon pairs; ${rs.exactPieces} boundary pieces and ${rs.exactLoops} loops decided in exact arithmetic; ${rs.fallbacks} pairs re-measured by clipping (${((100 * rs.fallbacks) / Math.max(1, rs.pairs)).toFixed(3)} %), ${rs.failures} left unmeasured`,
);
const poly = results['polygon']!;
console.log(
  `targets: polygon median ${poly.engine.toFixed(2)} ms (< 20 ms: ${poly.engine < 20 ? 'met' : 'NOT met'}); speed-up ≥ 50×: ${Object.values(results).every((r) => r.naive / r.engine >= 50) ? 'met' : 'NOT met'}`,
);

// A batch of point sites against the demo layers, through the command line, wall-clock.
const dir = mkdtempSync(join(tmpdir(), 'ecozone-bench-'));
const r2 = rng(7);
const batch: FeatureCollection = {
  type: 'FeatureCollection',
  features: Array.from({ length: Number(values.batch) }, (_, i) => ({
    type: 'Feature' as const,
    properties: { id: `P${i}` },
    geometry: {
      type: 'Point' as const,
      coordinates: i % 5 === 0 ? [112.1 + r2() * 0.7, 34.95 + r2() * 0.3] : [112.75 + r2() * 1.45, 34.3 + r2() * 0.65],
    },
  })),
};
writeFileSync(join(dir, 'points.geojson'), JSON.stringify(batch));
const t2 = performance.now();
const cli = spawnSync(
  process.execPath,
  [
    join(ROOT, 'bin/ecozone.js'),
    'check',
    '--site',
    join(dir, 'points.geojson'),
    '--near',
    '500',
    '--out',
    join(dir, 'out.json'),
  ],
  { encoding: 'utf8' },
);
const cliS = (performance.now() - t2) / 1000;
if (cli.status !== 0) throw new Error(`CLI failed: ${cli.stderr}`);
console.log('');
console.log(
  `CLI batch: ${Number(values.batch).toLocaleString()} point sites against the demo layers, --near 500, JSON out: ${cliS.toFixed(2)} s wall (target < 10 s: ${cliS < 10 ? 'met' : 'NOT met'})`,
);
