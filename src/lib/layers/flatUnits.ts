// Control units for the tiling check read straight from FlatGeobuf bytes: each ring a view on the file's own array of
// doubles, no GeoJSON position objects (a province's 2 million vertices would be 2 million small arrays to allocate).

import type { Geometry } from 'flatgeobuf';
import type { TilingUnit } from './qa';

const POLYGON = 3;
const MULTIPOLYGON = 6;

function polygonRings(g: Geometry): Float64Array[] {
  const xy = g.xyArray();
  if (!xy) return [];
  const ends = g.endsArray();
  if (!ends || ends.length === 0) return [xy];
  const rings: Float64Array[] = [];
  let start = 0;
  for (const end of ends) {
    rings.push(xy.subarray(start * 2, end * 2));
    start = end;
  }
  return rings;
}

/**
 * The features of a FlatGeobuf as polygons of flat rings with their properties, in file order (other geometry types
 * give no polygons): a tiling unit once it is named.
 */
export async function flatGeobufUnits(
  input: Uint8Array,
): Promise<(Pick<TilingUnit, 'polys'> & { properties: Record<string, unknown> })[]> {
  // Views on doubles need 8-byte alignment.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const { generic } = await import('flatgeobuf');
  const units: (Pick<TilingUnit, 'polys'> & { properties: Record<string, unknown> })[] = [];
  const stream = generic.deserialize(bytes, {
    fromFeature: (id, feature, header) => {
      const g = feature.geometry();
      const type = g ? g.type() || header.geometryType : 0;
      let polys: Float64Array[][] = [];
      if (g && type === POLYGON) polys = [polygonRings(g)];
      else if (g && type === MULTIPOLYGON)
        for (let i = 0; i < g.partsLength(); i++) {
          const part = g.parts(i);
          if (part) polys.push(polygonRings(part));
        }
      const properties = generic.parseProperties(feature, header.columns) as Record<string, unknown>;
      units.push({ polys, properties });
      return { id } as never;
    },
  });
  for await (const _ of stream) void _;
  return units;
}
