// The report map's layout, decided once: the site over the zones it hits, the frame, the scale bar, the north arrow and
// the legend, with every colour, opacity, line width and dash. It is a list of marks in page units (y down); the SVG
// (svgMap.ts), the PDF (reportPdf.ts) and the PNG (made from the SVG, mapPng.ts) draw the marks and decide nothing.

import type { Geometry, Position } from 'geojson';
import { bboxOf, positions } from '../geo/geometryWalk';
import { geodesicM } from '../geo/ellipsoid';

export interface MapLayer {
  geometry: Geometry;
  /** A #rrggbb colour, or 'none' for an outline only (context such as a district). */
  fill: string;
  stroke: string;
  label: string;
}

export interface MapLayoutOptions {
  site: Geometry;
  layers: MapLayer[];
  width: number;
  height: number;
  /** Margin around the site, in metres (the near distance is a good choice). */
  marginM: number;
  title: string;
}

/** How a mark is painted; no fill or no stroke when absent. */
export interface Paint {
  fill?: string;
  fillOpacity?: number;
  stroke?: string;
  strokeWidth?: number;
  dash?: number[];
  /** Fill rule of a path (even-odd for zones with holes). */
  rule?: 'evenodd' | 'nonzero';
}

export type Mark =
  /** Path data of absolute M/L/Z commands, offset by `at`; `clip`: cut to the map area. */
  | ({ type: 'path'; d: string; at: [number, number]; clip: boolean } & Paint)
  | ({ type: 'rect'; x: number; y: number; w: number; h: number; clip: boolean } & Paint)
  | ({ type: 'circle'; cx: number; cy: number; r: number; clip: boolean } & Paint)
  /** Text at its baseline. */
  | {
      type: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      anchor: 'start' | 'middle' | 'end';
      bold: boolean;
    };

export interface MapLayout {
  width: number;
  height: number;
  /** Height of the map area (what clipped marks are cut to); the legend sits below it. */
  mapH: number;
  title: string;
  marks: Mark[];
  /** What the marks say, for captions and tests: the scale bar and the legend entries. */
  bar: { px: number; label: string };
  legend: { label: string; fill: string; stroke: string }[];
}

export const SITE_COLOR = '#c51b7d';
const INK = '#222222';
const PAPER = '#f6f5f0';
const FRAME = '#999999';
const FONT_SIZE = 12;

/** Whether a layer is drawn as an outline only. */
export const outlineOnly = (fill: string) => fill === 'none';

/** The north arrow, 16 × 26 units. */
const NORTH_ARROW = 'M0,18 L8,-8 L16,18 L8,12 Z';

/** The longest 1/2/5 × 10ⁿ metres not over `maxM`. */
function niceLength(maxM: number): number {
  let best = 1;
  for (let e = 0; e < 8; e++) for (const n of [1, 2, 5]) if (n * 10 ** e <= maxM) best = n * 10 ** e;
  return best;
}

/** A projection of lon/lat onto the page: the same scale both ways, the site in the middle with the margin around. */
function framing(o: MapLayoutOptions, mapH: number) {
  const [west, south, east, north] = bboxOf(positions(o.site));
  const lat0 = (south + north) / 2;
  const mLat = 110_950,
    mLon = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const pad = Math.max(o.marginM, 100);
  const x0 = west - pad / mLon,
    x1 = east + pad / mLon,
    y0 = south - pad / mLat,
    y1 = north + pad / mLat;
  const k = Math.min(o.width / ((x1 - x0) * mLon), mapH / ((y1 - y0) * mLat));
  const cx = (x0 + x1) / 2,
    cy = (y0 + y1) / 2;
  const left = cx - o.width / k / 2 / mLon,
    right = cx + o.width / k / 2 / mLon,
    top = cy + mapH / k / 2 / mLat;
  const xy = (p: Position): [number, number] => [
    (((p[0]! - left) * mLon * k) | 0) + 0.5,
    (((top - p[1]!) * mLat * k) | 0) + 0.5,
  ];
  return { xy, widthM: geodesicM([left, cy], [right, cy]) };
}

function pathOf(g: Geometry, xy: (p: Position) => [number, number]): string {
  // A vertex on the same pixel as the one before adds nothing at this scale: dropped, which keeps large zones small.
  const line = (ps: Position[]): string => {
    const out: string[] = [];
    for (const p of ps) {
      const s = xy(p).join(',');
      if (s !== out[out.length - 1]) out.push(s);
    }
    return `M${out.join('L')}`;
  };
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
}

export function layoutMap(o: MapLayoutOptions): MapLayout {
  const legendH = 22 * Math.min(6, o.layers.length + 1) + 10;
  const mapH = o.height - legendH;
  const { xy, widthM } = framing(o, mapH);
  const barM = niceLength(widthM / 4);
  const bar = { px: (barM / widthM) * o.width, label: barM >= 1000 ? `${barM / 1000} km` : `${barM} m` };
  const seen = new Set<string>();
  // Zones before context outlines, so a crowded legend drops the district first.
  const legend = [
    { label: o.title, fill: SITE_COLOR, stroke: SITE_COLOR },
    ...[...o.layers.filter((l) => !outlineOnly(l.fill)), ...o.layers.filter((l) => outlineOnly(l.fill))].filter(
      (l) => !seen.has(l.label) && seen.add(l.label),
    ),
  ]
    .slice(0, 6)
    .map((l) => ({ label: l.label, fill: l.fill, stroke: l.stroke }));
  const zoneFill = (fill: string, opacity: number): Paint => (outlineOnly(fill) ? {} : { fill, fillOpacity: opacity });
  const sitePath = pathOf(o.site, xy);
  const text = (x: number, y: number, s: string, anchor: 'start' | 'middle' | 'end' = 'start', bold = false): Mark => ({
    type: 'text',
    x,
    y,
    text: s,
    size: FONT_SIZE,
    anchor,
    bold,
  });
  const dots = (o.site.type === 'Point' ? [o.site.coordinates] : o.site.type === 'MultiPoint' ? o.site.coordinates : [])
    .map(xy)
    .map(([cx, cy]): Mark => ({
      type: 'circle',
      cx,
      cy,
      r: 5,
      clip: true,
      fill: SITE_COLOR,
      fillOpacity: 0.2,
      stroke: SITE_COLOR,
      strokeWidth: 2.5,
    }));
  const marks: Mark[] = [
    { type: 'rect', x: 0, y: 0, w: o.width, h: mapH, clip: false, fill: PAPER },
    ...o.layers.map((l): Mark => ({
      type: 'path',
      d: pathOf(l.geometry, xy),
      at: [0, 0],
      clip: true,
      ...zoneFill(l.fill, 0.45),
      stroke: l.stroke,
      strokeWidth: outlineOnly(l.fill) ? 1.5 : 1,
      rule: 'evenodd',
    })),
    {
      type: 'path',
      d: sitePath,
      at: [0, 0],
      clip: true,
      ...(sitePath.includes('Z') ? { fill: SITE_COLOR, fillOpacity: 0.2 } : {}),
      stroke: SITE_COLOR,
      strokeWidth: 2.5,
      dash: [6, 3],
      rule: 'evenodd',
    },
    ...dots,
    { type: 'rect', x: 0, y: 0, w: o.width, h: mapH, clip: false, stroke: FRAME, strokeWidth: 1 },
    { type: 'path', d: NORTH_ARROW, at: [o.width - 30, 14], clip: false, fill: INK, rule: 'nonzero' },
    text(o.width - 22, 46, 'N', 'middle'),
    // A pale backing keeps the scale bar and its numbers legible over dark zones.
    { type: 'rect', x: 6, y: mapH - 32, w: bar.px + 12, h: 28, clip: false, fill: '#ffffff', fillOpacity: 0.8 },
    { type: 'rect', x: 12, y: mapH - 14, w: bar.px, h: 5, clip: false, fill: INK },
    text(12, mapH - 18, '0'),
    text(12 + bar.px, mapH - 18, bar.label, 'end'),
    ...legend.flatMap((l, i): Mark[] => [
      {
        type: 'rect',
        x: 10,
        y: mapH + 12 + i * 22,
        w: 20,
        h: 12,
        clip: false,
        ...zoneFill(l.fill, 0.5),
        stroke: l.stroke,
        strokeWidth: 1,
      },
      text(38, mapH + 23 + i * 22, l.label),
    ]),
  ];
  return { width: o.width, height: o.height, mapH, title: o.title, marks, bar, legend };
}
