// The .dbf: fields and records, decoded in the encoding the .cpg or the language driver names, else guessed (UTF-8 or GBK).

import { issue, type ImportIssue } from '../types';

export interface Dbf {
  fields: string[];
  /** Field values per row (0-based), or null for a row marked deleted. */
  rows: (Record<string, unknown> | null)[];
}

/** The TextDecoder label a .cpg names, or null when it names none we know. */
export function encodingFromCpg(cpg: string): string | null {
  const raw = cpg.trim();
  const k = raw.toUpperCase().replace(/[\s_-]/g, '');
  if (!k) return null;
  if (['UTF8', '65001', 'UNICODE'].includes(k)) return 'utf-8';
  if (['GBK', 'GB2312', '936', 'CP936', 'MS936', 'WINDOWS936', 'ANSI936', 'EUCCN', 'CHINESE'].includes(k)) return 'gbk';
  if (['GB18030', '54936'].includes(k)) return 'gb18030';
  if (['BIG5', '950', 'CP950', 'ANSI950'].includes(k)) return 'big5';
  if (['1252', 'CP1252', 'ANSI1252', 'WINDOWS1252', 'LATIN1', 'ISO88591', '88591'].includes(k)) return 'windows-1252';
  try {
    return new TextDecoder(raw).encoding;
  } catch {
    return null;
  }
}

/** The code page a dBASE language driver byte names, among those Chinese files use. */
export function encodingFromLdid(ldid: number): string | null {
  if (ldid === 0x4d || ldid === 0x7a) return 'gbk';
  if (ldid === 0x4f || ldid === 0x78) return 'big5';
  return null;
}

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The encoding of a .dbf's text: the .cpg, else the language driver byte, else UTF-8 when every byte is valid UTF-8,
 * else GBK (GB18030 as decoded). `end` bounds the bytes read for the guess.
 */
export function dbfEncoding(
  file: string,
  bytes: Uint8Array,
  cpg: string | undefined,
  issues: ImportIssue[],
  end = bytes.length,
): { label: string; how: 'cpg' | 'language-driver' | 'detected' } {
  if (cpg !== undefined && cpg.trim()) {
    const label = encodingFromCpg(cpg);
    if (label) return { label, how: 'cpg' };
    issues.push(
      issue(
        'warning',
        'unknown-cpg',
        `${file} 的 .cpg 编码“${cpg.trim().slice(0, 40)}”无法识别，已自动判断`,
        `the .cpg of ${file} names an unknown encoding "${cpg.trim().slice(0, 40)}"; guessed instead`,
      ),
    );
  }
  const ldid = bytes.length > 29 ? encodingFromLdid(bytes[29]!) : null;
  if (ldid) return { label: ldid, how: 'language-driver' };
  // The field names (11 bytes at the start of each 32-byte descriptor) and the records, not the binary parts.
  const headerLen = bytes.length >= 12 ? bytes[8]! | (bytes[9]! << 8) : bytes.length;
  const names: Uint8Array[] = [];
  for (let at = 32; at + 32 <= Math.min(headerLen, bytes.length) && bytes[at] !== 0x0d; at += 32)
    names.push(bytes.subarray(at, at + 11));
  const records = bytes.subarray(Math.min(headerLen, bytes.length), Math.min(end, bytes.length));
  if (isUtf8(records) && names.every(isUtf8)) return { label: 'utf-8', how: 'detected' };
  return { label: hasFourByteGb18030(records) ? 'gb18030' : 'gbk', how: 'detected' };
}

/**
 * Whether GBK-family bytes hold a four-byte GB18030 sequence (a character GBK lacks, e.g. CJK Extension A or B in a
 * place name): a lead byte followed by a digit, which no two-byte GBK character has as its second byte.
 */
export function hasFourByteGb18030(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b < 0x81 || b === 0xff) i++;
    else {
      const c = bytes[i + 1];
      if (c !== undefined && c >= 0x30 && c <= 0x39) {
        const d = bytes[i + 2];
        const e = bytes[i + 3];
        if (d !== undefined && d >= 0x81 && d <= 0xfe && e !== undefined && e >= 0x30 && e <= 0x39) return true;
        i++;
      } else i += 2;
    }
  }
  return false;
}

export function readDbf(file: string, bytes: Uint8Array, cpg: string | undefined, issues: ImportIssue[]): Dbf | null {
  const unreadable = (zh: string, en: string) => {
    issues.push(
      issue(
        'warning',
        'dbf-unreadable',
        `${file} 无法读取（${zh}），属性已忽略，名称用记录号`,
        `${file} cannot be read (${en}); attributes are ignored and records named by number`,
      ),
    );
    return null;
  };
  if (bytes.length < 33) return unreadable('文件太短', 'the file is too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = dv.getUint32(4, true);
  const headerLen = dv.getUint16(8, true);
  const recordLen = dv.getUint16(10, true);
  if (headerLen < 33 || headerLen > bytes.length)
    return unreadable(`文件头长度 ${headerLen} 无效`, `its header length ${headerLen} is invalid`);
  if (recordLen < 1) return unreadable(`记录长度 ${recordLen} 无效`, `its record length ${recordLen} is invalid`);

  const descs: { raw: Uint8Array; type: string; offset: number; length: number }[] = [];
  let offset = 1;
  for (let p = 32; p + 32 <= headerLen && bytes[p] !== 0x0d; p += 32) {
    const nameBytes = bytes.subarray(p, p + 11);
    const z = nameBytes.indexOf(0);
    const length = bytes[p + 16]!;
    descs.push({
      raw: z >= 0 ? nameBytes.subarray(0, z) : nameBytes,
      type: String.fromCharCode(bytes[p + 11]!).toUpperCase(),
      offset,
      length,
    });
    offset += length;
  }
  if (offset > recordLen)
    return unreadable(
      `字段总长 ${offset} 超过记录长度 ${recordLen}`,
      `its fields add up to ${offset} bytes, more than the record length ${recordLen}`,
    );

  const available = Math.floor((bytes.length - headerLen) / recordLen);
  const rowsToRead = Math.min(count, available);
  if (count > available)
    issues.push(
      issue(
        'warning',
        'dbf-truncated',
        `${file} 声明 ${count} 条记录，文件只容纳 ${available} 条：文件被截断`,
        `${file} declares ${count} records but holds only ${available}: the file is truncated`,
      ),
    );

  const enc = dbfEncoding(file, bytes, cpg, issues, headerLen + rowsToRead * recordLen);
  const label = enc.label;
  const decoder = new TextDecoder(label);
  const decode = (b: Uint8Array) => decoder.decode(b).replace(/\0/g, '').trim();

  const fields = descs.map((d, i) => decode(d.raw) || `FIELD_${i + 1}`);
  const rows: (Record<string, unknown> | null)[] = [];
  for (let r = 0; r < rowsToRead; r++) {
    const at = headerLen + r * recordLen;
    if (bytes[at] === 0x2a) {
      rows.push(null);
      continue;
    }
    const row: Record<string, unknown> = {};
    descs.forEach((d, i) => {
      const raw = bytes.subarray(at + d.offset, at + d.offset + d.length);
      row[fields[i]!] = fieldValue(d.type, raw, decode);
    });
    rows.push(row);
  }
  return { fields, rows };
}

export function fieldValue(type: string, raw: Uint8Array, decode: (b: Uint8Array) => string): unknown {
  const s = decode(raw);
  switch (type) {
    case 'N':
    case 'F': {
      if (!s || /^[*.]+$/.test(s)) return null;
      const v = Number(s);
      return Number.isFinite(v) ? v : s;
    }
    case 'L':
      return /^[TtYy]$/.test(s) ? true : /^[FfNn]$/.test(s) ? false : null;
    case 'D': {
      if (!s || /^0+$/.test(s)) return null;
      const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
      return m ? `${m[1]}-${m[2]}-${m[3]}` : s;
    }
    default:
      return s;
  }
}
