// A small report map as SVG: the site over the zones it hits, with a scale bar, a north arrow and a legend. Pure string output.

import type { Geometry, Position } from 'geojson';
import { bboxOf, positions } from '../geo/geometryWalk';
import { geodesicM } from '../geo/ellipsoid';
import { escapeHtml } from '../text/escapeHtml';

export interface MapLayer {
  geometry: Geometry;
  fill: string;
  stroke: string;
  label: string;
}

export interface SvgMapOptions {
  site: Geometry;
  layers: MapLayer[];
  width: number;
  height: number;
  /** Margin around the site, in metres (the near distance is a good choice). */
  marginM: number;
  title: string;
}

const NICE = [1, 2, 5];

/** The longest 1/2/5 × 10ⁿ metres not over `maxM`. */
function niceLength(maxM: number): number {
  let best = 1;
  for (let e = 0; e < 8; e++) for (const n of NICE) if (n * 10 ** e <= maxM) best = n * 10 ** e;
  return best;
}

export function svgMap(o: SvgMapOptions): string {
  const pts = positions(o.site);
  const [west, south, east, north] = bboxOf(pts);
  const lat0 = (south + north) / 2;
  const mLat = 110_950,
    mLon = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const pad = Math.max(o.marginM, 100);
  let x0 = west - pad / mLon,
    x1 = east + pad / mLon,
    y1 = north + pad / mLat;
  const yMin = south - pad / mLat;
  const legendH = 22 * Math.min(6, o.layers.length + 1) + 10;
  const mapH = o.height - legendH;
  // Same scale both ways: widen the shorter side of the extent.
  const wM = (x1 - x0) * mLon,
    hM = (y1 - yMin) * mLat;
  const k = Math.min(o.width / wM, mapH / hM);
  const cx = (x0 + x1) / 2,
    cy = (yMin + y1) / 2;
  x0 = cx - o.width / k / 2 / mLon;
  x1 = cx + o.width / k / 2 / mLon;
  y1 = cy + mapH / k / 2 / mLat;
  const px = (p: Position) => `${(((p[0]! - x0) * mLon * k) | 0) + 0.5},${(((y1 - p[1]!) * mLat * k) | 0) + 0.5}`;
  const path = (g: Geometry): string => {
    switch (g.type) {
      case 'Polygon':
        return g.coordinates.map((r) => `M${r.map(px).join('L')}Z`).join('');
      case 'MultiPolygon':
        return g.coordinates.map((p) => p.map((r) => `M${r.map(px).join('L')}Z`).join('')).join('');
      case 'LineString':
        return `M${g.coordinates.map(px).join('L')}`;
      case 'MultiLineString':
        return g.coordinates.map((l) => `M${l.map(px).join('L')}`).join('');
      default:
        return '';
    }
  };
  const dots = (g: Geometry) =>
    (g.type === 'Point' ? [g.coordinates] : g.type === 'MultiPoint' ? g.coordinates : [])
      .map((p) => `<circle cx="${px(p).split(',')[0]}" cy="${px(p).split(',')[1]}" r="5"/>`)
      .join('');
  const zones = o.layers
    .map(
      (l) =>
        `<path d="${path(l.geometry)}" fill="${escapeHtml(l.fill)}" fill-opacity="0.45" stroke="${escapeHtml(l.stroke)}" stroke-width="1" fill-rule="evenodd"/>`,
    )
    .join('');
  const site = `<g fill="#c51b7d" fill-opacity="0.2" stroke="#c51b7d" stroke-width="2.5" stroke-dasharray="6 3"><path d="${path(o.site)}" fill-rule="evenodd"/>${dots(o.site)}</g>`;
  const widthM = geodesicM([x0, cy], [x1, cy]);
  const bar = niceLength(widthM / 4);
  const barPx = (bar / widthM) * o.width;
  const barLabel = bar >= 1000 ? `${bar / 1000} km` : `${bar} m`;
  const seen = new Set<string>();
  const legendItems = [{ label: o.title, fill: '#c51b7d', stroke: '#c51b7d' }, ...o.layers.filter((l) => !seen.has(l.label) && seen.add(l.label))].slice(0, 6);
  const legend = legendItems
    .map(
      (l, i) =>
        `<g transform="translate(10,${mapH + 12 + i * 22})"><rect width="20" height="12" fill="${escapeHtml(l.fill)}" fill-opacity="0.5" stroke="${escapeHtml(l.stroke)}"/><text x="28" y="11">${escapeHtml(l.label)}</text></g>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeHtml(o.title)}">`,
    `<defs><clipPath id="frame"><rect width="${o.width}" height="${mapH}"/></clipPath></defs>`,
    `<rect width="${o.width}" height="${mapH}" fill="#f6f5f0" stroke="#999"/>`,
    `<g clip-path="url(#frame)">${zones}${site}</g>`,
    `<g transform="translate(${o.width - 30},14)"><path d="M0,18 L8,-8 L16,18 L8,12 Z" fill="#222"/><text x="8" y="32" text-anchor="middle" font-weight="bold">N</text></g>`,
    `<g transform="translate(12,${mapH - 14})"><rect width="${barPx.toFixed(1)}" height="5" fill="#222"/><text x="0" y="-4">0</text><text x="${barPx.toFixed(1)}" y="-4" text-anchor="end">${barLabel}</text></g>`,
    legend,
    `</svg>`,
  ].join('');
}
