// The map's vector tiles: the PMTiles writer read back with the `pmtiles` reader (header, directories with leaves,
// deduplicated tiles, tile ids past 2^32), and a layer's tiles decoded with @mapbox/vector-tile: every unit is drawn
// where it is, with the id and class that style and highlight use.
import { describe, expect, it } from 'vitest';
import { PMTiles, zxyToTileId } from 'pmtiles';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { tileId, writePmtiles, type PmTile } from '../../src/lib/layers/pmtilesWriter';
import { deepestZoom, layerTiles, MAX_ZOOM, EXTENT } from '../../src/lib/layers/vectorTiles';
import { loadLayerSource, readManifest } from '../../scripts/data/sources';
import { interiorPoint } from '../../src/lib/public/place';
import { PreparedPolygon } from '../../src/lib/check/preparedPolygon';
import { rng } from '../../scripts/oracle/generate';

const reader = (bytes: Uint8Array) =>
  new PMTiles({
    getKey: () => 'memory',
    getBytes: async (offset: number, length: number) => ({
      data: bytes.slice(offset, offset + length).buffer as ArrayBuffer,
    }),
  });

const opts = {
  tileCompression: 1 as const,
  tileType: 1 as const,
  minZoom: 0,
  maxZoom: 17,
  bounds: [112, 34, 114, 35] as [number, number, number, number],
  center: [113, 34.5, 8] as [number, number, number],
  metadata: { name: 'test' },
};

/** Web Mercator tile of a lon/lat at zoom z, and the position inside it in tile units. */
function tileOf(lon: number, lat: number, z: number, extent: number) {
  const n = 2 ** z;
  const fx = ((lon + 180) / 360) * n;
  const r = (lat * Math.PI) / 180;
  const fy = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n;
  const x = Math.floor(fx),
    y = Math.floor(fy);
  return { x, y, px: (fx - x) * extent, py: (fy - y) * extent };
}

describe('the PMTiles writer', () => {
  it('writes an archive the pmtiles reader reads: header, metadata, every tile, nothing else', async () => {
    const tiles: PmTile[] = [
      { z: 0, x: 0, y: 0, data: new Uint8Array([1, 2, 3]) },
      { z: 5, x: 26, y: 12, data: new Uint8Array([4, 5]) },
      // Past 2^32: tile ids need more than 32 bits from zoom 16 on.
      { z: 17, x: 107_000, y: 52_000, data: new Uint8Array([6]) },
    ];
    const p = reader(writePmtiles(tiles, opts));
    const h = await p.getHeader();
    expect(h).toMatchObject({ specVersion: 3, minZoom: 0, maxZoom: 17, numAddressedTiles: 3, tileType: 1 });
    expect(h.minLon).toBeCloseTo(112, 6);
    expect(h.maxLat).toBeCloseTo(35, 6);
    expect(await p.getMetadata()).toEqual({ name: 'test' });
    expect(zxyToTileId(17, 107_000, 52_000)).toBeGreaterThan(2 ** 32);
    for (const t of tiles) expect(new Uint8Array((await p.getZxy(t.z, t.x, t.y))!.data)).toEqual(t.data);
    expect(await p.getZxy(5, 26, 13)).toBeUndefined();
  });

  it('stores identical tiles once and runs of them as one entry', async () => {
    const tiles: PmTile[] = [];
    // 4,096 tiles at zoom 6, every fourth one distinct, the rest one shared content (as inside a large zone).
    for (let x = 0; x < 64; x++)
      for (let y = 0; y < 64; y++)
        tiles.push({
          z: 6,
          x,
          y,
          data: (x + y) % 4 === 0 ? new Uint8Array([x, y, 9, 9, 9]) : new Uint8Array([7, 7, 7]),
        });
    const bytes = writePmtiles(tiles, { ...opts, maxZoom: 6 });
    const p = reader(bytes);
    const h = await p.getHeader();
    expect(h.numAddressedTiles).toBe(4096);
    expect(h.numTileContents).toBe(1024 + 1);
    expect(h.numTileEntries).toBeLessThan(4096);
    for (const [x, y] of [
      [0, 0],
      [1, 0],
      [63, 63],
      [32, 3],
      [3, 32],
      [50, 27],
    ] as const) {
      const want = (x + y) % 4 === 0 ? [x, y, 9, 9, 9] : [7, 7, 7];
      expect([...new Uint8Array((await p.getZxy(6, x, y))!.data)], `${x}/${y}`).toEqual(want);
    }
    expect(() => writePmtiles([tiles[0]!, tiles[0]!], opts)).toThrow(/given twice/);
  });

  it('spills to leaf directories when the root directory would pass 16 KiB, and every tile is still found', async () => {
    const tiles: PmTile[] = [];
    const rand = rng(5);
    // 30,000 distinct tiles of irregular sizes, scattered over zoom 12: no directory compresses under 16 KiB.
    const used = new Set<string>();
    while (tiles.length < 30_000) {
      const x = Math.floor(rand() * 4096),
        y = Math.floor(rand() * 4096);
      if (used.has(`${x}/${y}`)) continue;
      used.add(`${x}/${y}`);
      tiles.push({ z: 12, x, y, data: new Uint8Array(1 + Math.floor(rand() * 40)).map(() => rand() * 256) });
    }
    const bytes = writePmtiles(tiles, { ...opts, maxZoom: 12 });
    const p = reader(bytes);
    const h = await p.getHeader();
    expect(h.leafDirectoryLength).toBeGreaterThan(0);
    expect(h.rootDirectoryOffset + h.rootDirectoryLength).toBeLessThanOrEqual(16_384);
    for (const t of tiles.filter((_, i) => i % 997 === 0))
      expect(new Uint8Array((await p.getZxy(t.z, t.x, t.y))!.data)).toEqual(t.data);
  });
});

describe('a layer as vector tiles', () => {
  it.each(['ecu', 'eco-redline', 'nature-reserve', 'water-source', 'eco-corridor', 'admin-district'])(
    'draws every zone of %s where it is, with its id and class, at the deepest zoom (small zones too)',
    async (id) => {
      const spec = readManifest().layers.find((l) => l.id === id)!;
      const fc = (await loadLayerSource(spec)).data as FeatureCollection;
      const t = layerTiles(spec, fc);
      const p = reader(t.bytes);
      const h = await p.getHeader();
      expect(h).toMatchObject({ minZoom: 0, maxZoom: MAX_ZOOM, tileCompression: 2, clustered: true });
      const meta = (await p.getMetadata()) as { vector_layers: { id: string; fields: Record<string, string> }[] };
      expect(meta.vector_layers[0]!.id).toBe(id);
      const idField = spec.idField;
      const classField = spec.style.classField;
      if (id === 'ecu')
        expect(Object.keys(meta.vector_layers[0]!.fields)).toEqual(['HJZHGKDYBM', 'ZHGKDYFL', 'HJZHGKDYMC']);
      for (const f of fc.features) {
        const g = f.geometry as Polygon | MultiPolygon;
        const at = interiorPoint(new PreparedPolygon(g.type === 'Polygon' ? [g.coordinates] : g.coordinates))!;
        const { x, y, px, py } = tileOf(at[0]!, at[1]!, MAX_ZOOM, EXTENT);
        const tile = await p.getZxy(MAX_ZOOM, x, y);
        expect(tile, String(f.properties![idField])).toBeDefined();
        // (The reader gunzips the tile itself, as the header says.)
        const vt = new VectorTile(new PbfReader(new Uint8Array(tile!.data)));
        const layer = vt.layers[id]!;
        expect(layer.extent).toBe(EXTENT);
        // The unit is in the tile, with the attributes drawing uses and nothing else, and covers its interior point.
        const found = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).filter(
          (vf) => vf.properties[idField] === f.properties![idField],
        );
        expect(found.length, String(f.properties![idField])).toBe(1);
        if (classField) expect(found[0]!.properties[classField]).toBe(f.properties![classField]);
        expect(found[0]!.properties['source_note']).toBeUndefined();
        const rings = found[0]!.loadGeometry().map((r) => r.map((pt) => [pt.x, pt.y]));
        let inside = false;
        for (const ring of rings)
          for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            const [xi, yi] = ring[i]!,
              [xj, yj] = ring[j]!;
            if (yi! > py !== yj! > py && px < ((xj! - xi!) * (py - yi!)) / (yj! - yi!) + xi!) inside = !inside;
          }
        expect(inside, String(f.properties![idField])).toBe(true);
      }
    },
  );
});

describe('tile ids', () => {
  it('are the pmtiles reader’s own, at every zoom up to 26', () => {
    const rand = rng(9);
    for (let z = 0; z <= 26; z++)
      for (let k = 0; k < 200; k++) {
        const n = 2 ** z;
        const x = Math.floor(rand() * n),
          y = Math.floor(rand() * n);
        expect(tileId(z, x, y), `${z}/${x}/${y}`).toBe(zxyToTileId(z, x, y));
      }
    expect(() => tileId(3, 8, 0)).toThrow(/outside zoom 3/);
  });
});

describe('the deepest zoom written', () => {
  it('is z13 for a city or a province, and stops earlier for the whole country', () => {
    expect(deepestZoom([112.0, 34.2, 114.3, 35.3])).toBe(13); // Zhengzhou and Jiyuan
    expect(deepestZoom([110.4, 31.4, 116.6, 36.3])).toBe(13); // Henan
    expect(deepestZoom([73, 18, 135, 53])).toBe(10); // China
  });
});
