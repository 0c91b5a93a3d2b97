// Fuzzing the text importers: 2,000 mutations of each KML, KMZ and DXF fixture, none of which may throw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCrs } from '../../src/lib/geo/crs';
import { decodeText } from '../../src/lib/io/decodeText';
import { readDxf } from '../../src/lib/io/dxf';
import { readKml, readKmz } from '../../src/lib/io/kml';
import type { ImportResult } from '../../src/lib/io/types';

const dir = join(__dirname, '../fixtures/io');
const bytes = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const text = (f: string) => decodeText(bytes(f)).text;

/** A reproducible generator (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const KML_TAGS = [
  '<Placemark>',
  '</Placemark>',
  '<Folder>',
  '</Document>',
  '<Polygon>',
  '<outerBoundaryIs><LinearRing><coordinates>',
  '</coordinates>',
  '<MultiGeometry>',
  '<gx:Track>',
  '<gx:coord>1e999 NaN</gx:coord>',
  '<![CDATA[',
  ']]>',
  '<!DOCTYPE x>',
  '&amp;',
  '&nbsp;',
  '<x:y>',
  '<?xml version="1.0"?>',
  '<coordinates>181,91 -,- 1,2,3,4</coordinates>',
];
const DXF_TAGS = [
  '0\nLWPOLYLINE',
  '0\nSECTION',
  '0\nENDSEC',
  '2\nENTITIES',
  '0\nPOLYLINE',
  '0\nVERTEX',
  '0\nSEQEND',
  '0\nEOF',
  '42\n1e300',
  '42\n-1',
  '10\nNaN',
  '20\n1e308',
  '40\n-5',
  '70\n65',
  '230\n-1',
  '210\n0.7',
  '0\nCIRCLE\n10\n0\n20\n0\n40\n1e12',
  '0\nARC',
  '999\ncomment',
  'x\ny',
];
const NOISE = ['<', '>', '&', '"', ',', ' ', '\n', '\r', '0', '9', '-', '.', 'e', '郑', '\u0000', '\uFFFD'];

function mutate(s: string, rand: () => number, tags: string[]): string {
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)]!;
  const at = () => Math.floor(rand() * (s.length + 1));
  const rounds = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < rounds; k++) {
    const lines = s.split('\n');
    const li = Math.floor(rand() * lines.length);
    switch (Math.floor(rand() * 5)) {
      case 0:
        s = s.slice(0, at());
        break;
      case 1: {
        const chars = [...s];
        for (let n = 1 + Math.floor(rand() * 8); n > 0 && chars.length; n--)
          chars[Math.floor(rand() * chars.length)] = pick(NOISE);
        s = chars.join('');
        break;
      }
      case 2:
        lines.splice(li, 0, ...lines.slice(li, li + 1 + Math.floor(rand() * 4)));
        s = lines.join('\n');
        break;
      case 3:
        lines.splice(li, 1 + Math.floor(rand() * 3));
        s = lines.join('\n');
        break;
      default: {
        const p = at();
        s = s.slice(0, p) + pick(tags) + s.slice(p);
      }
    }
  }
  return s;
}

function mutateBytes(b: Uint8Array, rand: () => number): Uint8Array {
  const out = Array.from(b);
  switch (Math.floor(rand() * 4)) {
    case 0:
      return new Uint8Array(out.slice(0, Math.floor(rand() * out.length)));
    case 1:
      for (let n = 1 + Math.floor(rand() * 8); n > 0; n--)
        out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256);
      return new Uint8Array(out);
    case 2: {
      const p = Math.floor(rand() * out.length);
      out.splice(p, 0, ...out.slice(Math.floor(rand() * out.length), Math.floor(rand() * out.length)));
      return new Uint8Array(out);
    }
    default: {
      const p = Math.floor(rand() * out.length);
      out.splice(
        p,
        Math.floor(rand() * 16),
        ...Array.from({ length: Math.floor(rand() * 16) }, () => Math.floor(rand() * 256)),
      );
      return new Uint8Array(out);
    }
  }
}

function wellFormed(r: ImportResult) {
  expect(typeof r.format).toBe('string');
  expect(Array.isArray(r.sites) && Array.isArray(r.issues)).toBe(true);
  if (r.sites.length) expect(r.crs).not.toBeNull();
  for (const i of r.issues) {
    if (!(
      typeof i.code === 'string' &&
      typeof i.message.zh === 'string' &&
      typeof i.message.en === 'string' &&
      (i.severity === 'error' || i.severity === 'warning')
    ))
      throw new Error(`bad issue ${JSON.stringify(i)}`);
  }
  for (const s of r.sites) {
    const flat = JSON.stringify(s.geometry);
    if (flat.includes('null')) throw new Error(`non-finite coordinate in ${s.id}`);
  }
}

describe('fuzz: 2,000 mutations of each fixture never throw', () => {
  const N = 2000;
  const texts: [string, (t: string, i: number) => ImportResult, string[]][] = [
    ['ovital_phone.kml', (t) => readKml(t), KML_TAGS],
    ['truncated.kml', (t) => readKml(t), KML_TAGS],
    ['entities.kml', (t) => readKml(t), KML_TAGS],
    ['site_4547.dxf', (t, i) => readDxf(t, i % 2 ? { crs: parseCrs('EPSG:4547') } : {}), DXF_TAGS],
    ['site_4526.dxf', (t, i) => readDxf(t, i % 3 === 0 ? { crs: parseCrs('cgcs2000') } : {}), DXF_TAGS],
  ];
  it.each(texts)('%s', (file, reader, tags) => {
    const src = text(file).replace(/\r\n/g, '\n');
    const rand = prng(file.length * 7919);
    const t0 = performance.now();
    let withSites = 0;
    for (let i = 0; i < N; i++) {
      const r = reader(mutate(src, rand, tags), i);
      wellFormed(r);
      if (r.sites.length) withSites++;
    }
    const ms = performance.now() - t0;
    console.log(`fuzz ${file}: ${N} mutations in ${ms.toFixed(0)} ms, ${withSites} still yielded sites`);
  });

  it('google_earth.kmz (bytes)', () => {
    const src = bytes('google_earth.kmz');
    const rand = prng(4242);
    const t0 = performance.now();
    let withSites = 0;
    for (let i = 0; i < N; i++) {
      const r = readKmz(mutateBytes(src, rand));
      wellFormed(r);
      if (r.sites.length) withSites++;
    }
    const ms = performance.now() - t0;
    console.log(`fuzz google_earth.kmz: ${N} mutations in ${ms.toFixed(0)} ms, ${withSites} still yielded sites`);
  });
});
