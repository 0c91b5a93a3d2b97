// Serialises a validated layer to FlatGeobuf with the manifest's columns in a fixed order and type.

import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { geojson as fgb } from 'flatgeobuf';
import type { LayerSpec } from './manifest';

function asMulti(g: Polygon | MultiPolygon): MultiPolygon {
  return g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] };
}

/**
 * FlatGeobuf takes its column list and types from the first feature (every number is a double), so
 * every feature gets every manifest column, an absent value as null (written as no value), and
 * polygons become MultiPolygon so the file has one geometry type. Columns not in the manifest are dropped.
 */
export function toFlatGeobuf(spec: LayerSpec, fc: FeatureCollection): Uint8Array {
  const features: Feature[] = fc.features.map((f) => {
    const properties: Record<string, string | number | null> = {};
    for (const a of spec.attributes) {
      const v = f.properties?.[a.name];
      properties[a.name] = v === undefined ? null : v;
    }
    const geometry = spec.geometryType === 'Polygon' ? asMulti(f.geometry as Polygon | MultiPolygon) : f.geometry;
    return { type: 'Feature', properties, geometry };
  });
  return fgb.serialize({ type: 'FeatureCollection', features }, 4326);
}
