// Data exports of a check: the site and the shared (overlap) geometries as GeoJSON, beside the JSON and CSV of checkOutput.

import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Hit, SiteResult } from '../check/checkSite';

/** A hit's shared geometry (overlap polygons, paths inside, points inside) as one geometry, or null. */
export function overlapGeometry(h: Hit): Geometry | null {
  const o = h.overlap;
  if (o?.polygons?.length) return { type: 'MultiPolygon', coordinates: o.polygons };
  if (o?.paths.length) return { type: 'MultiLineString', coordinates: o.paths };
  if (o?.points.length) return { type: 'MultiPoint', coordinates: o.points };
  return null;
}

/** One feature for each site, then one for each hit's shared geometry (overlap polygons, paths inside, points inside). */
export function overlapsGeoJson(
  sites: { id: string; name: string; geometry: Geometry }[],
  results: SiteResult[],
): FeatureCollection {
  const features: Feature[] = [];
  for (const s of sites) {
    const r = results.find((x) => x.id === s.id);
    features.push({
      type: 'Feature',
      properties: {
        kind: 'site',
        site: s.id,
        name: s.name,
        verdict: r?.verdict ?? null,
        areaM2: r?.areaM2 ?? null,
        lengthM: r?.lengthM ?? null,
      },
      geometry: s.geometry,
    });
    for (const h of r?.hits ?? []) {
      const geometry = overlapGeometry(h);
      if (!geometry) continue;
      features.push({
        type: 'Feature',
        properties: {
          kind: 'overlap',
          site: s.id,
          layer: h.layer,
          zone: h.zone,
          name: h.name,
          relation: h.relation,
          overlapM2: h.overlapM2,
          lengthInM: h.lengthInM,
        },
        geometry,
      });
    }
  }
  return { type: 'FeatureCollection', features };
}
