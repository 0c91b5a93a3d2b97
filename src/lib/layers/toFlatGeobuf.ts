// Serialises a validated layer to FlatGeobuf with the manifest's columns in a fixed order and type.

import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { buildHeader, mapColumn } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import type { IParsedGeometry } from 'flatgeobuf/lib/mjs/generic/geometry.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import type { LayerSpec } from './manifest';
import { hilbertOrder, NODE_SIZE, packedRTree, withIndexNodeSize } from './fgbIndex';

/** A polygon's rings as FlatGeobuf stores them: one flat array of doubles and the ring ends (in vertices). */
function polygonGeometry(rings: Position[][], box: Box): IParsedGeometry {
  let n = 0;
  for (const r of rings) n += r.length;
  const xy = new Float64Array(n * 2);
  const ends: number[] = [];
  let k = 0;
  for (const r of rings) {
    for (const p of r) {
      const x = p[0]!,
        y = p[1]!;
      xy[k++] = x;
      xy[k++] = y;
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
    ends.push(k / 2);
  }
  // FlatGeobuf writes the doubles from any array-like; its types say number[].
  return {
    type: GeometryType.Polygon,
    xy: xy as unknown as number[],
    // One ring: no ends vector at all (as FlatGeobuf's own writer leaves it).
    ends: (rings.length > 1 ? ends : undefined) as number[],
    parts: undefined as unknown as IParsedGeometry[],
  };
}

function unsupported(spec: LayerSpec): never {
  throw new Error(`layer ${spec.id}: a GeometryCollection cannot be written`);
}

function asMulti(g: Polygon | MultiPolygon): MultiPolygon {
  return g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] };
}

/**
 * FlatGeobuf takes its column list and types from the first feature (every number is a double), so
 * every feature gets every manifest column, an absent value as null (written as no value), and
 * polygons become MultiPolygon so the file has one geometry type. Columns not in the manifest are dropped.
 * Polygons are written from flat arrays of doubles (FlatGeobuf's own GeoJSON writer pushes every coordinate onto a
 * growing array, slow at a province's millions of vertices); other geometry goes through that writer's parser.
 */
export function toFlatGeobuf(spec: LayerSpec, fc: FeatureCollection, opts: { index?: boolean } = {}): Uint8Array {
  const features: Feature[] = fc.features.map((f) => {
    const properties: Record<string, string | number | null> = {};
    for (const a of spec.attributes) {
      const v = f.properties?.[a.name];
      properties[a.name] = v === undefined ? null : v;
    }
    const geometry = spec.geometryType === 'Polygon' ? asMulti(f.geometry as Polygon | MultiPolygon) : f.geometry;
    return { type: 'Feature', properties, geometry };
  });
  const first = features[0];
  if (!first) throw new Error(`layer ${spec.id} has no features to write`);
  const types = new Set(features.map((f) => f.geometry.type));
  const meta: HeaderMeta = {
    geometryType: types.size === 1 ? GeometryType[[...types][0] as keyof typeof GeometryType] : GeometryType.Unknown,
    columns: Object.keys(first.properties!).map((k) => mapColumn(first.properties!, k)),
    envelope: null,
    featuresCount: features.length,
    indexNodeSize: 0,
    crs: null,
    title: null,
    description: null,
    metadata: null,
  };
  const header = buildHeader(meta, 4326);
  const boxes: Box[] = [];
  const parts = features.map((f) => {
    const g = f.geometry;
    const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
    const parsed: IParsedGeometry =
      g.type === 'MultiPolygon'
        ? {
            type: GeometryType.MultiPolygon,
            xy: undefined as unknown as number[],
            ends: undefined as unknown as number[],
            parts: g.coordinates.map((rings) => polygonGeometry(rings, box)),
          }
        : g.type === 'Polygon'
          ? polygonGeometry(g.coordinates, box)
          : g.type === 'GeometryCollection'
            ? unsupported(spec)
            : parseGeometry(g);
    boxes.push(g.type === 'Polygon' || g.type === 'MultiPolygon' ? box : boxOf(g));
    return buildFeature(parsed, f.properties!, meta);
  });
  if (opts.index) return indexed(header, parts, boxes);
  const total = parts.reduce((n, p) => n + p.length, magicbytes.length + header.length);
  const out = new Uint8Array(total);
  out.set(magicbytes);
  out.set(header, magicbytes.length);
  let offset = magicbytes.length + header.length;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

type Box = [number, number, number, number];

/** A geometry's bounding box (every position of any depth of nesting). */
function boxOf(g: Geometry): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const x = c[0],
        y = c[1] as number;
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
      return;
    }
    for (const d of c) walk(d);
  };
  if (g.type === 'GeometryCollection') for (const p of g.geometries) walk((p as { coordinates?: unknown }).coordinates);
  else walk(g.coordinates);
  return box;
}

/** The file with its packed Hilbert R-tree: features in the tree's order, the index between header and features. */
function indexed(header: Uint8Array, parts: Uint8Array[], boxes: Box[]): Uint8Array {
  const flat = new Float64Array(boxes.flat());
  const order = hilbertOrder(flat);
  const sortedBoxes = new Float64Array(order.length * 4);
  const offsets: number[] = [];
  let at = 0;
  order.forEach((i, k) => {
    sortedBoxes.set(flat.subarray(i * 4, i * 4 + 4), k * 4);
    offsets.push(at);
    at += parts[i]!.length;
  });
  const tree = packedRTree(sortedBoxes, offsets);
  const head = withIndexNodeSize(header, NODE_SIZE);
  const out = new Uint8Array(magicbytes.length + head.length + tree.length + at);
  out.set(magicbytes);
  out.set(head, magicbytes.length);
  out.set(tree, magicbytes.length + head.length);
  let offset = magicbytes.length + head.length + tree.length;
  for (const i of order) {
    out.set(parts[i]!, offset);
    offset += parts[i]!.length;
  }
  return out;
}
