// `ecozone check --layers` on a delivery as delivered (zipped or unzipped shapefile, GeoPackage, .gdb, KML) or on a
// folder written by `ecozone data import`, without building the app's data first: the same reading (GDAL), field
// recognition and QA as the import, done in memory.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import bbox from '@turf/bbox';
import type { FeatureCollection } from 'geojson';
import type { LayerLoad } from '../lib/check/dataset';
import { decideMapping } from '../lib/layers/fieldMapping';
import { importFeatures, officialSpec } from '../lib/layers/importLayer';
import { fromFlatGeobuf } from '../lib/layers/loadLayer';
import { LOCAL_MANIFEST, type LocalManifest } from '../lib/layers/localManifest';
import type { LayerSpec, Provenance } from '../lib/layers/manifest';
import { readVectors, ReadError } from './gdal';
import { UserError } from './readData';

/** Paths GDAL reads that the plain layer reader does not. */
export function isDelivery(path: string): boolean {
  if (/\.gdb\/?$/i.test(path)) return true;
  return ['.zip', '.shp', '.gpkg', '.kml', '.kmz'].includes(extname(path).toLowerCase());
}

/** A folder `ecozone data import` wrote: its layers, with their provenance, as the build would load them. */
export function isImportFolder(path: string): boolean {
  return (
    statSync(path).isDirectory() && existsSync(join(path, LOCAL_MANIFEST)) && !existsSync(join(path, 'manifest.json'))
  );
}

export async function readImportFolder(path: string, specs: LayerSpec[]): Promise<LayerLoad[]> {
  const record = JSON.parse(readFileSync(join(path, LOCAL_MANIFEST), 'utf8')) as LocalManifest;
  return Promise.all(
    Object.entries(record.layers ?? {}).map(async ([id, l]): Promise<LayerLoad> => {
      const base = specs.find((s) => s.id === id);
      if (!base) return { id: `file:${id}`, data: null, error: `${path}: layer ${id} is not one this project knows` };
      // Imported control units are the area the data describes, as in the built app.
      const spec = { ...officialSpec(base, l.provenance), ...(id === 'ecu' ? { coverage: true } : {}) };
      try {
        const data = await fromFlatGeobuf(new Uint8Array(readFileSync(join(path, l.file))));
        return { spec, id, data, identified: { by: 'option', detail: `${basename(path)}/${l.file}: imported ${id}` } };
      } catch (e) {
        return { spec, id, data: null, error: `${join(path, l.file)}: ${(e as Error).message}` };
      }
    }),
  );
}

/**
 * A delivery read and normalised as the import would: the layer named by --layer-kind, else the one whose required
 * fields the delivery's fields all resolve to. Errors of its QA refuse the layer with the first few listed.
 */
export async function readDeliveryLayer(path: string, specs: LayerSpec[], explicit?: string): Promise<LayerLoad> {
  let sources;
  try {
    sources = await readVectors([path]);
  } catch (e) {
    if (e instanceof ReadError) throw new UserError(e.message);
    throw e;
  }
  const fc: FeatureCollection = { type: 'FeatureCollection', features: sources.flatMap((s) => s.fc.features) };
  const fields = [...new Set(sources.flatMap((s) => s.fields.map((f) => f.name)))];
  const samples = fc.features.slice(0, 200).map((f) => (f.properties ?? {}) as Record<string, unknown>);
  const zoning = specs.filter((s) => s.role === 'zoning' && (!explicit || s.id === explicit));
  const fits = zoning
    .map((spec) => ({ spec, decision: decideMapping(spec, fields, undefined, samples) }))
    .filter((c) => !c.decision.unresolved.length);
  if (fits.length !== 1)
    throw new UserError(
      `${basename(path)}: ${fits.length ? `fits several layers (${fits.map((f) => f.spec.id).join(', ')})` : 'its fields are not recognised as any layer'}; name it with --layer-kind, or import it with: ecozone data import ${basename(path)} --layer ID (which writes a field mapping to fill in)`,
    );
  const { spec: base, decision } = fits[0]!;
  const provenance: Provenance = {
    source: { zh: `交付数据 ${basename(path)}`, en: `Delivery ${basename(path)}` },
    date: new Date().toISOString().slice(0, 10),
    version: `file:${basename(path)}`,
    licence: 'as delivered',
    status: 'official',
    note: { zh: '按交付原样读取，未导入。', en: 'Read as delivered, not imported.' },
  };
  const spec = { ...officialSpec(base, provenance), ...(base.id === 'ecu' ? { coverage: true } : {}) };
  const box = bbox(fc) as [number, number, number, number];
  const r = importFeatures(spec, fc, decision, provenance, [box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1], {
    fromDbf: sources.some((s) => s.driver === 'ESRI Shapefile'),
  });
  const errors = r.issues.filter((i) => i.severity === 'error');
  if (errors.length)
    return {
      spec,
      id: spec.id,
      data: null,
      error: `${basename(path)}: ${errors.length} error(s), e.g. ${errors
        .slice(0, 3)
        .map((i) => `${i.feature ?? ''} ${i.message.en}`.trim())
        .join('; ')}`,
    };
  return {
    spec,
    id: spec.id,
    data: r.fc,
    identified: {
      by: explicit ? 'option' : 'fields',
      detail: `${basename(path)}: read as ${spec.id} (${sources[0]!.driver}, ${sources[0]!.crs.name})`,
    },
  };
}
