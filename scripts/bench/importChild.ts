// One timed run for scripts/bench/import.ts, in its own process so that its peak memory is its own:
// `gdal` converts the shapefile (its folder) with GDAL's ogr2ogr (gdal3.js) to lon/lat FlatGeobuf; `import` runs
// `ecozone data import` on it with the access list (reading, field recognition, the list's join, QA, FlatGeobuf). Prints {ms, maxRssMB}.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { outputPath, startGdal } from '../../src/cli/gdal';
import { dataImport } from '../../src/cli/dataImport';
import { ROOT } from '../data/sources';

const [mode, zip, accessList] = process.argv.slice(2);
const out = mkdtempSync(join(tmpdir(), 'ecozone-bench-'));
await startGdal(); // started before the clock in both modes: the same one-second start-up either way
const t0 = performance.now();
if (mode === 'gdal') {
  const G = await startGdal();
  const { readdirSync } = await import('node:fs');
  const opened = await G.open(readdirSync(zip!).map((f) => join(zip!, f)));
  const ds = opened.datasets[0];
  if (!ds) throw new Error(`GDAL cannot open ${zip}`);
  const res = await G.ogr2ogr(ds, ['-f', 'FlatGeobuf', '-t_srs', 'EPSG:4326'], 'bench');
  // Written to a file on disk, as the ogr2ogr command writes it (GDAL's output folder is a real one).
  if (!statSync(outputPath(res.local)).size) throw new Error('empty output');
} else {
  await dataImport(ROOT, [zip!, '--layer', 'ecu', '--access-list', accessList!, '--out', out], (s) => {
    if (/^access list /.test(s)) process.stderr.write(`${s}\n`);
  });
}
const ms = performance.now() - t0;
rmSync(out, { recursive: true, force: true });
console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
