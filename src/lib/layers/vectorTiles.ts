// A layer as vector tiles for drawing: cut and simplified per zoom by MapLibre's own geojson-vt (the code MapLibre
// runs on a GeoJSON source, so the map looks as it did), encoded by @maplibre/vt-pbf, written as one PMTiles archive.
// The tiles carry only what drawing needs (id, class, name); popups, 此处 and checks ask the check worker, which reads
// the FlatGeobuf.

import type { FeatureCollection } from 'geojson';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { gzipSync } from 'fflate';
import type { LayerSpec } from './manifest';
import { writePmtiles, type PmTile } from './pmtilesWriter';

/**
 * Zoom levels written: beyond `MAX_ZOOM` MapLibre overzooms. A z13 tile of `EXTENT` 8192 units (MapLibre's own
 * resolution) has a grid of about 0.5 m at Zhengzhou's latitude, so drawn boundaries stay within a metre of the data at
 * any zoom; the checks themselves use the FlatGeobuf's exact coordinates.
 */
export const MIN_ZOOM = 0;
export const MAX_ZOOM = 13;
export const EXTENT = 8192;

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
  const index = new GeoJSONVT(slim, {
    maxZoom: MAX_ZOOM,
    indexMaxZoom: 5,
    extent: EXTENT,
    buffer: (64 * EXTENT) / 4096,
    tolerance: 3,
  });
  const tiles: PmTile[] = [];
  let [west, south, east, north] = [180, 90, -180, -90];
  for (const f of fc.features)
    walk(f.geometry, (x, y) => {
      west = Math.min(west, x);
      east = Math.max(east, x);
      south = Math.min(south, y);
      north = Math.max(north, y);
    });
  // Every tile with features, from the top down: a tile with none has no children with any.
  const visit = (z: number, x: number, y: number) => {
    const t = index.getTile(z, x, y);
    if (!t || !t.features.length) return;
    const pbf = fromGeojsonVt({ [spec.id]: t }, { version: 2, extent: EXTENT });
    tiles.push({ z, x, y, data: gzipSync(pbf, { mtime: 0, level: 6 }) });
    if (z < MAX_ZOOM) for (const [dx, dy] of CHILDREN) visit(z + 1, x * 2 + dx, y * 2 + dy);
  };
  visit(MIN_ZOOM, 0, 0);
  const bounds: [number, number, number, number] = [west, south, east, north];
  const bytes = writePmtiles(tiles, {
    tileCompression: 2,
    tileType: 1,
    minZoom: MIN_ZOOM,
    maxZoom: MAX_ZOOM,
    bounds,
    center: [(west + east) / 2, (south + north) / 2, Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, 8))],
    metadata: {
      name: spec.id,
      format: 'pbf',
      vector_layers: [
        {
          id: spec.id,
          minzoom: MIN_ZOOM,
          maxzoom: MAX_ZOOM,
          fields: Object.fromEntries(fields.map((k) => [k, k === spec.style.classField ? 'Number' : 'String'])),
        },
      ],
    },
  });
  return { bytes, minzoom: MIN_ZOOM, maxzoom: MAX_ZOOM, tiles: tiles.length };
}

const CHILDREN: [number, number][] = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];

function walk(g: FeatureCollection['features'][number]['geometry'], f: (x: number, y: number) => void): void {
  if (!g) return;
  if (g.type === 'GeometryCollection') return g.geometries.forEach((c) => walk(c, f));
  const visitPositions = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') f(c[0], c[1] as number);
    else if (Array.isArray(c)) c.forEach(visitPositions);
  };
  visitPositions(g.coordinates);
}
