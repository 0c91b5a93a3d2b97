// Which Noto Sans SC file (OFL, from @fontsource/noto-sans-sc) holds a character. The font comes in ~100 files per weight, split
// by Unicode range; a report embeds subsets of only the files its text needs.

import unicode from '@fontsource/noto-sans-sc/unicode.json';
import { unzlibSync } from 'fflate';

export type Weight = 400 | 700;

/** Reads one font file by name (e.g. noto-sans-sc-105-400-normal.woff): fetch in the browser, the package folder in Node. */
export type FontFiles = (file: string) => Promise<Uint8Array>;

let table: Map<number, string> | null = null;

/** Code point → file key; the files' ranges overlap a little (Latin punctuation), so the first file listed wins. */
function lookup(): Map<number, string> {
  if (table) return table;
  table = new Map();
  for (const [name, ranges] of Object.entries(unicode as Record<string, string>)) {
    const key = name.replace(/[[\]]/g, '');
    for (const r of ranges.split(',')) {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
      const from = parseInt(a!, 16);
      const to = b ? parseInt(b, 16) : from;
      for (let cp = from; cp <= to; cp++) if (!table.has(cp)) table.set(cp, key);
    }
  }
  return table;
}

/** The file key (e.g. "105", "latin") holding a code point, or null when the font has no glyph for it. */
export function fontKeyOf(cp: number): string | null {
  return lookup().get(cp) ?? null;
}

export const fontFileName = (key: string, weight: Weight) => `noto-sans-sc-${key}-${weight}-normal.woff`;

/** Only these names are ever requested, so a loader may refuse anything else. */
export const FONT_FILE_PATTERN = /^noto-sans-sc-[a-z0-9-]+-(400|700)-normal\.woff$/;

/**
 * WOFF 1.0 → plain sfnt (TrueType/OpenType) bytes. The font library's own inflater rejects some of these files' zlib streams
 * (the cmap of file 101, for one), so tables are inflated here with fflate and handed over uncompressed.
 */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const v = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (woff.byteLength < 44 || v.getUint32(0) !== 0x774f4646) throw new Error('not a WOFF font');
  const flavor = v.getUint32(4);
  const n = v.getUint16(12);
  if (woff.byteLength < 44 + n * 20) throw new Error('truncated WOFF table directory');
  const tables: { tag: number; checksum: number; data: Uint8Array }[] = [];
  for (let i = 0; i < n; i++) {
    const e = 44 + i * 20;
    const tag = v.getUint32(e),
      offset = v.getUint32(e + 4),
      compLength = v.getUint32(e + 8),
      origLength = v.getUint32(e + 12),
      checksum = v.getUint32(e + 16);
    if (offset + compLength > woff.byteLength) throw new Error('truncated WOFF table');
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? unzlibSync(raw, { out: new Uint8Array(origLength) }) : raw;
    if (data.byteLength !== origLength) throw new Error('WOFF table length mismatch');
    tables.push({ tag, checksum, data });
  }
  const pad = (x: number) => (x + 3) & ~3;
  const size = 12 + n * 16 + tables.reduce((s, t) => s + pad(t.data.byteLength), 0);
  const out = new Uint8Array(size);
  const o = new DataView(out.buffer);
  const entrySelector = Math.floor(Math.log2(n));
  o.setUint32(0, flavor);
  o.setUint16(4, n);
  o.setUint16(6, 16 * 2 ** entrySelector);
  o.setUint16(8, entrySelector);
  o.setUint16(10, n * 16 - 16 * 2 ** entrySelector);
  let at = 12 + n * 16;
  tables.forEach((t, i) => {
    const e = 12 + i * 16;
    o.setUint32(e, t.tag);
    o.setUint32(e + 4, t.checksum);
    o.setUint32(e + 8, at);
    o.setUint32(e + 12, t.data.byteLength);
    out.set(t.data, at);
    at += pad(t.data.byteLength);
  });
  return out;
}
