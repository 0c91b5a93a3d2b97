// The report map as a PNG picture, drawn in pure TypeScript (no canvas, so it runs in Node and in the worker): an
// anti-aliased scanline filler for the frame's paths, strokes and dashes, and a PNG encoder. Text is left to the document
// around the picture (the Word chapter puts the legend and the scale under it).

import { zlibSync } from 'fflate';
import { crc32 } from '../io/crc32';
import { NORTH_ARROW, SITE_COLOR, outlineOnly, type MapFrame } from './svgMap';

type Pt = [number, number];
type Rgb = [number, number, number];

const SUB = 4; // sub-scanlines per pixel row

function parseColor(c: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(c.trim());
  const n = m ? parseInt(m[1]!, 16) : 0x808080;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Sub-paths of an SVG path made of absolute M, L and Z (what mapFrame writes), with an optional offset. */
export function parsePath(d: string, dx = 0, dy = 0): { pts: Pt[]; closed: boolean }[] {
  const out: { pts: Pt[]; closed: boolean }[] = [];
  const re = /([MLZ])\s*([^MLZ]*)/gi;
  for (const m of d.matchAll(re)) {
    const cmd = m[1]!.toUpperCase();
    if (cmd === 'Z') {
      if (out.length) out[out.length - 1]!.closed = true;
      continue;
    }
    const nums = (m[2] ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    for (let i = 0; i + 1 < nums.length; i += 2) {
      const p: Pt = [nums[i]! + dx, nums[i + 1]! + dy];
      if (cmd === 'M' && i === 0) out.push({ pts: [p], closed: false });
      else out[out.length - 1]?.pts.push(p);
    }
  }
  return out;
}

export class Raster {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [255, 255, 255],
  ) {
    this.data = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) this.data.set([...background, 255], i * 4);
  }

  /** Fills closed polygons (rings in any order), even-odd or non-zero, blending the colour at `alpha`. */
  fill(
    rings: Pt[][],
    color: Rgb,
    alpha: number,
    rule: 'evenodd' | 'nonzero' = 'evenodd',
    clip?: [number, number, number, number],
  ): void {
    const edges: { x0: number; y0: number; x1: number; y1: number; dir: number }[] = [];
    for (const r of rings)
      for (let i = 0; i < r.length; i++) {
        const a = r[i]!,
          b = r[(i + 1) % r.length]!;
        if (a[1] === b[1] || !Number.isFinite(a[0] + a[1] + b[0] + b[1])) continue;
        edges.push(
          a[1] < b[1]
            ? { x0: a[0], y0: a[1], x1: b[0], y1: b[1], dir: 1 }
            : { x0: b[0], y0: b[1], x1: a[0], y1: a[1], dir: -1 },
        );
      }
    if (!edges.length) return;
    const [cx0, cy0, cx1, cy1] = clip ?? [0, 0, this.width, this.height];
    edges.sort((p, q) => p.y0 - q.y0);
    const yStart = Math.max(Math.floor(cy0), Math.floor(edges[0]!.y0));
    const yEnd = Math.min(Math.ceil(cy1), Math.ceil(Math.max(...edges.map((e) => e.y1))));
    const cover = new Float32Array(this.width + 2);
    let next = 0;
    let active: typeof edges = [];
    for (let y = yStart; y < yEnd; y++) {
      cover.fill(0);
      let any = false;
      for (let s = 0; s < SUB; s++) {
        const sy = y + (s + 0.5) / SUB;
        while (next < edges.length && edges[next]!.y0 <= sy) active.push(edges[next++]!);
        active = active.filter((e) => e.y1 > sy);
        const xs: { x: number; dir: number }[] = [];
        for (const e of active)
          if (e.y0 <= sy) xs.push({ x: e.x0 + ((sy - e.y0) / (e.y1 - e.y0)) * (e.x1 - e.x0), dir: e.dir });
        xs.sort((p, q) => p.x - q.x);
        let wind = 0;
        for (let i = 0; i + 1 < xs.length; i++) {
          wind += rule === 'evenodd' ? 1 : xs[i]!.dir;
          const inside = rule === 'evenodd' ? wind % 2 === 1 : wind !== 0;
          if (!inside) continue;
          const a = Math.max(cx0, xs[i]!.x),
            b = Math.min(cx1, xs[i + 1]!.x);
          if (b <= a) continue;
          any = true;
          const ia = Math.floor(a),
            ib = Math.floor(b);
          if (ia === ib) cover[ia]! += (b - a) / SUB;
          else {
            cover[ia]! += (ia + 1 - a) / SUB;
            for (let x = ia + 1; x < ib; x++) cover[x]! += 1 / SUB;
            if (ib < this.width) cover[ib]! += (b - ib) / SUB;
          }
        }
      }
      if (!any || y < 0 || y >= this.height) continue;
      for (let x = Math.max(0, Math.floor(cx0)); x < Math.min(this.width, Math.ceil(cx1)); x++) {
        const c = Math.min(1, cover[x]!) * alpha;
        if (c <= 0) continue;
        const o = (y * this.width + x) * 4;
        for (let k = 0; k < 3; k++) this.data[o + k] = Math.round(this.data[o + k]! * (1 - c) + color[k]! * c);
      }
    }
  }

  /** Strokes polylines `w` wide (square joints), optionally dashed. */
  stroke(
    lines: { pts: Pt[]; closed: boolean }[],
    color: Rgb,
    alpha: number,
    w: number,
    dash?: [number, number],
    clip?: [number, number, number, number],
  ): void {
    const quads: Pt[][] = [];
    const h = w / 2;
    const seg = (a: Pt, b: Pt) => {
      const dx = b[0] - a[0],
        dy = b[1] - a[1];
      const len = Math.hypot(dx, dy);
      if (len === 0) return;
      const nx = (-dy / len) * h,
        ny = (dx / len) * h;
      // Extended by half the width at both ends, so joints close; all quads wound alike, so non-zero filling unites them.
      const ex = (dx / len) * h,
        ey = (dy / len) * h;
      quads.push([
        [a[0] - ex + nx, a[1] - ey + ny],
        [b[0] + ex + nx, b[1] + ey + ny],
        [b[0] + ex - nx, b[1] + ey - ny],
        [a[0] - ex - nx, a[1] - ey - ny],
      ]);
    };
    for (const l of lines) {
      const pts = l.closed && l.pts.length > 2 ? [...l.pts, l.pts[0]!] : l.pts;
      if (!dash) {
        for (let i = 0; i + 1 < pts.length; i++) seg(pts[i]!, pts[i + 1]!);
        continue;
      }
      let on = true,
        left = dash[0];
      for (let i = 0; i + 1 < pts.length; i++) {
        let a = pts[i]!;
        const b = pts[i + 1]!;
        let rest = Math.hypot(b[0] - a[0], b[1] - a[1]);
        while (rest > 0) {
          const step = Math.min(left, rest);
          const t = step / rest;
          const m: Pt = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
          if (on) seg(a, m);
          a = m;
          rest -= step;
          left -= step;
          if (left <= 1e-9) {
            on = !on;
            left = on ? dash[0] : dash[1];
          }
        }
      }
    }
    this.fill(quads, color, alpha, 'nonzero', clip);
  }

  png(): Uint8Array {
    const { width: w, height: h } = this;
    const raw = new Uint8Array((w * 4 + 1) * h);
    for (let y = 0; y < h; y++) raw.set(this.data.subarray(y * w * 4, (y + 1) * w * 4), y * (w * 4 + 1) + 1);
    const ihdr = new Uint8Array(13);
    const v = new DataView(ihdr.buffer);
    v.setUint32(0, w);
    v.setUint32(4, h);
    ihdr.set([8, 6, 0, 0, 0], 8);
    const chunks = [chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))];
    const out = new Uint8Array(8 + chunks.reduce((s, c) => s + c.length, 0));
    out.set([137, 80, 78, 71, 13, 10, 26, 10]);
    let at = 8;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  const td = new Uint8Array(4 + data.length);
  td.set([...type].map((c) => c.charCodeAt(0)));
  td.set(data, 4);
  out.set(td, 4);
  v.setUint32(8 + data.length, crc32(td));
  return out;
}

/** The map area of a frame (no legend) as PNG, `scale` pixels per frame unit. */
export function mapPng(f: MapFrame, scale = 2): { png: Uint8Array; width: number; height: number } {
  const W = Math.round(f.width * scale),
    H = Math.round(f.mapH * scale);
  const r = new Raster(W, H, parseColor('#f6f5f0'));
  const sc = (paths: { pts: Pt[]; closed: boolean }[]) =>
    paths.map((p) => ({ ...p, pts: p.pts.map(([x, y]) => [x * scale, y * scale] as Pt) }));
  const clip: [number, number, number, number] = [0, 0, W, H];
  for (const z of f.zones) {
    const paths = sc(parsePath(z.d));
    if (!outlineOnly(z.fill))
      r.fill(
        paths.filter((p) => p.closed).map((p) => p.pts),
        parseColor(z.fill),
        0.45,
        'evenodd',
        clip,
      );
    r.stroke(paths, parseColor(z.stroke), 1, (outlineOnly(z.fill) ? 1.5 : 1) * scale, undefined, clip);
  }
  const site = sc(parsePath(f.site.d));
  const pink = parseColor(SITE_COLOR);
  r.fill(
    site.filter((p) => p.closed).map((p) => p.pts),
    pink,
    0.2,
    'evenodd',
    clip,
  );
  r.stroke(site, pink, 1, 2.5 * scale, [6 * scale, 3 * scale], clip);
  for (const [x, y] of f.site.dots) {
    const ring: Pt[] = Array.from({ length: 32 }, (_, i) => [
      x * scale + 5 * scale * Math.cos((i / 32) * 2 * Math.PI),
      y * scale + 5 * scale * Math.sin((i / 32) * 2 * Math.PI),
    ]);
    r.fill([ring], pink, 0.2, 'evenodd', clip);
    r.stroke([{ pts: ring, closed: true }], pink, 1, 2.5 * scale, undefined, clip);
  }
  const dark = parseColor('#222222');
  // North arrow and an "N" drawn as three strokes, then the scale bar (its length is written under the picture).
  const ax = (f.width - 30) * scale,
    ay = 14 * scale;
  r.fill(
    parsePath(NORTH_ARROW).map((p) => p.pts.map(([x, y]) => [ax + x * scale, ay + y * scale] as Pt)),
    dark,
    1,
    'nonzero',
  );
  const n = (x: number, y: number): Pt => [ax + (8 + x) * scale, ay + (28 + y) * scale];
  r.stroke([{ pts: [n(-4, 6), n(-4, -6), n(4, 6), n(4, -6)], closed: false }], dark, 1, 1.6 * scale);
  const by = (f.mapH - 14) * scale;
  r.fill(
    [
      [
        [6 * scale, (f.mapH - 32) * scale],
        [(18 + f.bar.px) * scale, (f.mapH - 32) * scale],
        [(18 + f.bar.px) * scale, (f.mapH - 4) * scale],
        [6 * scale, (f.mapH - 4) * scale],
      ],
    ],
    [255, 255, 255],
    0.8,
  );
  r.fill(
    [
      [
        [12 * scale, by],
        [(12 + f.bar.px) * scale, by],
        [(12 + f.bar.px) * scale, by + 5 * scale],
        [12 * scale, by + 5 * scale],
      ],
    ],
    dark,
    1,
  );
  r.stroke(
    [
      {
        pts: [
          [0.5, 0.5],
          [W - 0.5, 0.5],
          [W - 0.5, H - 0.5],
          [0.5, H - 0.5],
        ],
        closed: true,
      },
    ],
    parseColor('#999999'),
    1,
    1,
  );
  return { png: r.png(), width: W, height: H };
}
