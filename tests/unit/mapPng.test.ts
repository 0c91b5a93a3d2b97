// The report map: one layout (mapLayout.ts) drawn as SVG, as PDF, and as a PNG rasterized from the SVG by resvg, text
// and legend included. The PNG is decoded (pngjs) and its pixels read.
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import type { Geometry } from 'geojson';
import { layoutMap, SITE_COLOR, type MapLayer } from '../../src/lib/report/mapLayout';
import { svgMap } from '../../src/lib/report/svgMap';
import { mapPng } from '../../src/lib/report/mapPng';
import { nodeRasterizer } from '../../src/cli/raster';

const square = (x: number, y: number, d: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});

const zone = (label: string): MapLayer => ({
  geometry: square(113.5, 34.6, 0.2),
  fill: '#1b9e77',
  stroke: '#4d4d4d',
  label,
});

const layout = (label: string, title = 'site') =>
  layoutMap({ site: square(113.6, 34.7, 0.01), layers: [zone(label)], width: 640, height: 480, marginM: 500, title });

async function pixels(label: string, title = 'site') {
  const f = layout(label, title);
  const { png, width, height } = await mapPng(f, nodeRasterizer, 1);
  const img = PNG.sync.read(Buffer.from(png));
  expect([img.width, img.height]).toEqual([width, height]);
  const px = (x: number, y: number) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3)];
  /** How many pixels of a box are dark (text, the arrow, the bar). */
  const dark = (x0: number, y0: number, x1: number, y1: number) => {
    let n = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (px(x, y).every((c) => c < 120)) n++;
    return n;
  };
  return { f, px, dark };
}

describe('report map: one layout, three renderers', () => {
  it('the layout decides frame, scale bar, north arrow, legend and styling once', () => {
    const f = layout('核心区');
    expect(f.legend.map((l) => l.label)).toEqual(['site', '核心区']);
    expect(f.bar.label).toMatch(/^\d+ (m|km)$/);
    const texts = f.marks.flatMap((m) => (m.type === 'text' ? [m.text] : []));
    expect(texts).toEqual(['N', '0', f.bar.label, 'site', '核心区']);
    const site = f.marks.find((m) => m.type === 'path' && m.stroke === SITE_COLOR);
    expect(site).toMatchObject({ dash: [6, 3], clip: true, fill: SITE_COLOR });
    // The SVG draws exactly these marks.
    const svg = svgMap(f);
    for (const t of texts) expect(svg).toContain(`>${t}</text>`);
    expect(svg.match(/<path /g)).toHaveLength(3);
  });

  it('the PNG shows the zone under the site, and draws the legend text in the report font', async () => {
    const { f, px, dark } = await pixels('生态保护红线核心区');
    const [r, g, b] = px(320, Math.round(f.mapH / 2));
    // Zone green (45 %) under the site's pink (20 %) over the paper colour.
    expect(g).toBeGreaterThan(r!);
    expect(b).toBeGreaterThan(100);
    // The second legend row's label: Chinese glyphs drawn (an empty label draws none).
    const row = (d: typeof dark) => d(38, f.mapH + 34, 300, f.mapH + 50);
    const empty = await pixels('');
    expect(row(dark)).toBeGreaterThan(40);
    expect(row(empty.dark)).toBe(0);
    // The north arrow's N and the scale bar's figures are there too.
    expect(dark(610, 34, 630, 48)).toBeGreaterThan(5);
    expect(dark(12, f.mapH - 30, 24, f.mapH - 17)).toBeGreaterThan(3);
  });

  it('a hostile name is drawn as text, never read as markup', async () => {
    const hostile = '</text><script>alert(1)</script><text>';
    const svg = svgMap(layout('zone', hostile));
    expect(svg).not.toContain('<script>');
    const { dark } = await pixels('zone', hostile);
    expect(dark(38, 480 - 54 + 12, 400, 480 - 54 + 28)).toBeGreaterThan(40);
  });
});
