// Shapefiles damaged and hostile: zip bombs, cut-off and lying headers, and fuzzed bytes, never a crash.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readShapefileParts, readShapefileZip } from '../../src/lib/io/shapefile';
import type { ImportResult } from '../../src/lib/io/types';
import { unzip } from '../../src/lib/io/zip';
import { codes, errors, fixture, inner } from './support/shapefileFixtures';

describe('damaged and hostile input', () => {
  it('refuses bomb.zip from its central directory, before inflating anything', () => {
    const bytes = fixture('bomb.zip');
    expect(bytes.length).toBeLessThan(1_000_000);
    const before = process.memoryUsage();
    const r = readShapefileZip(bytes);
    const after = process.memoryUsage();
    expect(r.sites).toEqual([]);
    expect(['zip-too-large', 'zip-ratio']).toContain(r.issues[0]!.code);
    expect(r.issues[0]!.message.zh).toContain('bomb.shp');
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(50 * 2 ** 20);
    // With room for 300 MiB, the 1000:1 ratio alone refuses it, still without inflating.
    const mid = process.memoryUsage();
    const z = unzip(bytes, { maxTotalBytes: 400 * 2 ** 20 });
    expect(z.ok ? '' : z.code).toBe('zip-ratio');
    expect(process.memoryUsage().arrayBuffers - mid.arrayBuffers).toBeLessThan(50 * 2 ** 20);
  });

  it('refuses traversal.zip, archives with too many entries, and lying sizes', () => {
    const r = readShapefileZip(fixture('traversal.zip'));
    expect(r.issues[0]!.code).toBe('zip-unexpected-content');
    expect(r.issues[0]!.message.en).toContain('../evil.shp');
    for (const name of ['/etc/evil.shp', 'C:\\evil.shp', 'a/../../evil.shp']) {
      const z = unzip(zipSync({ [name]: new Uint8Array(10) }));
      expect(z.ok ? '' : z.code, name).toBe('zip-unexpected-content');
    }
    const many = unzip(fixture('zz_sites_4547.zip'), { maxEntries: 3 });
    expect(many.ok ? '' : many.code).toBe('zip-too-many-entries');

    // Patch the central directory's uncompressed size of a genuine entry, smaller and larger than the truth.
    const data = new Uint8Array(5000).map((_, i) => (i * 7) % 251);
    const good = zipSync({ 'a.shp': data });
    const cd = good.findIndex(
      (_, i) => good[i] === 0x50 && good[i + 1] === 0x4b && good[i + 2] === 0x01 && good[i + 3] === 0x02,
    );
    for (const size of [4000, 6000]) {
      const bad = good.slice();
      new DataView(bad.buffer).setUint32(cd + 24, size, true);
      const z = unzip(bad);
      expect(z.ok ? '' : z.code, String(size)).toMatch(/^zip-(size|crc)-mismatch$/);
    }
    expect(unzip(good).ok).toBe(true);
  });

  it('names the record where a truncated .shp breaks off', () => {
    const f = inner('zz_sites_4547.zip');
    const whole = f.get('zz_sites/parcels.shp')!;
    const half = whole.slice(0, whole.length >> 1);
    const r = readShapefileParts({
      name: 'parcels',
      shp: half,
      dbf: f.get('zz_sites/parcels.dbf')!,
      prj: new TextDecoder().decode(f.get('zz_sites/parcels.prj')),
    });
    const e = r.issues.find((i) => i.code === 'shp-truncated')!;
    expect(e.severity).toBe('error');
    expect(e.message.zh).toMatch(/parcels\.shp 第 \d+ 条记录/);
    expect(e.message.en).toMatch(/parcels\.shp record \d+/);
    // The records before the cut survive.
    expect(r.sites.length).toBeLessThan(2);
    // Cut through the 100-byte header, and a .shp that is not one.
    expect(codes(readShapefileParts({ name: 'x', shp: whole.slice(0, 60) }))).toEqual(['shp-truncated']);
    expect(
      codes(
        readShapefileParts({
          name: 'x',
          shp: new TextEncoder().encode(
            'not a shapefile at all, just some text to fill up the header bytes '.repeat(3),
          ),
        }),
      ),
    ).toEqual(['shp-bad-magic']);
  });

  it('reports garbage, a cut zip, an empty zip and a zip without .shp', () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    const g = readShapefileZip(garbage);
    expect(g.sites).toEqual([]);
    expect(errors(g)[0]!.code).toBe('zip-corrupt');
    const whole = fixture('zz_sites_4547.zip');
    expect(errors(readShapefileZip(whole.slice(0, whole.length >> 1)))[0]!.code).toBe('zip-corrupt');
    expect(errors(readShapefileZip(new Uint8Array(0)))[0]!.code).toBe('zip-corrupt');
    const empty = readShapefileZip(zipSync({}));
    expect(codes(empty)).toEqual(['no-shp']);
    expect(
      codes(readShapefileZip(zipSync({ 'readme.txt': new TextEncoder().encode('hi'), 'folder/': new Uint8Array(0) }))),
    ).toEqual(['no-shp']);
  });
});

describe('fuzz', () => {
  function rng(seed: number) {
    return () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  }

  function mutate(b: Uint8Array, r: () => number): Uint8Array {
    const k = Math.floor(r() * 3);
    if (k === 0) {
      const out = b.slice();
      const flips = 1 + Math.floor(r() * 8);
      for (let i = 0; i < flips; i++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
      return out;
    }
    if (k === 1) return b.slice(0, Math.floor(r() * b.length));
    const at = Math.floor(r() * b.length);
    const ins = new Uint8Array(1 + Math.floor(r() * 16)).map(() => Math.floor(r() * 256));
    return new Uint8Array([...b.subarray(0, at), ...ins, ...b.subarray(at)]);
  }

  function wellFormed(res: ImportResult) {
    expect(res.format).toBe('shapefile');
    expect(Array.isArray(res.sites) && Array.isArray(res.issues)).toBe(true);
    expect(res.sites.length + res.issues.length).toBeGreaterThan(0);
    for (const i of res.issues) expect(i.message.zh && i.message.en && i.code).toBeTruthy();
    for (const s of res.sites) expect(JSON.stringify(s.geometry)).not.toMatch(/null|NaN|Infinity/);
  }

  const files = ['zz_sites_4547.zip', 'gbk_dbf.zip', 'gbk_dbf_nocpg.zip', 'no_prj_prefixed.zip'];

  it('survives 2,000 mutations of the fixture zips', () => {
    const r = rng(20260115);
    for (let i = 0; i < 2000; i++) {
      const bytes = mutate(fixture(files[i % files.length]!), r);
      let res: ImportResult | undefined;
      expect(() => (res = readShapefileZip(bytes))).not.toThrow();
      wellFormed(res!);
    }
  });

  it('survives 1,000 mutations of the .shp/.dbf/.prj/.cpg inside them (re-zipped, so the parsers see them)', () => {
    const r = rng(4547);
    const unpacked = files.map(inner);
    for (let i = 0; i < 1000; i++) {
      const entries = new Map(unpacked[i % unpacked.length]!);
      const names = [...entries.keys()];
      const victim = names[Math.floor(r() * names.length)]!;
      entries.set(victim, mutate(entries.get(victim)!, r));
      let res: ImportResult | undefined;
      const zipped = zipSync(Object.fromEntries(entries));
      expect(() => (res = readShapefileZip(zipped))).not.toThrow();
      wellFormed(res!);
    }
  });
});
