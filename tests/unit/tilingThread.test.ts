// The import's tiling check in a worker thread: it finds what the main thread finds, and whenever the thread cannot
// (a file it cannot read, a thread that died, no thread at all), the caller runs the check itself and says why: the
// check is never skipped.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, Polygon } from 'geojson';
import { TilingThread } from '../../src/cli/tilingThread';
import { loadLayerSource, readManifest } from '../../scripts/data/sources';
import { decideMapping, type MappingDecision } from '../../src/lib/layers/fieldMapping';
import { tilingOf } from '../../src/lib/layers/importLayer';
import { toFlatGeobuf } from '../../src/lib/layers/toFlatGeobuf';
import type { LayerSpec } from '../../src/lib/layers/manifest';

let tmp: string;
let spec: LayerSpec;
let decision: MappingDecision;
let fc: FeatureCollection;
let file: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ecozone-tiling-'));
  spec = readManifest().layers.find((l) => l.id === 'ecu')!;
  fc = structuredClone((await loadLayerSource(spec)).data as FeatureCollection);
  // An overlap to find: unit 1 also claims unit 2's first ring.
  const a = fc.features[1]!;
  const b = fc.features[2]!.geometry as Polygon | { type: 'MultiPolygon'; coordinates: Polygon['coordinates'][] };
  const claim = b.type === 'Polygon' ? b.coordinates : b.coordinates[0]!;
  const own = a.geometry as Polygon | { type: 'MultiPolygon'; coordinates: Polygon['coordinates'][] };
  a.geometry = {
    type: 'MultiPolygon',
    coordinates: [...(own.type === 'Polygon' ? [own.coordinates] : own.coordinates), claim],
  };
  decision = decideMapping(
    spec,
    Object.keys(fc.features[0]!.properties!),
    undefined,
    fc.features.map((f) => f.properties!),
  );
  file = join(tmp, 'ecu.fgb');
  writeFileSync(file, toFlatGeobuf(spec, fc));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the tiling check in a worker thread', () => {
  it('finds in the thread what the main thread finds, and releases the file it was sent', async () => {
    const expected = tilingOf(spec, decision, fc);
    expect(expected.some((i) => i.code === 'units-overlap')).toBe(true);
    const t = new TilingThread();
    let released = false;
    t.send(file, () => (released = true));
    t.start(spec, decision);
    const fallbacks: string[] = [];
    const found = await t.problems(spec, decision, fc, (why) => fallbacks.push(why));
    await t.close();
    expect(fallbacks).toEqual([]);
    expect(found).toEqual(expected);
    expect(released).toBe(true);
  });

  it('falls back to the main thread when the thread cannot read its file, saying why', async () => {
    const t = new TilingThread();
    t.send(join(tmp, 'gone.fgb'), () => {});
    t.start(spec, decision);
    const fallbacks: string[] = [];
    const found = await t.problems(spec, decision, fc, (why) => fallbacks.push(why));
    await t.close();
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatch(/ENOENT|no such file/);
    expect(found).toEqual(tilingOf(spec, decision, fc));
  });

  it('falls back when the thread dies before answering', async () => {
    const t = new TilingThread();
    t.send(file, () => {});
    await (t as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    t.start(spec, decision);
    const fallbacks: string[] = [];
    const found = await t.problems(spec, decision, fc, (why) => fallbacks.push(why));
    await t.close();
    expect(fallbacks[0]).toMatch(/the tiling thread stopped/);
    expect(found).toEqual(tilingOf(spec, decision, fc));
    expect(existsSync(file)).toBe(true); // the caller's file, released only by the caller's own function
  });
});
