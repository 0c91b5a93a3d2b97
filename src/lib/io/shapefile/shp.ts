// The .shp: its header and records, read into raw shapes (points, parts), with the records it cannot read named.

import { issue, type ImportIssue } from '../types';

export type XY = [number, number];

export type RawShape =
  | { kind: 'point'; points: XY[] }
  | { kind: 'multipoint'; points: XY[] }
  | { kind: 'line'; parts: XY[][] }
  | { kind: 'polygon'; parts: XY[][] };

export interface RawRecord {
  /** 1-based position in the .shp, which is also the row of the .dbf that describes it. */
  n: number;
  shape: RawShape;
}

export type Text2 = { zh: string; en: string };

export const KIND: Record<number, RawShape['kind']> = {
  1: 'point',
  11: 'point',
  21: 'point',
  8: 'multipoint',
  18: 'multipoint',
  28: 'multipoint',
};
for (const t of [3, 13, 23]) KIND[t] = 'line';
for (const t of [5, 15, 25]) KIND[t] = 'polygon';

/** "records 3, 7, 9" in both languages, at most 10 listed. */
export function recordList(ns: number[]): Text2 {
  const shown = ns.slice(0, 10).join(ns.length > 1 ? '、' : '');
  const more = ns.length > 10 ? ` 等 ${ns.length} 条` : '';
  const moreEn = ns.length > 10 ? ` and ${ns.length - 10} more` : '';
  return {
    zh: `第 ${shown} 条记录${more}`,
    en: `record${ns.length > 1 ? 's' : ''} ${ns.slice(0, 10).join(', ')}${moreEn}`,
  };
}

// ---------------------------------------------------------------------------------------------
// .shp

export function readShape(dv: DataView, at: number, len: number): { shape: RawShape | null } | Text2 {
  const type = dv.getInt32(at, true);
  if (type === 0) return { shape: null };
  const kind = KIND[type];
  if (!kind)
    return {
      zh: `几何类型 ${type} 不受支持（仅支持点、线、面、多点及其 Z/M 类型）`,
      en: `shape type ${type} is not supported (only points, lines, polygons, multipoints and their Z/M variants)`,
    };
  const short = { zh: `记录内容太短，不足以容纳 ${kind} 几何`, en: `the record is too short to hold a ${kind} shape` };
  const xy = (o: number): XY => [dv.getFloat64(o, true), dv.getFloat64(o + 8, true)];
  const finite = (pts: XY[]) => pts.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const notFinite = {
    zh: '坐标不是有限数值（NaN 或无穷大）',
    en: 'a coordinate is not a finite number (NaN or infinity)',
  };
  if (kind === 'point') {
    if (len < 20) return short;
    const p = xy(at + 4);
    return finite([p]) ? { shape: { kind, points: [p] } } : notFinite;
  }
  if (len < 40) return short;
  if (kind === 'multipoint') {
    const n = dv.getInt32(at + 36, true);
    if (n < 0 || 40 + 16 * n > len)
      return { zh: `点数 ${n} 与记录长度不符`, en: `its point count ${n} does not fit the record length` };
    const points: XY[] = [];
    for (let i = 0; i < n; i++) points.push(xy(at + 40 + 16 * i));
    return finite(points) ? { shape: points.length ? { kind, points } : null } : notFinite;
  }
  if (len < 44) return short;
  const np = dv.getInt32(at + 36, true);
  const n = dv.getInt32(at + 40, true);
  if (np < 0 || n < 0 || 44 + 4 * np + 16 * n > len)
    return {
      zh: `部分数 ${np}、点数 ${n} 与记录长度不符`,
      en: `its part count ${np} and point count ${n} do not fit the record length`,
    };
  if (n === 0) return { shape: null };
  const starts: number[] = [];
  for (let i = 0; i < np; i++) {
    const s = dv.getInt32(at + 44 + 4 * i, true);
    if (s < 0 || s >= n || (i === 0 && s !== 0) || (i > 0 && s <= starts[i - 1]!))
      return { zh: `第 ${i + 1} 部分的起点索引 ${s} 无效`, en: `part ${i + 1} starts at an invalid point index ${s}` };
    starts.push(s);
  }
  if (!starts.length) return { zh: '有点但没有部分', en: 'it has points but no parts' };
  const base = at + 44 + 4 * np;
  const parts: XY[][] = [];
  for (let i = 0; i < np; i++) {
    const part: XY[] = [];
    for (let k = starts[i]!; k < (starts[i + 1] ?? n); k++) part.push(xy(base + 16 * k));
    if (!finite(part)) return notFinite;
    parts.push(part);
  }
  return { shape: { kind, parts } };
}

/** The .shp's readable records and how many records it has, or null (with an error) when its header is unusable. */
export function readShp(
  file: string,
  bytes: Uint8Array,
  issues: ImportIssue[],
): { records: RawRecord[]; count: number } | null {
  if (bytes.length < 100) {
    issues.push(
      issue(
        'error',
        'shp-truncated',
        `${file} 只有 ${bytes.length} 字节，不足 100 字节的文件头：文件不完整`,
        `${file} has only ${bytes.length} bytes, less than its 100-byte header: the file is incomplete`,
      ),
    );
    return null;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getInt32(0, false);
  if (magic !== 9994) {
    issues.push(
      issue(
        'error',
        'shp-bad-magic',
        `${file} 不是 shapefile 几何文件（文件头标识应为 9994，实为 ${magic}）`,
        `${file} is not a shapefile (its file code should be 9994, it is ${magic})`,
      ),
    );
    return null;
  }
  const declared = dv.getInt32(24, false) * 2;
  let end = bytes.length;
  if (declared >= 100 && declared < end) end = declared;
  const records: RawRecord[] = [];
  const nulls: number[] = [];
  const bad = new Map<string, { text: Text2; ns: number[] }>();
  let off = 100;
  let n = 0;
  let complete = 0;
  while (off < end) {
    n++;
    if (off + 8 > end) {
      if (bytes.subarray(off, end).some((b) => b !== 0))
        issues.push(
          issue(
            'error',
            'shp-truncated',
            `${file} 第 ${n} 条记录的记录头被截断（字节偏移 ${off}）：文件不完整`,
            `${file} record ${n}: its header is cut off at byte ${off}: the file is truncated`,
          ),
        );
      break;
    }
    const len = dv.getInt32(off + 4, false) * 2;
    if (len < 4) {
      issues.push(
        issue(
          'error',
          'shp-bad-record',
          `${file} 第 ${n} 条记录（字节偏移 ${off}）长度 ${len} 无效，其后的记录无法读取`,
          `${file} record ${n} (byte ${off}) has an invalid length ${len}; the records after it cannot be read`,
        ),
      );
      break;
    }
    if (off + 8 + len > end) {
      issues.push(
        issue(
          'error',
          'shp-truncated',
          `${file} 第 ${n} 条记录（字节偏移 ${off}，长 ${len} 字节）超出文件末尾：文件被截断，此后的记录丢失`,
          `${file} record ${n} (byte ${off}, ${len} bytes long) runs past the end of the file: the file is truncated and the records from here on are lost`,
        ),
      );
      break;
    }
    const r = readShape(dv, off + 8, len);
    complete = n;
    if ('shape' in r) {
      if (r.shape) records.push({ n, shape: r.shape });
      else nulls.push(n);
    } else {
      const entry = bad.get(r.en) ?? { text: r, ns: [] };
      entry.ns.push(n);
      bad.set(r.en, entry);
    }
    off += 8 + len;
  }
  if (declared > bytes.length && !issues.some((i) => i.code === 'shp-truncated'))
    issues.push(
      issue(
        'error',
        'shp-truncated',
        `${file} 文件头声明 ${declared} 字节，实有 ${bytes.length} 字节：第 ${complete} 条记录之后的内容丢失`,
        `${file} declares ${declared} bytes but has ${bytes.length}: whatever followed record ${complete} is lost`,
      ),
    );
  for (const { text, ns } of bad.values()) {
    const l = recordList(ns);
    issues.push(
      issue(
        'error',
        'shp-bad-record',
        `${file} ${l.zh}无法读取：${text.zh}`,
        `${file} ${l.en} cannot be read: ${text.en}`,
      ),
    );
  }
  if (nulls.length) {
    const l = recordList(nulls);
    issues.push(
      issue(
        'warning',
        'null-shape',
        `${file} ${l.zh}没有几何（空几何），已跳过`,
        `${file} ${l.en} ha${nulls.length > 1 ? 've' : 's'} no geometry (null shape); skipped`,
      ),
    );
  }
  return { records, count: complete };
}
