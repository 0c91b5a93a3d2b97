// The built layers as the checks see them at scale: each read by parts (FgbRangeReader over checked blocks), and a
// dataset made for the area a request concerns from the features near it. A layer's state is what its file holds
// (its feature count from the header), never "empty" because nothing lies near one site; a layer whose file cannot
// be read, or whose part near the site fails its checksum, is failed, so no result can be "clear" for want of it.

import type { FeatureCollection, Geometry } from 'geojson';
import { buildDataset, zoneId, zoneName, type Dataset, type LayerLoad } from '../check/dataset';
import { bboxOf, positions } from '../geo/geometryWalk';
import { BlockSource, httpRanges, type RangeFetcher } from './blockSource';
import { FgbRangeReader, type Box } from './fgbRange';
import { fetchVerified } from './fetchVerified';
import type { BuiltManifest } from './manifest';

type BuiltSpec = BuiltManifest['layers'][number];

interface AreaLayer {
  spec: BuiltSpec;
  reader: FgbRangeReader | null;
  error?: string;
}

/** Opens one built layer for reading by parts: its block checksums (verified), then its header. Throws on failure. */
export async function openLayer(
  spec: BuiltSpec,
  baseUrl: string,
  fetchFn: typeof fetch = fetch,
  fetcher: RangeFetcher = httpRanges(`${baseUrl}${spec.built.file}`, fetchFn),
): Promise<FgbRangeReader> {
  const sums = spec.built.sums;
  if (!sums) throw new Error('built without block checksums: rebuild the data (npm run data)');
  const sumBytes = await fetchVerified(`${baseUrl}${sums.file}`, sums.sha256, fetchFn);
  const reader = await FgbRangeReader.open(
    new BlockSource(
      fetcher,
      { bytes: spec.built.bytes, sha256: spec.built.sha256, sums: sumBytes },
      undefined,
      sums.blockSize,
    ),
  );
  if (reader.featureCount !== spec.built.features)
    throw new Error(`${reader.featureCount} features, manifest says ${spec.built.features}`);
  return reader;
}

/** The box a request must read: the geometry's box widened by `nearM` metres (and a hair, for points). */
export function requestBox(geometry: Geometry, nearM: number): Box {
  const [w, s, e, n] = bboxOf(positions(geometry));
  const lat = Math.min(89, Math.max(Math.abs(s), Math.abs(n)));
  const dy = (nearM * 1.01) / 110_574 + 1e-9;
  const dx = (nearM * 1.01) / (111_320 * Math.cos((lat * Math.PI) / 180)) + 1e-9;
  return [w - dx, s - dy, e + dx, n + dy];
}

export class AreaLayers {
  private constructor(
    private readonly layers: AreaLayer[],
    /** How the covered area is named (its outlines' names when there are a few, else the layers and their count). */
    private readonly coverageName: string | null,
  ) {}

  /**
   * Opens every layer of the manifest; `onLayer` hears of each as it opens (its feature count) or fails. Never throws:
   * a layer that cannot be opened is failed.
   */
  static async open(
    manifest: BuiltManifest,
    baseUrl: string,
    onLayer: (id: string, r: { features: number } | { error: string }) => void = () => {},
    open: (spec: BuiltSpec) => Promise<FgbRangeReader> = (spec) => openLayer(spec, baseUrl),
  ): Promise<AreaLayers> {
    const layers = await Promise.all(
      manifest.layers.map(async (spec): Promise<AreaLayer> => {
        try {
          const reader = await open(spec);
          onLayer(spec.id, { features: reader.featureCount });
          return { spec, reader };
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          onLayer(spec.id, { error });
          return { spec, reader: null, error };
        }
      }),
    );
    // The covered area is declared by the coverage layers as a whole: named here once, so that a site far from every
    // outline is outside it (never "clear" because no outline happened to lie near it).
    const cover = layers.filter((l) => l.spec.coverage);
    let coverageName: string | null = null;
    if (cover.length) {
      const total = cover.reduce((n, l) => n + (l.reader?.featureCount ?? 0), 0);
      let names: string[] = [];
      if (total <= 3)
        for (const l of cover)
          if (l.reader)
            try {
              names.push(
                ...(await l.reader.select([-180, -90, 180, 90])).map((f, i) =>
                  zoneName(f, zoneId(f, i, l.spec), l.spec),
                ),
              );
            } catch {
              names = [];
            }
      coverageName = names.length ? names.join('、') : `${cover.map((l) => l.spec.title.zh).join('、')}（${total} 个）`;
    }
    return new AreaLayers(layers, coverageName);
  }

  /** The manifest entry of a layer. */
  spec(id: string): BuiltSpec | undefined {
    return this.layers.find((l) => l.spec.id === id)?.spec;
  }

  /**
   * The dataset for `box`: every layer's features near it. A layer that fails while being read is failed from then
   * on, and `onFailed` is told (the app says so in the layer panel).
   */
  async near(
    box: Box,
    extra: LayerLoad[] = [],
    excluded: ReadonlySet<string> = new Set(),
    onFailed: (id: string, error: string) => void = () => {},
  ): Promise<Dataset> {
    const loads = await Promise.all(
      this.layers.map(async (l): Promise<LayerLoad> => {
        const base = { spec: l.spec, id: l.spec.id };
        if (!l.reader) return { ...base, data: null, error: l.error ?? 'not loaded' };
        try {
          const data: FeatureCollection = { type: 'FeatureCollection', features: await l.reader.select(box) };
          return { ...base, data };
        } catch (e) {
          l.error = e instanceof Error ? e.message : String(e);
          l.reader = null;
          onFailed(l.spec.id, l.error);
          return { ...base, data: null, error: l.error };
        }
      }),
    );
    const ds = buildDataset([...loads, ...extra], null, excluded);
    if (this.coverageName !== null)
      ds.coverage = { name: this.coverageName, shapes: ds.coverage?.shapes ?? [], declared: true };
    // A layer's state is what its file holds, not what lies near this box.
    const count = new Map(this.layers.map((l) => [l.spec.id, l.reader?.featureCount ?? 0]));
    ds.layers = ds.layers.map((s) => {
      const n = count.get(s.id);
      if (!n) return s;
      if (s.status === 'empty') {
        const { error: _drop, ...rest } = s;
        void _drop;
        return { ...rest, status: 'loaded', features: n };
      }
      return s.status === 'loaded' || s.status === 'excluded' ? { ...s, features: n } : s;
    });
    return ds;
  }
}
