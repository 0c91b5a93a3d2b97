// `npm run size` (after `npm run build`): gzip size of what the first page view downloads, file by file.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './data/sources';

const dist = join(ROOT, 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
// The page loads index.html, what it links, MapLibre's worker, the check worker, the manifest, the rules and every layer file.
const linked = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
const worker = readdirSync(join(dist, 'assets'))
  .filter(
    (f) =>
      (f.startsWith('maplibre-gl-worker') && f.endsWith('.mjs')) || (f.startsWith('check.worker') && f.endsWith('.js')),
  )
  .map((f) => `assets/${f}`);
const data = readdirSync(join(dist, 'data')).map((f) => `data/${f}`);
const files = ['index.html', ...linked, ...worker, ...data];

let raw = 0;
let gz = 0;
const rows = files.map((f) => {
  const bytes = readFileSync(join(dist, f));
  const z = gzipSync(bytes, { level: 9 }).length;
  raw += statSync(join(dist, f)).size;
  gz += z;
  return `${f.padEnd(48)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KiB ${(z / 1024).toFixed(1).padStart(8)} KiB gz`;
});
console.log(rows.join('\n'));
console.log(
  `${'initial load total'.padEnd(48)} ${(raw / 1024).toFixed(1).padStart(8)} KiB ${(gz / 1024).toFixed(1).padStart(8)} KiB gz`,
);
