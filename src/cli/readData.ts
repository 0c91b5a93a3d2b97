// Node-side loading for the command line: layers (built manifest, FlatGeobuf, GeoJSON, folders), rules and site files.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { BuiltManifest, LayerSpec } from '../lib/layers/manifest';
import { identifyLayer } from '../lib/layers/identifyLayer';
import { fromFlatGeobuf, sha256Hex } from '../lib/layers/loadLayer';
import { zoneId, type LayerLoad } from '../lib/check/dataset';
import type { ProjectType, RuleFile } from '../lib/rules/model';
import type { Crs } from '../lib/geo/crs';
import { importFile } from '../lib/io/importFile';
import type { ImportResult } from '../lib/io/types';

/** An error meant for the user: printed as one line, no stack. */
export class UserError extends Error {}

const MAX_FILE_BYTES = 512 * 1024 * 1024;

function readBytes(path: string): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UserError(`cannot read ${path}: no such file`);
  }
  if (size > MAX_FILE_BYTES)
    throw new UserError(`${path} is ${(size / 2 ** 20).toFixed(0)} MiB; the limit is ${MAX_FILE_BYTES / 2 ** 20} MiB`);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new UserError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export function readJsonFile(path: string): unknown {
  const text = new TextDecoder('utf-8').decode(readBytes(path)).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Any GeoJSON object (FeatureCollection, Feature or bare geometry) as a FeatureCollection. */
export function asFeatureCollection(json: unknown, path: string): FeatureCollection {
  const o = json as { type?: unknown; features?: unknown; geometry?: unknown };
  if (o && typeof o === 'object') {
    if (o.type === 'FeatureCollection' && Array.isArray(o.features)) return o as FeatureCollection;
    if (o.type === 'Feature') return { type: 'FeatureCollection', features: [o as Feature] };
    if (
      typeof o.type === 'string' &&
      ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'].includes(o.type)
    )
      return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: o as Geometry }] };
  }
  throw new UserError(`${path} is not GeoJSON (expected a FeatureCollection, a Feature or a geometry)`);
}

async function readCollection(path: string): Promise<FeatureCollection> {
  if (extname(path).toLowerCase() === '.fgb') {
    try {
      return await fromFlatGeobuf(readBytes(path));
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`${path} is not a readable FlatGeobuf file: ${(e as Error).message}`);
    }
  }
  return asFeatureCollection(readJsonFile(path), path);
}

/** The layers of a built manifest (public/data or a copy), each verified against its checksum. */
export async function readBuiltLayers(dir: string): Promise<LayerLoad[]> {
  const manifest = readJsonFile(join(dir, 'manifest.json')) as BuiltManifest;
  if (!manifest || !Array.isArray(manifest.layers))
    throw new UserError(`${join(dir, 'manifest.json')} is not a built layer manifest`);
  return Promise.all(
    manifest.layers.map(async (spec): Promise<LayerLoad> => {
      const path = join(dir, spec.built.file);
      try {
        const bytes = readBytes(path);
        const sum = await sha256Hex(bytes);
        if (sum !== spec.built.sha256)
          return { spec, id: spec.id, data: null, error: `checksum mismatch for ${spec.built.file}` };
        return { spec, id: spec.id, data: await fromFlatGeobuf(bytes) };
      } catch (e) {
        return { spec, id: spec.id, data: null, error: (e as Error).message };
      }
    }),
  );
}

const LAYER_EXT = new Set(['.geojson', '.json', '.fgb']);

/**
 * `--layers FILE|DIR`: a built manifest folder, or every GeoJSON/FlatGeobuf file in a folder, or one file. A plain
 * file's layer comes from `kinds` (file name or path → layer id, from --layer-kind) or from its fields (identifyLayer);
 * the file name alone never makes it a known layer.
 */
export async function readLayers(
  path: string,
  specs: LayerSpec[],
  kinds: Map<string, string> = new Map(),
): Promise<LayerLoad[]> {
  if (!existsSync(path)) throw new UserError(`cannot read ${path}: no such file or folder`);
  const { isDelivery, isImportFolder, readDeliveryLayer, readImportFolder } = await import('./deliveryLayers');
  const explicit = (p: string, only: boolean) =>
    kinds.get(p) ?? kinds.get(basename(p)) ?? (only ? kinds.get('') : undefined);
  if (isDelivery(path)) return [await readDeliveryLayer(path, specs, explicit(path, true))];
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, 'manifest.json'))) return readBuiltLayers(path);
    if (isImportFolder(path)) return readImportFolder(path, specs);
    const entries = readdirSync(path).sort();
    const files = entries.filter((f) => LAYER_EXT.has(extname(f).toLowerCase()));
    const deliveries = entries.filter((f) => isDelivery(f) && !/\.(shx|dbf|prj|cpg)$/i.test(f));
    if (files.length === 0 && deliveries.length === 0)
      throw new UserError(`${path} holds no layer files (.geojson, .fgb, zipped shapefile, .shp, .gpkg, .gdb)`);
    return Promise.all([
      ...files.map((f) => readOneLayer(join(path, f), specs, kinds)),
      ...deliveries.map((f) => readDeliveryLayer(join(path, f), specs, explicit(join(path, f), false))),
    ]);
  }
  return [await readOneLayer(path, specs, kinds, true)];
}

/**
 * The layers of several `--layers` (or of a folder holding several files of one layer, e.g. two cities' control
 * units) as one load per layer: the features joined; a layer that failed in any of them stays failed (never a partial
 * layer passed off as whole); a zone id found in more than one is refused.
 */
export function mergeLoads(loads: LayerLoad[]): LayerLoad[] {
  const byId = new Map<string, LayerLoad[]>();
  for (const l of loads) byId.set(l.id, [...(byId.get(l.id) ?? []), l]);
  return [...byId.values()].map((group) => {
    if (group.length === 1) return group[0]!;
    const first = group[0]!;
    const failed = group.filter((l) => !l.data);
    const versions = [...new Set(group.map((l) => l.version).filter((v): v is string => !!v))];
    const merged: LayerLoad = {
      ...first,
      ...(versions.length ? { version: versions.join('+') } : {}),
      ...(first.identified
        ? { identified: { ...first.identified, detail: group.map((l) => l.identified?.detail ?? l.id).join('; ') } }
        : {}),
    };
    if (failed.length) return { ...merged, data: null, error: failed.map((l) => l.error ?? 'not loaded').join('; ') };
    const seen = new Set<string>();
    for (const l of group)
      l.data!.features.forEach((f, i) => {
        const id = zoneId(f, i, l.spec);
        if (seen.has(id))
          throw new UserError(
            `layer ${first.id} is given more than once and zone ${id} is in more than one of them: give each layer once, or import the files together (ecozone data import A B --layer ${first.id})`,
          );
        seen.add(id);
      });
    return { ...merged, data: { type: 'FeatureCollection', features: group.flatMap((l) => l.data!.features) } };
  });
}

async function readOneLayer(
  path: string,
  specs: LayerSpec[],
  kinds: Map<string, string>,
  only = false,
): Promise<LayerLoad> {
  const name = basename(path);
  const explicit = kinds.get(path) ?? kinds.get(name) ?? (only ? kinds.get('') : undefined);
  const fallbackId = basename(path, extname(path));
  let data: FeatureCollection;
  try {
    data = await readCollection(path);
  } catch (e) {
    return { id: explicit ?? fallbackId, data: null, error: (e as Error).message };
  }
  const found = identifyLayer(data, specs, explicit);
  if (found.by === 'none' && explicit !== undefined) throw new UserError(`${name}: ${found.detail}`);
  const identified = { by: found.by, detail: `${name}: ${found.detail}` };
  // An unidentified file keeps its name as its id, prefixed so that it can never pass for a known layer.
  return found.spec
    ? { spec: found.spec, id: found.spec.id, data, identified }
    : { id: `file:${fallbackId}`, data, identified };
}

/** A site file of any supported format (FlatGeobuf too), read and validated; issues come back with the sites. */
export async function readSiteFile(path: string, crs: Crs | null): Promise<ImportResult> {
  if (extname(path).toLowerCase() === '.fgb') {
    const fc = await readCollection(path);
    return importFile(`${basename(path, '.fgb')}.geojson`, new TextEncoder().encode(JSON.stringify(fc)), { crs });
  }
  return importFile(basename(path), readBytes(path), { crs });
}

/** Every rule file in data/rules and the project types. */
export function readRules(dir: string): { files: RuleFile[]; types: ProjectType[] } {
  if (!existsSync(dir)) throw new UserError(`rules folder ${dir} not found`);
  const types = existsSync(join(dir, 'project-types.json'))
    ? (readJsonFile(join(dir, 'project-types.json')) as ProjectType[])
    : [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'project-types.json')
    .sort()
    .map((f) => readJsonFile(join(dir, f)) as RuleFile);
  return { files, types };
}
