// The PNG map picture of the Word chapter: the scanline filler, strokes and the PNG encoding, read back byte by byte.
import { describe, expect, it } from 'vitest';
import { unzlibSync } from 'fflate';
import { Raster, mapPng, parsePath } from '../../src/lib/report/raster';
import { mapFrame } from '../../src/lib/report/svgMap';

/** Decodes our own PNG (8-bit RGBA, filter 0) to check pixels; CRCs are checked too. */
function decode(png: Uint8Array): { w: number; h: number; px: (x: number, y: number) => number[] } {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const v = new DataView(png.buffer, png.byteOffset);
  let at = 8;
  let w = 0,
    h = 0;
  const idat: Uint8Array[] = [];
  while (at < png.length) {
    const len = v.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      w = v.getUint32(at + 8);
      h = v.getUint32(at + 12);
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = unzlibSync(idat[0]!);
  expect(raw.length).toBe((w * 4 + 1) * h);
  return { w, h, px: (x, y) => [...raw.subarray(y * (w * 4 + 1) + 1 + x * 4, y * (w * 4 + 1) + 1 + x * 4 + 4)] };
}

describe('raster', () => {
  it('fills a polygon with a hole (even-odd), anti-aliases its edges and encodes a valid PNG', () => {
    const r = new Raster(40, 30);
    r.fill(
      [
        [
          [5, 5],
          [35, 5],
          [35, 25],
          [5, 25],
        ],
        [
          [15, 10],
          [25, 10],
          [25, 20],
          [15, 20],
        ],
      ],
      [0, 0, 255],
      1,
    );
    r.fill(
      [
        [
          [0.5, 0],
          [1, 0],
          [1, 30],
          [0.5, 30],
        ],
      ],
      [0, 0, 0],
      1,
    );
    const d = decode(r.png());
    expect([d.w, d.h]).toEqual([40, 30]);
    expect(d.px(8, 8)).toEqual([0, 0, 255, 255]);
    expect(d.px(20, 15)).toEqual([255, 255, 255, 255]); // the hole
    expect(d.px(2, 2)).toEqual([255, 255, 255, 255]);
    expect(d.px(0, 15)[0]).toBeGreaterThan(100); // half a pixel covered: grey, not black or white
    expect(d.px(0, 15)[0]).toBeLessThan(160);
  });

  it('strokes dashed lines with gaps and reads M/L/Z paths', () => {
    expect(parsePath('M1,2L3,4L5,6ZM7,8L9,10')).toEqual([
      {
        pts: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        closed: true,
      },
      {
        pts: [
          [7, 8],
          [9, 10],
        ],
        closed: false,
      },
    ]);
    const r = new Raster(40, 10);
    r.stroke(
      [
        {
          pts: [
            [0, 5],
            [40, 5],
          ],
          closed: false,
        },
      ],
      [0, 0, 0],
      1,
      2,
      [6, 4],
    );
    const d = decode(r.png());
    expect(d.px(3, 5)[0]).toBeLessThan(10); // in a dash
    expect(d.px(8, 5)[0]).toBeGreaterThan(245); // in a gap
  });

  it('draws a report map frame: the site outline in its colour over the zone', () => {
    const frame = mapFrame({
      site: {
        type: 'Polygon',
        coordinates: [
          [
            [113.6, 34.7],
            [113.61, 34.7],
            [113.61, 34.71],
            [113.6, 34.71],
            [113.6, 34.7],
          ],
        ],
      },
      layers: [
        {
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [113.5, 34.6],
                [113.7, 34.6],
                [113.7, 34.8],
                [113.5, 34.8],
                [113.5, 34.6],
              ],
            ],
          },
          fill: '#1b9e77',
          stroke: '#4d4d4d',
          label: 'zone',
        },
      ],
      width: 640,
      height: 480,
      marginM: 500,
      title: 'site',
    });
    const { png, width, height } = mapPng(frame, 1);
    const d = decode(png);
    expect([d.w, d.h]).toEqual([width, height]);
    const [r, g, b] = d.px(Math.round(width / 2), Math.round(height / 2));
    // Zone green (45 %) under the site's pink (20 %) over the paper colour.
    expect(g).toBeGreaterThan(r!);
    expect(b).toBeGreaterThan(100);
  });
});
