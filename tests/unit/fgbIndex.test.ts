// The FlatGeobuf spatial index the project writes (src/lib/layers/fgbIndex.ts), read back by the two readers that use
// it: the flatgeobuf package's bounding-box search, and GDAL's FlatGeobuf driver with a spatial filter. Every query must
// return exactly the features whose boxes meet the rectangle, and the whole file must read as the same features.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { geojson } from 'flatgeobuf';
import { toFlatGeobuf } from '../../src/lib/layers/toFlatGeobuf';
import { hilbertOrder } from '../../src/lib/layers/fgbIndex';
import { startGdal } from '../../src/cli/gdal';
import { rng } from '../../scripts/oracle/generate';
import type { LayerSpec } from '../../src/lib/layers/manifest';

const tmp = mkdtempSync(join(tmpdir(), 'ecozone-fgbindex-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const spec = {
  id: 'test',
  geometryType: 'Polygon',
  idField: 'code',
  attributes: [{ name: 'code', type: 'string' }],
} as unknown as LayerSpec;

/** n squares (some of them two-part) scattered over Henan, sizes from metres to tens of kilometres. */
function squares(n: number, seed: number): FeatureCollection {
  const rnd = rng(seed);
  const features: Feature[] = [];
  for (let i = 0; i < n; i++) {
    const x = 110.3 + rnd() * 6,
      y = 31.4 + rnd() * 5,
      r = 10 ** (-4 + rnd() * 3.5);
    const sq = (cx: number, cy: number) => [
      [
        [cx - r, cy - r],
        [cx + r, cy - r],
        [cx + r, cy + r],
        [cx - r, cy + r],
        [cx - r, cy - r],
      ],
    ];
    features.push({
      type: 'Feature',
      properties: { code: `U${i}` },
      geometry:
        i % 7 === 0
          ? { type: 'MultiPolygon', coordinates: [sq(x, y), sq(x + 3 * r, y + 2 * r)] }
          : { type: 'Polygon', coordinates: sq(x, y) },
    });
  }
  return { type: 'FeatureCollection', features };
}

const boxOf = (f: Feature) => {
  const xs: number[] = [],
    ys: number[] = [];
  JSON.stringify(f.geometry, (_k, v) => {
    if (Array.isArray(v) && typeof v[0] === 'number') {
      xs.push(v[0]);
      ys.push(v[1]);
    }
    return v;
  });
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};

describe('FlatGeobuf spatial index', () => {
  it('orders by the Hilbert curve: neighbours on the curve are near in space', () => {
    const boxes = new Float64Array(4 * 4096);
    for (let i = 0; i < 4096; i++) boxes.set([i % 64, Math.floor(i / 64), i % 64, Math.floor(i / 64)], i * 4);
    const order = hilbertOrder(boxes);
    expect(new Set(order).size).toBe(4096);
    for (let k = 1; k < order.length; k++) {
      const a = order[k - 1]!,
        b = order[k]!;
      // Consecutive cells of a Hilbert curve on a grid are edge neighbours.
      expect(Math.abs((a % 64) - (b % 64)) + Math.abs(Math.floor(a / 64) - Math.floor(b / 64))).toBe(1);
    }
  });

  it('is searched by the flatgeobuf reader and by GDAL to exactly the features whose boxes meet a rectangle', async () => {
    const fc = squares(3000, 5);
    const bytes = toFlatGeobuf(spec, fc, { index: true });
    let meta: { indexNodeSize: number; featuresCount: number } | undefined;
    const all: Feature[] = [];
    for await (const f of geojson.deserialize(bytes, { headerMetaFn: (m) => (meta = m) })) all.push(f as Feature);
    expect(meta!.indexNodeSize).toBe(16);
    expect(all.map((f) => f.properties!['code']).sort()).toEqual(fc.features.map((f) => f.properties!['code']).sort());
    const byCode = new Map(fc.features.map((f) => [f.properties!['code'], f]));
    // Polygons are written as one-part multipolygons (one geometry type per file).
    for (const f of all) {
      const g = byCode.get(f.properties!['code'])!.geometry;
      expect(f.geometry).toEqual(g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g);
    }

    const file = join(tmp, 'indexed.fgb');
    writeFileSync(file, bytes);
    const G = await startGdal();
    const opened = await G.open(file);
    const rnd = rng(9);
    try {
      for (let q = 0; q < 40; q++) {
        const x = 110 + rnd() * 7,
          y = 31 + rnd() * 6,
          w = rnd() * (q % 4 === 0 ? 3 : 0.2);
        const rect = { minX: x, minY: y, maxX: x + w, maxY: y + w };
        const expected = fc.features
          .filter((f) => {
            const b = boxOf(f);
            return b[0]! <= rect.maxX && b[2]! >= rect.minX && b[1]! <= rect.maxY && b[3]! >= rect.minY;
          })
          .map((f) => String(f.properties!['code']))
          .sort();
        // Each part is a square, so a feature meets the rectangle exactly when one of its parts' boxes does.
        const meets = (b: number[]) =>
          b[0]! <= rect.maxX && b[2]! >= rect.minX && b[1]! <= rect.maxY && b[3]! >= rect.minY;
        const exact = fc.features.filter((f) =>
          (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : (f.geometry as MultiPolygon).coordinates).some(
            (p) => meets(boxOf({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: p } })),
          ),
        ).length;
        const found: string[] = [];
        for await (const f of geojson.deserialize(bytes, { rect })) found.push(String(f.properties!['code']));
        expect(found.sort(), `query ${q}`).toEqual(expected);
        const info = (await G.ogrinfo(opened.datasets[0]!, [
          '-json',
          '-so',
          '-spat',
          String(rect.minX),
          String(rect.minY),
          String(rect.maxX),
          String(rect.maxY),
        ])) as { layers: { featureCount: number }[] };
        // GDAL's spatial filter searches the index, then keeps the features whose geometry meets the rectangle.
        expect(info.layers[0]!.featureCount, `GDAL, query ${q}`).toBe(exact);
      }
    } finally {
      await G.close(opened.datasets[0]!);
    }
    // GDAL does search the index: with the root's box moved off the map, a query over every feature finds none.
    const header = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
    const broken = bytes.slice();
    const rootAt = 12 + header;
    new DataView(broken.buffer).setFloat64(rootAt, -10, true);
    for (const k of [8, 16, 24]) new DataView(broken.buffer).setFloat64(rootAt + k, -9, true);
    const brokenFile = join(tmp, 'broken.fgb');
    writeFileSync(brokenFile, broken);
    const b = await G.open(brokenFile);
    try {
      const info = (await G.ogrinfo(b.datasets[0]!, ['-json', '-so', '-spat', '100', '20', '130', '45'])) as {
        layers: { featureCount: number }[];
      };
      expect(info.layers[0]!.featureCount).toBe(0);
    } finally {
      await G.close(b.datasets[0]!);
    }
  }, 60_000);
});
