// Checks from the index: every layer read by parts near each request gives the same results as the whole layers
// loaded at once (the way the CLI and the app did before), for sites inside, across, near and far outside the data;
// a far site is outside the coverage, never clear; a layer whose part fails its checksum is failed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { buildData } from '../../scripts/data/build';
import { ROOT } from '../../scripts/data/sources';
import { AreaLayers, openLayer, requestBox } from '../../src/lib/layers/areaLayers';
import { buildDataset, type LayerLoad } from '../../src/lib/check/dataset';
import { checkSite } from '../../src/lib/check/checkSite';
import { fromFlatGeobuf } from '../../src/lib/layers/loadLayer';
import { RuleBook } from '../../src/lib/rules/ruleBook';
import type { BuiltManifest } from '../../src/lib/layers/manifest';
import type { RuleFile, ProjectType } from '../../src/lib/rules/model';
import { generateSites } from '../../scripts/oracle/generate';

let dir: string;
let manifest: BuiltManifest;
let book: RuleBook;
let whole: LayerLoad[];

/** fetch over the built folder, answering Range requests as a static server does; `tamper` changes one file's bytes. */
function folderFetch(tamper?: { file: string; at: number }): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const file = url.pathname.split('/').pop()!;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(join(dir, file)));
    } catch {
      return new Response(null, { status: 404 });
    }
    if (tamper?.file === file) {
      bytes = bytes.slice();
      bytes[tamper.at] = bytes[tamper.at]! ^ 0xff;
    }
    const range = /bytes=(\d+)-(\d+)/.exec(new Headers(init?.headers).get('Range') ?? '');
    if (!range) return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200 });
    return new Response(bytes.slice(Number(range[1]), Number(range[2]) + 1) as Uint8Array<ArrayBuffer>, {
      status: 206,
    });
  }) as typeof fetch;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ecozone-area-'));
  const r = await buildData(ROOT, dir, new Date('2026-12-01T00:00:00Z'), join(dir, 'no-local'));
  expect(r.errors).toEqual([]);
  manifest = r.manifest!;
  const rules = JSON.parse(readFileSync(join(dir, manifest.rules.file), 'utf8')) as {
    files: RuleFile[];
    types: ProjectType[];
  };
  book = new RuleBook(rules.files, rules.types);
  whole = await Promise.all(
    manifest.layers.map(async (spec) => ({
      spec,
      id: spec.id,
      data: await fromFlatGeobuf(new Uint8Array(readFileSync(join(dir, spec.built.file)))),
    })),
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (fetchFn: typeof fetch) =>
  AreaLayers.open(manifest, 'http://data.test/data/', undefined, (spec) =>
    openLayer(spec, 'http://data.test/data/', fetchFn),
  );

describe('checks from the index', () => {
  it('give the same results as the whole layers, for sites inside, across, near and far outside the data', async () => {
    const area = await open(folderFetch());
    const full = buildDataset(whole);
    const ecu = whole.find((l) => l.id === 'ecu')!.data as FeatureCollection<Polygon | MultiPolygon>;
    const sites = generateSites(ecu, 150, 12);
    sites.features.push(
      { type: 'Feature', properties: { id: 'beijing' }, geometry: { type: 'Point', coordinates: [116.4, 39.9] } },
      {
        type: 'Feature',
        properties: { id: 'edge' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [114.1, 34.6],
              [114.6, 34.6],
              [114.6, 34.9],
              [114.1, 34.9],
              [114.1, 34.6],
            ],
          ],
        },
      },
    );
    for (const nearM of [0, 800]) {
      for (const f of sites.features) {
        const opts = { nearM, projectTypes: null };
        const want = checkSite(String(f.properties!['id']), f.geometry, full, book, opts);
        const ds = await area.near(requestBox(f.geometry, nearM));
        const got = checkSite(String(f.properties!['id']), f.geometry, ds, book, opts);
        expect(got, `${String(f.properties!['id'])} near ${nearM}`).toEqual(want);
      }
    }
    const far = checkSite(
      'far',
      { type: 'Point', coordinates: [116.4, 39.9] },
      await area.near(requestBox({ type: 'Point', coordinates: [116.4, 39.9] }, 0)),
      book,
      { nearM: 0, projectTypes: null },
    );
    expect(far.verdict).toBe('not-covered');
  });

  it('fails a layer whose part near a site fails its checksum, and says so; the result is never clear', async () => {
    const ecu = manifest.layers.find((l) => l.id === 'ecu')!;
    const failed: string[] = [];
    const area = await open(folderFetch({ file: ecu.built.file, at: ecu.built.bytes - 50 }));
    const fc = whole.find((l) => l.id === 'ecu')!.data!;
    // The last unit in the file lies in the tampered block.
    const last = fc.features[fc.features.length - 1]!;
    const g = last.geometry as Polygon | MultiPolygon;
    const ring = g.type === 'Polygon' ? g.coordinates[0]! : g.coordinates[0]![0]!;
    const site = { type: 'Point' as const, coordinates: ring[0]! };
    const ds = await area.near(requestBox(site, 0), [], new Set(), (id, error) => failed.push(`${id}: ${error}`));
    expect(failed).toEqual([expect.stringMatching(/^ecu: checksum mismatch in block \d+/)]);
    expect(ds.layers.find((l) => l.id === 'ecu')).toMatchObject({ status: 'failed' });
    const r = checkSite('x', site, ds, book, { nearM: 0, projectTypes: null });
    expect(r.verdict).not.toBe('clear');
  });

  it('says which layers cannot be opened, and why', async () => {
    const heard: string[] = [];
    const broken = folderFetch({ file: manifest.layers[0]!.built.sums!.file, at: 3 });
    await AreaLayers.open(
      manifest,
      'http://data.test/data/',
      (id, r) => heard.push(`${id}: ${'error' in r ? r.error : r.features}`),
      (spec) => openLayer(spec, 'http://data.test/data/', broken),
    );
    expect(heard).toContain(
      `${manifest.layers[0]!.id}: ${expect.anything()}`.replace(/: .*/, '') === '' ? '' : heard[0],
    );
    expect(heard.find((h) => h.startsWith(`${manifest.layers[0]!.id}:`))).toMatch(/checksum mismatch/);
    expect(heard.filter((h) => /checksum/.test(h))).toHaveLength(1);
  });
});
