// The data build end to end on a temporary data folder: FlatGeobuf out, checksums in, clear errors on bad input.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { buildData } from '../../scripts/data/build';
import { readManifest } from '../../scripts/data/sources';
import { fromFlatGeobuf, loadLayer, sha256Hex } from '../../src/lib/layers/loadLayer';
import type { BuiltLayerInfo, Manifest } from '../../src/lib/layers/manifest';

const real = readManifest();
const square = [
  [113.6, 34.9],
  [113.61, 34.9],
  [113.61, 34.91],
  [113.6, 34.91],
  [113.6, 34.9],
];
const ws = (id: string, ring = square) => ({
  type: 'Feature',
  properties: {
    id,
    name_zh: `水源 ${id}`,
    SYDMC: '测试',
    BHQJB: '二级保护区',
    grade: 'grade2',
    SYDLX: '湖库型',
    city: '郑州市',
    status: 'illustrative',
    source_note: 'test',
  },
  geometry: { type: 'Polygon', coordinates: [ring] },
});

function tempRoot(features: unknown[] | null): string {
  const root = mkdtempSync(join(tmpdir(), 'ecozone-build-'));
  mkdirSync(join(root, 'data/sources'), { recursive: true });
  const m: Manifest = { ...real, layers: real.layers.filter((l) => l.id === 'water-source' || l.role === 'admin') };
  writeFileSync(join(root, 'data/layers.json'), JSON.stringify(m));
  writeFileSync(join(root, 'data/sources/admin-names.json'), readFileSync('data/sources/admin-names.json'));
  if (features)
    writeFileSync(
      join(root, 'data/sources/water-source.geojson'),
      JSON.stringify({ type: 'FeatureCollection', features }),
    );
  return root;
}

describe('data build', () => {
  it('writes FlatGeobuf and a manifest whose checksums and counts match the files', async () => {
    const root = tempRoot([ws('A'), ws('B')]);
    const out = join(root, 'out');
    const r = await buildData(root, out, new Date('2026-01-01T00:00:00Z'));
    expect(r.errors).toEqual([]);
    const built = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(built.builtAt).toBe('2026-01-01T00:00:00.000Z');
    const layer = built.layers.find((l: { id: string }) => l.id === 'water-source');
    const bytes = new Uint8Array(readFileSync(join(out, layer.built.file)));
    expect(layer.built.sha256).toBe(await sha256Hex(bytes));
    expect(layer.built.features).toBe(2);
    expect(layer.built.bbox).toEqual([113.6, 34.9, 113.61, 34.91]);
    const fc = await fromFlatGeobuf(bytes);
    expect(fc.features.map((f) => f.properties?.id)).toEqual(['A', 'B']);
    expect(fc.features[0]!.properties).toMatchObject({ BHQJB: '二级保护区', grade: 'grade2', status: 'illustrative' });
    expect(fc.features[0]!.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[square]] });
    expect(built.layers.find((l: { id: string }) => l.id === 'admin-district').built.features).toBe(13);
  });

  it('fails naming the file and the feature, and writes no manifest', async () => {
    const root = tempRoot([ws('A'), ws('B', square.slice(0, 4))]);
    const r = await buildData(root, join(root, 'out'));
    expect(r.ok).toBe(false);
    expect(r.errors.join('\n')).toContain('ring-not-closed data/sources/water-source.geojson [B]');
    expect(existsSync(join(root, 'out/manifest.json'))).toBe(false);
  });

  it('reports a missing or unparsable source file as an error, not a crash', async () => {
    const missing = tempRoot(null);
    expect((await buildData(missing, join(missing, 'out'))).errors.join('\n')).toMatch(
      /water-source: cannot read .*water-source.geojson: ENOENT/,
    );
    const broken = tempRoot(null);
    writeFileSync(join(broken, 'data/sources/water-source.geojson'), '{"type": "FeatureCollection", "features": [');
    expect((await buildData(broken, join(broken, 'out'))).errors.join('\n')).toMatch(/is not valid JSON/);
  });
});

describe('loadLayer', () => {
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: [ws('A') as FeatureCollection['features'][number]],
  };
  async function built(): Promise<{ bytes: Uint8Array; info: BuiltLayerInfo }> {
    const root = tempRoot(fc.features);
    const r = await buildData(root, join(root, 'out'));
    const info = r.manifest!.layers.find((l) => l.id === 'water-source')!.built;
    return { bytes: new Uint8Array(readFileSync(join(root, 'out', info.file))), info };
  }
  const serve = (bytes: Uint8Array | null, status = 200) =>
    (async () => new Response(bytes as BodyInit | null, { status })) as typeof fetch;

  it('loads a layer whose checksum matches', async () => {
    const { bytes, info } = await built();
    const r = await loadLayer('x.fgb', info, serve(bytes));
    expect(r.ok && r.data.features[0]!.properties?.id).toBe('A');
  });
  it('refuses a file whose checksum differs, a missing file and an undecodable one', async () => {
    const { bytes, info } = await built();
    const tampered = bytes.slice();
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
    expect(await loadLayer('x.fgb', info, serve(tampered))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/checksum mismatch/),
    });
    expect(await loadLayer('x.fgb', info, serve(null, 404))).toEqual({ ok: false, error: 'HTTP 404' });
    const garbage = new Uint8Array([1, 2, 3, 4, 5]);
    expect(await loadLayer('x.fgb', { ...info, sha256: await sha256Hex(garbage) }, serve(garbage))).toMatchObject({
      ok: false,
    });
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await loadLayer('x.fgb', info, failing)).toEqual({ ok: false, error: 'Failed to fetch' });
  });
});
