// The 国土 TXT 界址点 reader against PROJ reference values, with every zone convention and every defect a surveyor meets.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needs } from './support/needs';
import { readGuotuTxt } from '../../src/lib/io/guotuTxt';
import { crsLabel, parseCrs } from '../../src/lib/geo/crs';
import { areaM2 } from '../../src/lib/geo/ellipsoid';
import { centroid, metres } from './support/measure';
import { rng } from '../../scripts/oracle/generate';

const dir = join(__dirname, '../fixtures/io');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
const reference = JSON.parse(read('reference-txt.json')) as {
  file: string;
  id: string;
  areaM2: number;
  centroid: [number, number];
  holes: number;
}[];
const codes = (r: ReturnType<typeof readGuotuTxt>) => r.issues.map((i) => `${i.severity}:${i.code}`);

function agrees(file: string, r: ReturnType<typeof readGuotuTxt>) {
  for (const ref of reference.filter((x) => x.file === file)) {
    const site = r.sites.find((s) => s.id === ref.id)!;
    expect(site, `${file} ${ref.id}`).toBeDefined();
    expect(Math.abs(areaM2(site.geometry) / ref.areaM2 - 1), `${file} area`).toBeLessThan(0.001);
    expect(metres(centroid(site.geometry), ref.centroid), `${file} centroid`).toBeLessThan(1);
    expect(site.geometry.type === 'Polygon' && site.geometry.coordinates.length - 1).toBe(ref.holes);
  }
}

describe('国土 TXT 界址点', () => {
  it.each([
    ['txt-zone38-prefixed.txt', 'EPSG:4526'],
    ['txt-zone38-plain.txt', 'EPSG:4547'],
    ['txt-6deg-zone19.txt', 'EPSG:4497'],
    ['txt-jiyuan-zone37.txt', 'EPSG:4525'],
  ])('%s reads in %s and agrees with PROJ (area within 0.1 percent, centroid within 1 m)', (file, epsg) => {
    const r = readGuotuTxt(read(file));
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(crsLabel(r.crs!)).toBe(epsg);
    agrees(file, r);
  });

  it('reads several parcels, holes (圈号 2) and the declared area', () => {
    const r = readGuotuTxt(read('txt-zone38-prefixed.txt'));
    expect(r.sites.map((s) => [s.id, s.name])).toEqual([
      ['410102001', '中原区测试地块'],
      ['410105002', '金水区测试地块'],
    ]);
    expect(r.sites[0]!.declaredAreaM2).toBeGreaterThan(100_000);
    expect(codes(r)).toEqual([]);
  });

  it('asks for the zone when eastings carry no prefix and the header no 带号, and reads with the zone given', () => {
    const r = readGuotuTxt(read('txt-zone38-plain-nozone.txt'));
    expect(codes(r)).toEqual(['error:crs-required']);
    expect(r.issues[0]!.message.zh).toMatch(/请选择坐标系/);
    const ok = readGuotuTxt(read('txt-zone38-plain-nozone.txt'), parseCrs('EPSG:4547'));
    expect(crsLabel(ok.crs!)).toBe('EPSG:4547');
    agrees('txt-zone38-plain-nozone.txt', ok);
    expect(codes(readGuotuTxt(read('txt-zone38-plain-nozone.txt'), parseCrs('EPSG:4526')))).toEqual([
      'error:prefix-mismatch',
    ]);
  });

  it('swaps X/Y back and closes an unclosed ring, saying so', () => {
    const r = readGuotuTxt(read('txt-swapped-unclosed.txt'));
    expect(codes(r)).toEqual(['warning:swapped-xy', 'warning:ring-closed', 'warning:ring-closed']);
    agrees('txt-swapped-unclosed.txt', r);
  });

  it('reports a declared area that disagrees with the coordinates', () => {
    const r = readGuotuTxt(read('txt-area-mismatch.txt'));
    expect(codes(r)).toEqual(['warning:area-mismatch']);
    expect(r.issues[0]!.message.en).toMatch(/declares .* ha but its coordinates enclose/);
  });

  const real = join(__dirname, '../../../shared/realdata/jiezhidian-txt/longjie_testfile_zone35_guotu.txt');
  it.runIf(needs('../shared/realdata/jiezhidian-txt', existsSync(real)))(
    'reads the real third-party file (zone 35 from the easting prefix, 带号 empty, 分带=3度带)',
    () => {
      const r = readGuotuTxt(readFileSync(real, 'utf8'));
      expect(crsLabel(r.crs!)).toBe('EPSG:4523');
      expect(r.sites).toHaveLength(1);
      expect(areaM2(r.sites[0]!.geometry)).toBeGreaterThan(460);
      expect(areaM2(r.sites[0]!.geometry)).toBeLessThan(472);
      expect(metres(centroid(r.sites[0]!.geometry), [105.219, 25.618])).toBeLessThan(150);
    },
  );

  it('gives clear errors for empty, foreign, truncated and inconsistent files', () => {
    expect(codes(readGuotuTxt(''))).toEqual(['error:no-parcels']);
    expect(codes(readGuotuTxt('hello world'))).toEqual(['error:no-parcels']);
    const lines = read('txt-zone38-prefixed.txt').split(/\r?\n/);
    expect(codes(readGuotuTxt(lines.slice(0, 30).join('\n')))).toContain('warning:point-count');
    expect(codes(readGuotuTxt('[地块坐标]\nJ1,1,3848032.563,38465449.686'))).toEqual([
      'error:vertex-before-parcel',
      'error:no-parcels',
    ]);
    const mixed = read('txt-zone38-prefixed.txt').replace(
      'J2,1,3848105.528,38465482.799',
      'J2,1,3848105.528,37465482.799',
    );
    expect(codes(readGuotuTxt(mixed))).toContain('error:mixed-zones');
    expect(codes(readGuotuTxt(read('txt-zone38-plain.txt').replace('带号=38', '带号=99')))).toEqual(['error:bad-zone']);
    expect(codes(readGuotuTxt('[地块坐标]\n3,,1,a,面,,,,@\nJ1,1,1.5,2.5\nJ2,1,3,4\nJ3,1,1.5,2.5'))).toEqual([
      'error:not-gauss-kruger',
    ]);
  });

  it('survives 3,000 mutated files: no exception, always a result', () => {
    const base = read('txt-zone38-prefixed.txt');
    const r = rng(99);
    const pick = (s: string) => Math.floor(r() * s.length);
    for (let k = 0; k < 3000; k++) {
      let s = base;
      for (let m = 0; m < 1 + Math.floor(r() * 4); m++) {
        const op = r();
        const at = pick(s);
        if (op < 0.3) s = s.slice(0, at);
        else if (op < 0.6) s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x9fff)) + s.slice(at + 1);
        else if (op < 0.8) s = s.slice(0, at) + s.slice(at, at + 200) + s.slice(at);
        else
          s =
            s.slice(0, at) +
            ['\n', ',', '[地块坐标]', '@', 'J9,x,', '-1e308', 'NaN'][Math.floor(r() * 7)] +
            s.slice(at);
      }
      const out = readGuotuTxt(s);
      expect(Array.isArray(out.sites) && Array.isArray(out.issues)).toBe(true);
      for (const site of out.sites) expect(site.geometry).toBeTruthy();
    }
  });
});
