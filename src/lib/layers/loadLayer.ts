// Loads a built layer: fetches its FlatGeobuf, verifies the checksum the data build recorded, decodes it.

import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { BuiltLayerInfo } from './manifest';
import { flatGeobufProblem } from './checkFlatGeobuf';

export type LoadResult = { ok: true; data: FeatureCollection } | { ok: false; error: string };

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fetches a built data file and checks it against the checksum the data build recorded; throws "HTTP n" or "checksum mismatch …". */
export async function fetchVerified(url: string, sha256: string, fetchFn: typeof fetch = fetch): Promise<Uint8Array> {
  const res = await fetchFn(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const sum = await sha256Hex(bytes);
  if (sum !== sha256) throw new Error(`checksum mismatch (${sum.slice(0, 12)}… ≠ ${sha256.slice(0, 12)}…)`);
  return bytes;
}

/** A built JSON file (rules, search index, targets), verified like the layers. */
export async function fetchVerifiedJson<T>(url: string, sha256: string): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await fetchVerified(url, sha256))) as T;
}

/**
 * Decodes a whole FlatGeobuf file into GeoJSON; an empty, cut-off or foreign file throws a plain error first.
 * Two-dimensional points, lines and polygons are built straight from the file's arrays of doubles, each array sized
 * once (the flatgeobuf package copies every ring and grows every array, which at millions of vertices is most of the
 * cost); anything else (z or m values, collections, curves) is decoded by the package itself. The result is the same.
 */
export async function fromFlatGeobuf(bytes: Uint8Array): Promise<FeatureCollection> {
  const problem = flatGeobufProblem(bytes);
  if (problem) throw new Error(problem);
  // Loaded when first needed: the decoder (and its decompressor) stays out of the first view's bundle.
  const { generic } = await import('flatgeobuf');
  const { fromFeature } = await import('flatgeobuf/lib/mjs/geojson/feature.js');
  const features: Feature[] = [];
  const stream = generic.deserialize(bytes, {
    fromFeature: (id, feature, header) => {
      const g = feature.geometry();
      const geometry = g && fastGeometry(g, header.geometryType || g.type());
      if (!geometry) return fromFeature(id, feature, header) as never;
      return { type: 'Feature', id, geometry, properties: generic.parseProperties(feature, header.columns) } as never;
    },
  });
  for await (const f of stream) features.push(f as unknown as Feature);
  return { type: 'FeatureCollection', features };
}

/** Positions start…end (vertex numbers) of a flat [x0, y0, x1, y1, …] array. */
function positions(xy: Float64Array, start: number, end: number): Position[] {
  const out = new Array<Position>(end - start);
  for (let k = start; k < end; k++) out[k - start] = [xy[k * 2]!, xy[k * 2 + 1]!];
  return out;
}

/** A FlatGeobuf geometry's parts split at its ends (vertex numbers), or one part when it has none. */
function parts(g: FgbGeometry, xy: Float64Array): Position[][] {
  const ends = g.endsArray();
  if (!ends || ends.length === 0) return [positions(xy, 0, xy.length / 2)];
  const out = new Array<Position[]>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    out[i] = positions(xy, start, ends[i]!);
    start = ends[i]!;
  }
  return out;
}

type FgbGeometry = NonNullable<ReturnType<import('flatgeobuf').Feature['geometry']>>;

/** 2-D Point (1), LineString (2), Polygon (3), MultiPoint (4), MultiLineString (5), MultiPolygon (6); else null. */
function fastGeometry(g: FgbGeometry, type: number): Geometry | null {
  if (g.zArray() || g.mArray()) return null;
  if (type === 6) {
    const polys: Position[][][] = [];
    for (let i = 0; i < g.partsLength(); i++) {
      const p = g.parts(i);
      const xy = p?.xyArray();
      if (!p || !xy || p.zArray() || p.mArray()) return null;
      polys.push(parts(p, xy));
    }
    return { type: 'MultiPolygon', coordinates: polys };
  }
  const xy = g.xyArray();
  if (!xy) return null;
  switch (type) {
    case 1:
      return { type: 'Point', coordinates: [xy[0]!, xy[1]!] };
    case 2:
      return { type: 'LineString', coordinates: positions(xy, 0, xy.length / 2) };
    case 3:
      return { type: 'Polygon', coordinates: parts(g, xy) };
    case 4:
      return { type: 'MultiPoint', coordinates: positions(xy, 0, xy.length / 2) };
    case 5:
      return { type: 'MultiLineString', coordinates: parts(g, xy) };
    default:
      return null;
  }
}

/**
 * Never throws: a failed fetch, a checksum that disagrees with the manifest, a corrupt file or a
 * feature count that disagrees all come back as an error the UI shows, so a layer is never silently empty.
 */
export async function loadLayer(
  url: string,
  built: BuiltLayerInfo,
  fetchFn: typeof fetch = fetch,
): Promise<LoadResult> {
  try {
    const bytes = await fetchVerified(url, built.sha256, fetchFn);
    const data = await fromFlatGeobuf(bytes);
    if (data.features.length !== built.features)
      return { ok: false, error: `${data.features.length} features, manifest says ${built.features}` };
    return { ok: true, data };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
