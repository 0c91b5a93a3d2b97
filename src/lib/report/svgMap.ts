// A small report map: the site over the zones it hits, with a scale bar, a north arrow and a legend. mapFrame lays it out once
// (paths in page units, y down); svgMap draws it as SVG, the PDF and the Word chapter's picture draw the same frame.

import type { Geometry, Position } from 'geojson';
import { bboxOf, positions } from '../geo/geometryWalk';
import { geodesicM } from '../geo/ellipsoid';
import { escapeHtml } from '../text/escapeHtml';

export interface MapLayer {
  geometry: Geometry;
  /** A #rrggbb colour, or 'none' for an outline only (context such as a district). */
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

export interface MapFrame {
  width: number;
  height: number;
  /** Height of the map area; the legend sits below it. */
  mapH: number;
  title: string;
  /** Zone outlines as SVG path data (M/L/Z, absolute, page units, y down), drawn even-odd. */
  zones: { d: string; fill: string; stroke: string }[];
  site: { d: string; dots: [number, number][] };
  bar: { px: number; label: string };
  legend: { label: string; fill: string; stroke: string }[];
}

export const SITE_COLOR = '#c51b7d';

/** Whether a layer is drawn as an outline only. */
export const outlineOnly = (fill: string) => fill === 'none';

export function mapFrame(o: SvgMapOptions): MapFrame {
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
  const xy = (p: Position): [number, number] => [
    (((p[0]! - x0) * mLon * k) | 0) + 0.5,
    (((y1 - p[1]!) * mLat * k) | 0) + 0.5,
  ];
  // A vertex on the same pixel as the one before adds nothing at this scale: dropped, which keeps large zones small in print.
  const line = (ps: Position[]): string => {
    const out: string[] = [];
    for (const p of ps) {
      const s = xy(p).join(',');
      if (s !== out[out.length - 1]) out.push(s);
    }
    return `M${out.join('L')}`;
  };
  const path = (g: Geometry): string => {
    switch (g.type) {
      case 'Polygon':
        return g.coordinates.map((r) => `${line(r)}Z`).join('');
      case 'MultiPolygon':
        return g.coordinates.map((p) => p.map((r) => `${line(r)}Z`).join('')).join('');
      case 'LineString':
        return line(g.coordinates);
      case 'MultiLineString':
        return g.coordinates.map(line).join('');
      default:
        return '';
    }
  };
  const dots = (g: Geometry) =>
    (g.type === 'Point' ? [g.coordinates] : g.type === 'MultiPoint' ? g.coordinates : []).map(xy);
  const widthM = geodesicM([x0, cy], [x1, cy]);
  const bar = niceLength(widthM / 4);
  const seen = new Set<string>();
  return {
    width: o.width,
    height: o.height,
    mapH,
    title: o.title,
    zones: o.layers.map((l) => ({ d: path(l.geometry), fill: l.fill, stroke: l.stroke })),
    site: { d: path(o.site), dots: dots(o.site) },
    bar: { px: (bar / widthM) * o.width, label: bar >= 1000 ? `${bar / 1000} km` : `${bar} m` },
    // Zones before context outlines, so a crowded legend drops the district first.
    legend: [
      { label: o.title, fill: SITE_COLOR, stroke: SITE_COLOR },
      ...[...o.layers.filter((l) => !outlineOnly(l.fill)), ...o.layers.filter((l) => outlineOnly(l.fill))].filter(
        (l) => !seen.has(l.label) && seen.add(l.label),
      ),
    ]
      .slice(0, 6)
      .map((l) => ({ label: l.label, fill: l.fill, stroke: l.stroke })),
  };
}

export function svgMap(f: MapFrame): string {
  const zones = f.zones
    .map(
      (z) =>
        `<path d="${z.d}" fill="${escapeHtml(z.fill)}" fill-opacity="0.45" stroke="${escapeHtml(z.stroke)}" stroke-width="${outlineOnly(z.fill) ? 1.5 : 1}" fill-rule="evenodd"/>`,
    )
    .join('');
  const dots = f.site.dots.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="5"/>`).join('');
  const site = `<g fill="${SITE_COLOR}" fill-opacity="0.2" stroke="${SITE_COLOR}" stroke-width="2.5" stroke-dasharray="6 3"><path d="${f.site.d}" fill-rule="evenodd"/>${dots}</g>`;
  const legend = f.legend
    .map(
      (l, i) =>
        `<g transform="translate(10,${f.mapH + 12 + i * 22})"><rect width="20" height="12" fill="${escapeHtml(l.fill)}" fill-opacity="0.5" stroke="${escapeHtml(l.stroke)}"/><text x="28" y="11">${escapeHtml(l.label)}</text></g>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeHtml(f.title)}">`,
    `<defs><clipPath id="frame"><rect width="${f.width}" height="${f.mapH}"/></clipPath></defs>`,
    `<rect width="${f.width}" height="${f.mapH}" fill="#f6f5f0" stroke="#999"/>`,
    `<g clip-path="url(#frame)">${zones}${site}</g>`,
    `<g transform="translate(${f.width - 30},14)"><path d="${NORTH_ARROW}" fill="#222"/><text x="8" y="32" text-anchor="middle" font-weight="bold">N</text></g>`,
    `<g transform="translate(12,${f.mapH - 14})"><rect x="-6" y="-18" width="${(f.bar.px + 12).toFixed(1)}" height="28" fill="#fff" fill-opacity="0.8"/><rect width="${f.bar.px.toFixed(1)}" height="5" fill="#222"/><text x="0" y="-4">0</text><text x="${f.bar.px.toFixed(1)}" y="-4" text-anchor="end">${f.bar.label}</text></g>`,
    legend,
    `</svg>`,
  ].join('');
}

/** The north arrow, 16 × 26 units, drawn at (width − 30, 14). */
export const NORTH_ARROW = 'M0,18 L8,-8 L16,18 L8,12 Z';
