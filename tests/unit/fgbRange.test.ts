// Reading a built layer by parts: only the features near a box, through the FlatGeobuf's packed Hilbert R-tree, from
// checked blocks; over a real HTTP server with and without Range support; tampered, cut-off and foreign files refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';
import bbox from '@turf/bbox';
import { BlockSource, blockSums, httpRanges, type RangeFetcher } from '../../src/lib/layers/blockSource';
import { FgbRangeReader, type Box } from '../../src/lib/layers/fgbRange';
import { toFlatGeobuf } from '../../src/lib/layers/toFlatGeobuf';
import { sha256Hex } from '../../src/lib/layers/loadLayer';
import { loadLayerSource, readManifest } from '../../scripts/data/sources';
import { rng } from '../../scripts/oracle/generate';
import type { LayerSpec } from '../../src/lib/layers/manifest';

let spec: LayerSpec;
let fc: FeatureCollection;
let file: Uint8Array;
let sha256: string;

beforeAll(async () => {
  spec = readManifest().layers.find((l) => l.id === 'ecu')!;
  fc = (await loadLayerSource(spec)).data as FeatureCollection;
  file = toFlatGeobuf(spec, fc, { index: true });
  sha256 = await sha256Hex(file);
});

/** Bytes from memory, counting requests; `ignoreRange` answers every request with the whole file. */
function memory(bytes: Uint8Array, ignoreRange = false): RangeFetcher & { requests: number } {
  const f = {
    requests: 0,
    async range(start: number, end: number) {
      f.requests++;
      return ignoreRange ? { bytes: bytes.slice(), whole: true } : { bytes: bytes.slice(start, end), whole: false };
    },
  };
  return f;
}

const code = (f: Feature) => String(f.properties?.['HJZHGKDYBM']);
const meets = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

async function reader(fetcher: RangeFetcher, blockSize = 4096, maxCached?: number, bytes = file) {
  const sums = await blockSums(bytes, blockSize);
  return FgbRangeReader.open(new BlockSource(fetcher, { bytes: bytes.length, sha256, sums }, maxCached, blockSize));
}

describe('a layer read by parts', () => {
  it('finds exactly the features whose boxes meet a query box, decoded as the whole-file reader decodes them', async () => {
    const r = await reader(memory(file));
    expect(r.featureCount).toBe(fc.features.length);
    const rand = rng(3);
    const [w, s, e, n] = bbox(fc);
    for (let k = 0; k < 60; k++) {
      const x = w + rand() * (e - w),
        y = s + rand() * (n - s);
      const d = rand() * 0.2;
      const box: Box = [x - d, y - d, x + d, y + d];
      const want = fc.features
        .filter((f) => meets(bbox(f) as Box, box))
        .map(code)
        .sort();
      const got = await r.select(box);
      expect(got.map(code).sort(), `box ${box.join(',')}`).toEqual(want);
      for (const f of got) {
        const orig = fc.features.find((o) => code(o) === code(f))!;
        expect(f.geometry).toEqual(orig.geometry);
        expect(f.properties!['HJZHGKDYMC']).toBe(orig.properties!['HJZHGKDYMC']);
      }
    }
  });

  it('reads a small part of a large file for a small box, and keeps what it read', async () => {
    // 2,500 units of 200 vertices in a grid: a province's worth of shape, in miniature.
    const template = fc.features[0]!.properties!;
    const grid: FeatureCollection = {
      type: 'FeatureCollection',
      features: Array.from({ length: 2500 }, (_, k) => {
        const [x, y] = [112 + (k % 50) * 0.04, 34 + Math.floor(k / 50) * 0.03];
        const ring = Array.from({ length: 200 }, (_, i) => {
          const a = (-2 * Math.PI * i) / 200;
          return [x + 0.02 + 0.019 * Math.cos(a), y + 0.015 + 0.014 * Math.sin(a)];
        });
        ring.push(ring[0]!);
        return {
          type: 'Feature' as const,
          properties: { ...template, HJZHGKDYBM: `ZH4101${String(k).padStart(7, '0')}` },
          geometry: { type: 'Polygon' as const, coordinates: [ring.reverse()] },
        };
      }),
    };
    const big = toFlatGeobuf(spec, grid, { index: true });
    const fetcher = memory(big);
    const sums = await blockSums(big, 4096);
    const source = new BlockSource(fetcher, { bytes: big.length, sha256: await sha256Hex(big), sums }, undefined, 4096);
    const r = await FgbRangeReader.open(source);
    const box: Box = [112.5, 34.5, 112.55, 34.53];
    const got = await r.select(box);
    expect(got.map(code).sort()).toEqual(
      grid.features
        .filter((f) => meets(bbox(f) as Box, box))
        .map(code)
        .sort(),
    );
    expect(got.length).toBeLessThan(10);
    expect(source.fetched).toBeLessThan(big.length / 20);
    const before = fetcher.requests;
    await r.select(box);
    expect(fetcher.requests).toBe(before);
  });

  it('stays right with a cache smaller than what it reads', async () => {
    const r = await reader(memory(file), 4096, 8192);
    const all = await r.select(bbox(fc) as Box);
    expect(all.map(code).sort()).toEqual(fc.features.map(code).sort());
  });

  it('takes the whole file from a server that ignores Range, checked whole', async () => {
    const r = await reader(memory(file, true));
    expect((await r.select(bbox(fc) as Box)).length).toBe(fc.features.length);
    const bad = file.slice();
    bad[bad.length - 100] = bad[bad.length - 100]! ^ 0xff;
    await expect(reader(memory(bad, true))).rejects.toThrow(/checksum mismatch/);
  });

  it('refuses a changed block, a cut-off file, a foreign file and a file without an index', async () => {
    const bad = file.slice();
    bad[bad.length - 100] = bad[bad.length - 100]! ^ 0xff;
    const sums = await blockSums(file, 4096);
    const r = await FgbRangeReader.open(
      new BlockSource(memory(bad), { bytes: file.length, sha256, sums }, undefined, 4096),
    );
    await expect(r.select(bbox(fc) as Box)).rejects.toThrow(/checksum mismatch in block \d+/);
    const cut = file.slice(0, 200);
    await expect(reader(memory(cut), 4096, undefined, cut)).rejects.toThrow(/cut off/);
    const foreign = new TextEncoder().encode('{"type":"FeatureCollection","features":[]}');
    await expect(reader(memory(foreign), 4096, undefined, foreign)).rejects.toThrow(/not a FlatGeobuf/);
    const plain = toFlatGeobuf(spec, fc);
    await expect(reader(memory(plain), 4096, undefined, plain)).rejects.toThrow(/no spatial index/);
    expect(() => new BlockSource(memory(file), { bytes: file.length, sha256, sums: new Uint8Array(8) })).toThrow(
      /do not fit/,
    );
  });
});

describe('over HTTP', () => {
  let server: Server;
  let base: string;
  const served = { ranged: 0, whole: 0 };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
      if (req.url === '/ranged.fgb' && m) {
        served.ranged++;
        const [a, b] = [Number(m[1]), Number(m[2])];
        res.writeHead(206, { 'Content-Range': `bytes ${a}-${b}/${file.length}` });
        res.end(Buffer.from(file.subarray(a, b + 1)));
      } else if (req.url === '/ranged.fgb' || req.url === '/whole.fgb') {
        served.whole++;
        res.writeHead(200);
        res.end(Buffer.from(file));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reads by range requests where the server answers them, and whole where it does not', async () => {
    const box = bbox(fc.features[3]!) as Box;
    const ranged = await reader(httpRanges(`${base}/ranged.fgb`), 65536);
    expect((await ranged.select(box)).map(code)).toContain(code(fc.features[3]!));
    expect(served).toMatchObject({ whole: 0 });
    expect(served.ranged).toBeGreaterThan(0);
    const whole = await reader(httpRanges(`${base}/whole.fgb`), 65536);
    expect((await whole.select(box)).map(code)).toContain(code(fc.features[3]!));
    expect(served.whole).toBe(1);
    await expect(reader(httpRanges(`${base}/missing.fgb`), 65536)).rejects.toThrow(/HTTP 404/);
  });
});
