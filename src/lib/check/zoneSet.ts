// The zones of every loaded layer behind one spatial index, so a check visits only the zones near a site.

import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import { PreparedPolygon } from './preparedPolygon';

export interface ZoneInput {
  layer: string;
  id: string;
  name: string;
  props: Record<string, unknown>;
  geometry: Polygon | MultiPolygon;
}

export interface Zone extends ZoneInput {
  shape: PreparedPolygon;
}

/**
 * Prepared shapes by geometry object: a zone read again for another request (the same decoded feature, kept by the
 * layer reader's cache) keeps its prepared shape and edge index; a geometry let go takes its shape with it.
 */
const preparedShapes = new WeakMap<object, PreparedPolygon>();

export function prepared(g: ZoneInput['geometry']): PreparedPolygon {
  let p = preparedShapes.get(g);
  if (!p) {
    p = new PreparedPolygon(g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
    preparedShapes.set(g, p);
  }
  return p;
}

export class ZoneSet {
  readonly zones: Zone[];
  private readonly index: Flatbush | null;
  private byKey: Map<string, Zone> | null = null;

  constructor(inputs: ZoneInput[]) {
    this.zones = inputs.map((z) => ({
      ...z,
      shape: prepared(z.geometry),
    }));
    if (this.zones.length === 0) {
      this.index = null;
      return;
    }
    const idx = new Flatbush(this.zones.length);
    for (const z of this.zones) idx.add(...z.shape.bbox);
    idx.finish();
    this.index = idx;
  }

  /** The zone with this id in this layer (for highlighting and report maps), indexed on first use. */
  get(layer: string, id: string): Zone | undefined {
    this.byKey ??= new Map(this.zones.map((z) => [`${z.layer}\u0000${z.id}`, z]));
    return this.byKey.get(`${layer}\u0000${id}`);
  }

  /** Zones whose bounding box meets the given box. */
  near(minX: number, minY: number, maxX: number, maxY: number): Zone[] {
    return this.index ? this.index.search(minX, minY, maxX, maxY).map((i) => this.zones[i]!) : [];
  }
}
