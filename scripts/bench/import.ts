// `npm run bench:import`: importing a province's control units (about 1,300 units, 2 million vertices, zipped GBK
// shapefile in EPSG:4547) with the access-list join (XLSX, four rows per unit) and full QA, against GDAL's own ogr2ogr of the same file to FlatGeobuf, side by side, each in
// its own process, alternating; medians, the ratio, and each run's peak memory (target: ratio ≤ 3, memory < 2 GB).

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { writeProvinceDelivery } from './provinceDelivery';
import { ROOT } from '../data/sources';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const { zip, accessList, units, vertices } = await writeProvinceDelivery(join(ROOT, '.scratch/bench-province'));
// Both read the same unzipped shapefile (GDAL's /vsizip/ does not open a path here).
const shp = join(zip, '..', 'shp');
console.log(`delivery: ${units} units, ${vertices.toLocaleString('en')} vertices (${shp}), access list ${accessList}`);

const tsx = join(ROOT, 'node_modules/.bin/tsx');
const child = join(ROOT, 'scripts/bench/importChild.ts');
const once = (mode: string) =>
  JSON.parse(
    execFileSync(tsx, [child, mode, shp, accessList], { encoding: 'utf8', maxBuffer: 1 << 24 })
      .trim()
      .split('\n')
      .pop()!,
  ) as {
    ms: number;
    maxRssMB: number;
  };
const times: Record<string, { ms: number; maxRssMB: number }[]> = { gdal: [], import: [] };
for (let i = 0; i < runs; i++)
  for (const mode of ['gdal', 'import']) {
    const r = once(mode);
    times[mode]!.push(r);
    console.log(`  run ${i + 1} ${mode.padEnd(6)} ${(r.ms / 1000).toFixed(2)} s, peak ${r.maxRssMB.toFixed(0)} MB`);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const g = median(times['gdal']!.map((r) => r.ms));
const m = median(times['import']!.map((r) => r.ms));
const peak = Math.max(...times['import']!.map((r) => r.maxRssMB));
console.log(`GDAL ogr2ogr → FlatGeobuf (baseline)   median ${(g / 1000).toFixed(2)} s`);
console.log(`ecozone data import, list join and QA median ${(m / 1000).toFixed(2)} s, peak ${peak.toFixed(0)} MB`);
console.log(`ratio ${(m / g).toFixed(2)} (target ≤ 3.00); peak memory ${peak < 2048 ? 'under' : 'OVER'} 2 GB`);
