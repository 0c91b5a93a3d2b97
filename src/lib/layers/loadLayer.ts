// Loads a built layer: fetches its FlatGeobuf, verifies the checksum the data build recorded, decodes it.

import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { BuiltLayerInfo } from './manifest';
import { flatGeobufProblem } from './checkFlatGeobuf';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import type { TilingUnit } from './qa';
import { fetchVerified } from './fetchVerified';

export { fetchVerified, fetchVerifiedJson, sha256Hex } from './fetchVerified';

export type LoadResult = { ok: true; data: FeatureCollection } | { ok: false; error: string };

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

/** A FlatGeobuf geometry's parts split at its ends (vertex numbers), or one part when it has none; `piece` makes each. */
function splitAtEnds<T>(
  g: FgbGeometry,
  xy: Float64Array,
  piece: (xy: Float64Array, start: number, end: number) => T,
): T[] {
  const ends = g.endsArray();
  if (!ends || ends.length === 0) return [piece(xy, 0, xy.length / 2)];
  const out = new Array<T>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    out[i] = piece(xy, start, ends[i]!);
    start = ends[i]!;
  }
  return out;
}

const parts = (g: FgbGeometry, xy: Float64Array) => splitAtEnds(g, xy, positions);

export type FgbGeometry = NonNullable<ReturnType<import('flatgeobuf').Feature['geometry']>>;

/** 2-D points, lines and polygons (single or multi); else null. */
export function fastGeometry(g: FgbGeometry, type: GeometryType): Geometry | null {
  if (g.zArray() || g.mArray()) return null;
  if (type === GeometryType.MultiPolygon) {
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
    case GeometryType.Point:
      return { type: 'Point', coordinates: [xy[0]!, xy[1]!] };
    case GeometryType.LineString:
      return { type: 'LineString', coordinates: positions(xy, 0, xy.length / 2) };
    case GeometryType.Polygon:
      return { type: 'Polygon', coordinates: parts(g, xy) };
    case GeometryType.MultiPoint:
      return { type: 'MultiPoint', coordinates: positions(xy, 0, xy.length / 2) };
    case GeometryType.MultiLineString:
      return { type: 'MultiLineString', coordinates: parts(g, xy) };
    default:
      return null;
  }
}

/** A feature read as flat rings with its properties: a tiling unit (qa.ts) once it is named. */
export type FlatFeature = Pick<TilingUnit, 'polys'> & { properties: Record<string, unknown> };

/**
 * The features of a FlatGeobuf as polygons of flat rings (each ring a view on the file's own array of doubles, no
 * GeoJSON position objects) with their properties, in file order; other geometry types give no polygons.
 */
export async function flatGeobufUnits(input: Uint8Array): Promise<FlatFeature[]> {
  // Views on doubles need 8-byte alignment.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const { generic } = await import('flatgeobuf');
  const rings = (g: FgbGeometry): Float64Array[] => {
    const xy = g.xyArray();
    return xy ? splitAtEnds(g, xy, (a, start, end) => a.subarray(start * 2, end * 2)) : [];
  };
  const units: FlatFeature[] = [];
  const stream = generic.deserialize(bytes, {
    fromFeature: (id, feature, header) => {
      const g = feature.geometry();
      const type = g ? g.type() || header.geometryType : GeometryType.Unknown;
      let polys: Float64Array[][] = [];
      if (g && type === GeometryType.Polygon) polys = [rings(g)];
      else if (g && type === GeometryType.MultiPolygon)
        for (let i = 0; i < g.partsLength(); i++) {
          const part = g.parts(i);
          if (part) polys.push(rings(part));
        }
      units.push({ polys, properties: generic.parseProperties(feature, header.columns) as Record<string, unknown> });
      return { id } as never;
    },
  });
  for await (const _ of stream) void _;
  return units;
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
