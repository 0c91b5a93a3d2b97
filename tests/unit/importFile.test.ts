// One entry for all site files: format detection by name and content, limits, and the same checks for every format.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/lib/io/importFile';
import { crsLabel, parseCrs } from '../../src/lib/geo/crs';

const dir = join(__dirname, '../fixtures/io');
const bytes = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const enc = (s: string) => new TextEncoder().encode(s);
const codes = (r: ReturnType<typeof importFile>) => r.issues.filter((i) => i.severity === 'error').map((i) => i.code);

describe('importFile', () => {
  it.each([
    ['txt-zone38-prefixed.txt', 'guotu-txt', 'EPSG:4526'],
    ['zz_sites_4547.zip', 'shapefile', 'EPSG:4547'],
    ['gbk_dbf.zip', 'shapefile', 'EPSG:4490'],
    ['ovital_phone.kml', 'kml', 'EPSG:4326'],
    ['google_earth.kmz', 'kml', 'EPSG:4326'],
  ])('recognises %s as %s in %s', (file, format, crs) => {
    const r = importFile(file, bytes(file));
    expect(codes(r)).toEqual([]);
    expect(r.format.slice(0, 2)).toBe(format.slice(0, 2));
    expect(crsLabel(r.crs!)).toBe(crs);
    expect(r.sites.length).toBeGreaterThan(0);
  });
  it('reads a DXF with the CRS the user gives, and asks for it otherwise', () => {
    expect(codes(importFile('site_4547.dxf', bytes('site_4547.dxf')))).toEqual(['crs-required']);
    const r = importFile('site_4547.dxf', bytes('site_4547.dxf'), { crs: parseCrs('EPSG:4547') });
    expect(codes(r)).toEqual([]);
    expect(r.sites.length).toBeGreaterThan(2);
  });
  it('detects by content when the name says nothing', () => {
    expect(importFile('upload', bytes('txt-zone38-prefixed.txt')).format).toBe('guotu-txt');
    expect(importFile('upload', enc('{"type":"Point","coordinates":[113.6,34.7]}')).format).toBe('geojson');
    expect(importFile('upload', bytes('zz_sites_4547.zip')).sites.length).toBeGreaterThan(0);
    expect(importFile('points.csv', enc('lon,lat\n113.6,34.7\n')).format).toBe('csv');
  });
  it('refuses empty, oversized, unknown, bare .shp, DWG and bomb files with a clear message', () => {
    expect(codes(importFile('a.geojson', new Uint8Array()))).toEqual(['empty-file']);
    const big = importFile('big.geojson', new Uint8Array(2048), { maxBytes: 1024 });
    expect(codes(big)).toEqual(['too-large']);
    expect(big.issues[0]!.message.en).toMatch(/limit is/);
    expect(codes(importFile('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47])))).toEqual(['unknown-format']);
    expect(codes(importFile('parcel.shp', new Uint8Array([0, 0, 0x27, 0x0a])))).toEqual(['need-zip']);
    expect(codes(importFile('plan.dwg', enc('AC1032 binary')))).toEqual(['dwg-unsupported']);
    expect(codes(importFile('bomb.zip', bytes('bomb.zip'))).length).toBe(1);
    expect(codes(importFile('traversal.zip', bytes('traversal.zip'))).length).toBe(1);
  });
  it('applies the same site checks to every format (here: a CSV with latitude first)', () => {
    const r = importFile('swapped.csv', enc('lon,lat\n34.76,113.62\n'));
    expect(r.issues.map((i) => i.code)).toContain('swapped-lonlat');
    expect((r.sites[0]!.geometry as { coordinates: number[] }).coordinates).toEqual([113.62, 34.76]);
  });
});
