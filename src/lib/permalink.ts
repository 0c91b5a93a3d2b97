// The map state kept in the URL hash, so a shared link reproduces the view, the layers and the language.

import type { Lang } from './layers/manifest';

export type BasemapId = 'none' | 'osm' | 'tianditu';

export interface MapState {
  center: [number, number]; // lon, lat
  zoom: number;
  layers: string[]; // visible layer ids
  lang: Lang;
  basemap: BasemapId;
  /** The protected-area page open, as layer/id. */
  zone?: string;
}

const BASEMAPS: BasemapId[] = ['none', 'osm', 'tianditu'];

/** `#map=zoom/lat/lon&layers=a,b&lang=en&basemap=osm`; lat before lon, as OpenStreetMap links have it. */
export function formatHash(s: MapState): string {
  const zoom = s.zoom.toFixed(2);
  // Five decimals of a degree is about 1 m: enough for a view, short enough to share.
  const lat = s.center[1].toFixed(5);
  const lon = s.center[0].toFixed(5);
  const params = [
    `map=${zoom}/${lat}/${lon}`,
    `layers=${s.layers.map(encodeURIComponent).join(',')}`,
    `lang=${s.lang}`,
  ];
  if (s.basemap !== 'none') params.push(`basemap=${s.basemap}`);
  if (s.zone) params.push(`zone=${s.zone.split('/').map(encodeURIComponent).join('/')}`);
  return `#${params.join('&')}`;
}

/**
 * The state a hash asks for, falling back to `defaults` for whatever is missing or malformed; layer ids not in
 * `knownLayers` are ignored rather than trusted. Every value is decoded once (by URLSearchParams) and validated;
 * `dropped` names the parameters that were present but unusable, so the page can say so. Never throws.
 */
export function parseHash(
  hash: string,
  defaults: MapState,
  knownLayers: readonly string[],
): MapState & { dropped: string[] } {
  const out: MapState = { ...defaults, center: [...defaults.center], layers: [...defaults.layers] };
  const dropped: string[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    return { ...out, dropped: ['#'] };
  }
  const mapParam = params.get('map');
  const map = mapParam?.split('/').map(Number);
  let mapOk = false;
  if (map && map.length === 3 && map.every(Number.isFinite)) {
    const [zoom, lat, lon] = map as [number, number, number];
    if (zoom >= 0 && zoom <= 22 && lat >= -85 && lat <= 85 && lon >= -180 && lon <= 180) {
      out.zoom = zoom;
      out.center = [lon, lat];
      mapOk = true;
    }
  }
  if (mapParam !== null && !mapOk) dropped.push('map');
  const layers = params.get('layers');
  if (layers !== null) {
    const ids = layers.split(',').filter((id) => id !== '');
    out.layers = ids.filter((id) => knownLayers.includes(id));
    if (out.layers.length < ids.length) dropped.push('layers');
  }
  const lang = params.get('lang');
  if (lang === 'zh' || lang === 'en') out.lang = lang;
  else if (lang !== null) dropped.push('lang');
  const basemap = params.get('basemap') as BasemapId | null;
  if (basemap && BASEMAPS.includes(basemap)) out.basemap = basemap;
  else if (basemap !== null) dropped.push('basemap');
  const zone = params.get('zone');
  const zm = zone ? /^([a-z][a-z0-9-]*)\/(.{1,120})$/.exec(zone) : null;
  if (zm && knownLayers.includes(zm[1]!)) out.zone = `${zm[1]}/${zm[2]}`;
  else {
    delete out.zone;
    if (zone !== null) dropped.push('zone');
  }
  return { ...out, dropped };
}
