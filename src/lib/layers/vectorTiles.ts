// A layer as vector tiles for drawing: cut and simplified per zoom by MapLibre's own geojson-vt (the code MapLibre
// runs on a GeoJSON source, so the map looks as it did), encoded by @maplibre/vt-pbf, written as one PMTiles archive.
// The tiles carry only what drawing needs (id, class, name); popups, 此处 and checks ask the check worker, which reads
// the FlatGeobuf.

import type { FeatureCollection } from 'geojson';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { gzipSync } from 'fflate';
import Flatbush from 'flatbush';
import type { LayerSpec } from './manifest';
import { writePmtiles, type PmTile } from './pmtilesWriter';
import { bboxOf, positions } from '../geo/geometryWalk';

/**
 * Zoom levels written: beyond the deepest MapLibre overzooms. A z13 tile of `EXTENT` 8192 units (MapLibre's own
 * resolution) has a grid of about 0.5 m at Zhengzhou's latitude, so drawn boundaries stay within a metre of the data at
 * any zoom; the checks themselves use the FlatGeobuf's exact coordinates. A layer spanning more than a province stops
 * earlier, so that its deepest zoom has at most `TILE_BUDGET` tiles over its extent (a national layer: z10, about 4 m).
 */
export const MIN_ZOOM = 0;
export const MAX_ZOOM = 13;
export const LEAST_MAX_ZOOM = 10;
export const EXTENT = 8192;
export const TILE_BUDGET = 40_000;

/** The deepest zoom written for a layer over this extent (west, south, east, north). */
export function deepestZoom(box: [number, number, number, number]): number {
  for (let z = MAX_ZOOM; z > LEAST_MAX_ZOOM; z--) {
    const n = 2 ** z;
    const cols = Math.floor(mercX(box[2]) * n) - Math.floor(mercX(box[0]) * n) + 1;
    const rows = Math.floor(mercY(box[1]) * n) - Math.floor(mercY(box[3]) * n) + 1;
    if (cols * rows <= TILE_BUDGET) return z;
  }
  return LEAST_MAX_ZOOM;
}

export interface LayerTiles {
  bytes: Uint8Array;
  minzoom: number;
  maxzoom: number;
  tiles: number;
}

/** The attributes drawing needs: id, class, name (those the layer's features have). */
export function tileFields(spec: LayerSpec): string[] {
  return [...new Set([spec.idField, spec.style.classField, spec.nameField].filter((f): f is string => !!f))];
}

/** The layer's features (lon/lat) as a PMTiles archive of gzipped MVT tiles, one vector layer named by the layer id. */
export function layerTiles(spec: LayerSpec, fc: FeatureCollection): LayerTiles {
  const fields = tileFields(spec);
  const slim: FeatureCollection = {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({
      type: 'Feature',
      properties: Object.fromEntries(fields.flatMap((k) => (f.properties?.[k] == null ? [] : [[k, f.properties[k]]]))),
      geometry: f.geometry,
    })),
  };
  const tiles: PmTile[] = [];
  let [west, south, east, north] = [180, 90, -180, -90];
  const featureBoxes = fc.features.map((f) => {
    const box = f.geometry ? bboxOf(positions(f.geometry)) : null;
    const [w, s, e, n] = box && box[0] <= box[2] ? box : [0, 0, 0, 0];
    [west, south, east, north] = [Math.min(west, w), Math.min(south, s), Math.max(east, e), Math.max(north, n)];
    return [w, s, e, n] as const;
  });
  const maxZoom = fc.features.length ? deepestZoom([west, south, east, north]) : MAX_ZOOM;
  const index = new GeoJSONVT(slim, {
    maxZoom,
    indexMaxZoom: 5,
    extent: EXTENT,
    buffer: (64 * EXTENT) / 4096,
    // MapLibre's own for a GeoJSON source (0.375 px of a 512 px tile at extent 8192), so the map looks as it did;
    // geojson-vt simplifies nothing at the deepest zoom.
    tolerance: 6,
  });
  // Each feature's box in Web Mercator units (0–1), indexed: which tiles can hold anything.
  const boxes = new Flatbush(Math.max(1, fc.features.length));
  for (const [w, s, e, n] of featureBoxes) boxes.add(mercX(w), mercY(n), mercX(e), mercY(s));
  if (!fc.features.length) boxes.add(0, 0, 0, 0);
  boxes.finish();
  // Every tile that a feature's box reaches, from the top down. A tile is written when it has features; its children
  // are visited even when it has none, since simplification drops features too small to see at low zooms.
  const visit = (z: number, x: number, y: number) => {
    const size = 1 / 2 ** z;
    if (!boxes.search(x * size, y * size, (x + 1) * size, (y + 1) * size).length) return;
    const t = index.getTile(z, x, y);
    if (t && t.features.length) {
      const pbf = fromGeojsonVt({ [spec.id]: t }, { version: 2, extent: EXTENT });
      tiles.push({ z, x, y, data: gzipSync(pbf, { mtime: 0, level: 6 }) });
    }
    if (z < maxZoom) for (const [dx, dy] of CHILDREN) visit(z + 1, x * 2 + dx, y * 2 + dy);
  };
  if (fc.features.length) visit(MIN_ZOOM, 0, 0);
  const bounds: [number, number, number, number] = [west, south, east, north];
  const bytes = writePmtiles(tiles, {
    tileCompression: 2,
    tileType: 1,
    minZoom: MIN_ZOOM,
    maxZoom,
    bounds,
    center: [(west + east) / 2, (south + north) / 2, Math.min(maxZoom, 8)],
    metadata: {
      name: spec.id,
      format: 'pbf',
      vector_layers: [
        {
          id: spec.id,
          minzoom: MIN_ZOOM,
          maxzoom: maxZoom,
          fields: Object.fromEntries(fields.map((k) => [k, k === spec.style.classField ? 'Number' : 'String'])),
        },
      ],
    },
  });
  return { bytes, minzoom: MIN_ZOOM, maxzoom: maxZoom, tiles: tiles.length };
}

const mercX = (lon: number) => (lon + 180) / 360;
const mercY = (lat: number) => {
  const s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};

const CHILDREN: [number, number][] = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];
