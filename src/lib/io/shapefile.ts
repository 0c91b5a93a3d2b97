// ESRI shapefile reader (.shp with .dbf/.prj/.cpg, loose or zipped): points, lines, polygons with holes and their Z/M variants, GBK or UTF-8 attributes, any CRS crs.ts knows.

import type { Geometry, Position } from 'geojson';
import { CGCS2000, crsFromPrj, gkCrs, toLonLat, zoneFromEasting, type Crs } from '../geo/crs';
import { decodeText } from './decodeText';
import { failure, issue, type ImportIssue, type ImportResult, type ImportedSite } from './types';
import { unzip } from './zip';

const FORMAT = 'shapefile';

export interface ShapefileParts {
  /** The layer's name (the file name without extension), used in messages. */
  name: string;
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

export interface ShapefileOptions {
  /** A CRS the user chose; wins over the .prj and over guessing. */
  crs?: Crs | null;
}

type XY = [number, number];

type RawShape = { kind: 'point'; points: XY[] } | { kind: 'multipoint'; points: XY[] } | { kind: 'line'; parts: XY[][] } | { kind: 'polygon'; parts: XY[][] };

interface RawRecord {
  /** 1-based position in the .shp, which is also the row of the .dbf that describes it. */
  n: number;
  shape: RawShape;
}

type Text2 = { zh: string; en: string };

const KIND: Record<number, RawShape['kind']> = { 1: 'point', 11: 'point', 21: 'point', 8: 'multipoint', 18: 'multipoint', 28: 'multipoint' };
for (const t of [3, 13, 23]) KIND[t] = 'line';
for (const t of [5, 15, 25]) KIND[t] = 'polygon';

/** "records 3, 7, 9" in both languages, at most 10 listed. */
function recordList(ns: number[]): Text2 {
  const shown = ns.slice(0, 10).join(ns.length > 1 ? '、' : '');
  const more = ns.length > 10 ? ` 等 ${ns.length} 条` : '';
  const moreEn = ns.length > 10 ? ` and ${ns.length - 10} more` : '';
  return { zh: `第 ${shown} 条记录${more}`, en: `record${ns.length > 1 ? 's' : ''} ${ns.slice(0, 10).join(', ')}${moreEn}` };
}

// ---------------------------------------------------------------------------------------------
// .shp

function readShape(dv: DataView, at: number, len: number): { shape: RawShape | null } | Text2 {
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
  const notFinite = { zh: '坐标不是有限数值（NaN 或无穷大）', en: 'a coordinate is not a finite number (NaN or infinity)' };
  if (kind === 'point') {
    if (len < 20) return short;
    const p = xy(at + 4);
    return finite([p]) ? { shape: { kind, points: [p] } } : notFinite;
  }
  if (len < 40) return short;
  if (kind === 'multipoint') {
    const n = dv.getInt32(at + 36, true);
    if (n < 0 || 40 + 16 * n > len) return { zh: `点数 ${n} 与记录长度不符`, en: `its point count ${n} does not fit the record length` };
    const points: XY[] = [];
    for (let i = 0; i < n; i++) points.push(xy(at + 40 + 16 * i));
    return finite(points) ? { shape: points.length ? { kind, points } : null } : notFinite;
  }
  if (len < 44) return short;
  const np = dv.getInt32(at + 36, true);
  const n = dv.getInt32(at + 40, true);
  if (np < 0 || n < 0 || 44 + 4 * np + 16 * n > len)
    return { zh: `部分数 ${np}、点数 ${n} 与记录长度不符`, en: `its part count ${np} and point count ${n} do not fit the record length` };
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
function readShp(file: string, bytes: Uint8Array, issues: ImportIssue[]): { records: RawRecord[]; count: number } | null {
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
    issues.push(issue('error', 'shp-bad-record', `${file} ${l.zh}无法读取：${text.zh}`, `${file} ${l.en} cannot be read: ${text.en}`));
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

// ---------------------------------------------------------------------------------------------
// .dbf

interface Dbf {
  fields: string[];
  /** Field values per row (0-based), or null for a row marked deleted. */
  rows: (Record<string, unknown> | null)[];
}

/** The TextDecoder label a .cpg names, or null when it names none we know. */
function encodingFromCpg(cpg: string): string | null {
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
function encodingFromLdid(ldid: number): string | null {
  if (ldid === 0x4d || ldid === 0x7a) return 'gbk';
  if (ldid === 0x4f || ldid === 0x78) return 'big5';
  return null;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function readDbf(file: string, bytes: Uint8Array, cpg: string | undefined, issues: ImportIssue[]): Dbf | null {
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
  if (headerLen < 33 || headerLen > bytes.length) return unreadable(`文件头长度 ${headerLen} 无效`, `its header length ${headerLen} is invalid`);
  if (recordLen < 1) return unreadable(`记录长度 ${recordLen} 无效`, `its record length ${recordLen} is invalid`);

  const descs: { raw: Uint8Array; type: string; offset: number; length: number }[] = [];
  let offset = 1;
  for (let p = 32; p + 32 <= headerLen && bytes[p] !== 0x0d; p += 32) {
    const nameBytes = bytes.subarray(p, p + 11);
    const z = nameBytes.indexOf(0);
    const length = bytes[p + 16]!;
    descs.push({ raw: z >= 0 ? nameBytes.subarray(0, z) : nameBytes, type: String.fromCharCode(bytes[p + 11]!).toUpperCase(), offset, length });
    offset += length;
  }
  if (offset > recordLen)
    return unreadable(`字段总长 ${offset} 超过记录长度 ${recordLen}`, `its fields add up to ${offset} bytes, more than the record length ${recordLen}`);

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

  // The encoding: the .cpg, else the language driver byte, else UTF-8 when every byte is valid UTF-8, else GBK.
  let label: string | null = null;
  if (cpg !== undefined && cpg.trim()) {
    label = encodingFromCpg(cpg);
    if (!label)
      issues.push(
        issue(
          'warning',
          'unknown-cpg',
          `${file} 的 .cpg 编码“${cpg.trim().slice(0, 40)}”无法识别，已自动判断`,
          `the .cpg of ${file} names an unknown encoding "${cpg.trim().slice(0, 40)}"; guessed instead`,
        ),
      );
  }
  label ??= encodingFromLdid(bytes[29]!);
  if (!label) {
    const text = bytes.subarray(headerLen, headerLen + rowsToRead * recordLen);
    label = isUtf8(text) && descs.every((d) => isUtf8(d.raw)) ? 'utf-8' : 'gbk';
  }
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

function fieldValue(type: string, raw: Uint8Array, decode: (b: Uint8Array) => string): unknown {
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

// ---------------------------------------------------------------------------------------------
// CRS

function prjName(prj: string): string {
  const m = /^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|COMPD_CS|COMPOUNDCRS)\s*\[\s*"([^"]*)"/i.exec(prj);
  return m ? m[1]! : prj.trim().slice(0, 60);
}

function* allPoints(records: RawRecord[]): Generator<XY> {
  for (const r of records) {
    if ('points' in r.shape) yield* r.shape.points;
    else for (const part of r.shape.parts) yield* part;
  }
}

/** Whether a coordinate can be in the CRS: lon/lat ranges, or the eastings of its Gauss-Krüger zone. */
function fits(crs: Crs, [x, y]: XY): boolean {
  if (crs.kind !== 'gk') return Math.abs(x) <= 180 && Math.abs(y) <= 90;
  if (y < 0 || y >= 10_000_000) return false;
  // Without the prefix an easting lies within a few hundred km of the 500 km false easting.
  return crs.prefixed ? zoneFromEasting(x)?.zone === crs.zone : x > 100_000 && x < 900_000;
}

function decideCrs(file: string, opts: ShapefileOptions, prj: string | undefined, records: RawRecord[], issues: ImportIssue[]): Crs | null {
  if (opts.crs) return opts.crs;
  if (prj !== undefined && prj.trim()) {
    const crs = crsFromPrj(prj);
    if (crs) return crs;
    const name = prjName(prj);
    issues.push(
      issue(
        'error',
        'unsupported-prj',
        `${file} 的 .prj 坐标系“${name}”不受支持（支持 WGS84、CGCS2000 经纬度及 CGCS2000 高斯-克吕格 3 度/6 度带）：请转换为 CGCS2000，或手动选择坐标系`,
        `the .prj of ${file} names a coordinate system "${name}" that is not supported (WGS 84, CGCS2000 geographic and CGCS2000 Gauss-Kruger 3°/6° zones are): convert it to CGCS2000 or choose the CRS by hand`,
      ),
    );
    return null;
  }
  let geographic = true;
  const zones = new Set<number | null>();
  let any = false;
  for (const [x, y] of allPoints(records)) {
    any = true;
    if (Math.abs(x) > 180 || Math.abs(y) > 90) geographic = false;
    zones.add(y >= 0 && y < 10_000_000 ? (zoneFromEasting(x)?.zone ?? null) : null);
  }
  if (!any) return null;
  if (geographic) {
    issues.push(
      issue(
        'warning',
        'no-prj-geographic',
        `${file} 缺少 .prj 坐标系文件：坐标看起来是经纬度，按 CGCS2000 经纬度（EPSG:4490）读取`,
        `${file} has no .prj: its coordinates look like longitude/latitude and were read as CGCS2000 geographic (EPSG:4490)`,
      ),
    );
    return CGCS2000;
  }
  const zone = zones.size === 1 ? [...zones][0] : null;
  const z = zone != null ? zoneFromEasting(zone * 1_000_000 + 500_000) : null;
  const crs = z ? gkCrs(z.width, z.zone, true) : null;
  if (crs) {
    issues.push(
      issue(
        'warning',
        'no-prj-guessed-zone',
        `${file} 缺少 .prj 坐标系文件：横坐标带带号 ${z!.zone}，按 ${crs.name} 读取，请核对`,
        `${file} has no .prj: its eastings carry the zone prefix ${z!.zone}, so they were read as ${crs.name}; please check`,
      ),
    );
    return crs;
  }
  issues.push(
    issue(
      'error',
      'crs-required',
      `${file} 缺少 .prj 坐标系文件，且无法从坐标判断坐标系：请选择坐标系（如郑州市区 CGCS2000 3 度带不带带号 EPSG:4547）`,
      `${file} has no .prj and its coordinates do not reveal the coordinate system: choose it (e.g. EPSG:4547, CGCS2000 3° Gauss-Kruger CM 114E without zone prefix, for Zhengzhou)`,
    ),
  );
  return null;
}

// ---------------------------------------------------------------------------------------------
// Geometry

function signedArea(ring: XY[] | Position[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}

function inRing(p: XY, ring: XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

interface Ring {
  pts: XY[];
  area: number;
  box: [number, number, number, number];
}

/** Whether ring a lies inside ring b: a majority of up to 9 of a's vertices (a touching vertex is outvoted). */
function ringInside(a: Ring, b: Ring): boolean {
  if (a.box[0] < b.box[0] || a.box[1] < b.box[1] || a.box[2] > b.box[2] || a.box[3] > b.box[3]) return false;
  const m = a.pts.length - 1;
  const step = Math.max(1, Math.floor(m / 9));
  let yes = 0;
  let votes = 0;
  for (let i = 0; i < m; i += step) {
    votes++;
    if (inRing(a.pts[i]!, b.pts)) yes++;
  }
  return yes * 2 > votes;
}

/**
 * Polygon parts as polygons (outer ring, then its holes), in the file's coordinates. Clockwise rings are
 * outer rings, counter-clockwise ones holes, each hole going to the smallest outer ring that contains it.
 * A file whose rings all run counter-clockwise (some writers ignore the rule) is read by nesting instead.
 */
function assemblePolygons(parts: XY[][], warn: (code: string, zh: string, en: string) => void): XY[][][] {
  const rings: Ring[] = [];
  let closed = false;
  let degenerate = 0;
  for (const part of parts) {
    const pts = part.slice();
    const a = pts[0]!;
    const b = pts[pts.length - 1]!;
    if (a[0] !== b[0] || a[1] !== b[1]) {
      pts.push([a[0], a[1]]);
      closed = true;
    }
    const area = signedArea(pts);
    if (pts.length < 4 || area === 0) {
      degenerate++;
      continue;
    }
    const box: Ring['box'] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of pts) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
    rings.push({ pts, area, box });
  }
  if (closed) warn('ring-closed', '有环首尾点不重合，已自动闭合', 'a ring was not closed; closed it');
  if (degenerate)
    warn('degenerate-ring', `${degenerate} 个环少于 3 个点或面积为零，已忽略`, `${degenerate} ring(s) with fewer than 3 points or no area were dropped`);

  let outers = rings.filter((r) => r.area < 0);
  let holes = rings.filter((r) => r.area > 0);
  if (!outers.length && holes.length) {
    warn(
      'ring-orientation',
      '所有环均为逆时针（不符合 shapefile 规范），已按嵌套关系区分外环与内环',
      'every ring runs counter-clockwise (against the shapefile rule); told outer rings from holes by nesting',
    );
    const depth = rings.map((r) => rings.filter((o) => o !== r && Math.abs(o.area) > Math.abs(r.area) && ringInside(r, o)).length);
    outers = rings.filter((_, i) => depth[i]! % 2 === 0);
    holes = rings.filter((_, i) => depth[i]! % 2 === 1);
  }
  const polys = new Map<Ring, Ring[]>(outers.map((o) => [o, []]));
  let orphans = 0;
  for (const h of holes) {
    let best: Ring | null = null;
    for (const o of outers) if (Math.abs(o.area) > Math.abs(h.area) && (!best || Math.abs(o.area) < Math.abs(best.area)) && ringInside(h, o)) best = o;
    if (best) polys.get(best)!.push(h);
    else {
      polys.set(h, []);
      orphans++;
    }
  }
  if (orphans)
    warn(
      'orphan-hole',
      `${orphans} 个内环（逆时针）不在任何外环内，已作为外环处理`,
      `${orphans} hole(s) (counter-clockwise rings) lie inside no outer ring; read them as outer rings`,
    );
  return [...polys.entries()].map(([o, hs]) => [o.pts, ...hs.map((h) => h.pts)]);
}

// ---------------------------------------------------------------------------------------------
// Sites

const ID_FIELDS = ['id', '编号', 'dkbh', 'bsm'];
const NAME_FIELDS = ['name', '名称', 'mc', 'dkmc', 'xmmc'];

function findField(fields: string[], candidates: string[]): string | null {
  for (const c of candidates) {
    const f = fields.find((x) => x.toLowerCase() === c);
    if (f !== undefined) return f;
  }
  return null;
}

function text(v: unknown): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/**
 * Reads one shapefile from its parts. The CRS is opts.crs, else the .prj's, else guessed from the
 * coordinates (lon/lat-looking numbers, or eastings with a zone prefix) with a warning; every coordinate
 * is converted to lon/lat. Record-level problems skip the record with an issue naming it; nothing throws.
 */
export function readShapefileParts(parts: ShapefileParts, opts: ShapefileOptions = {}): ImportResult {
  try {
    return readParts(parts, opts);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return failure(FORMAT, 'shp-unreadable', `无法读取 ${parts.name}：${why}`, `${parts.name} cannot be read: ${why}`);
  }
}

function readParts(parts: ShapefileParts, opts: ShapefileOptions): ImportResult {
  const layer = parts.name.replace(/\.shp$/i, '');
  const file = `${layer}.shp`;
  const issues: ImportIssue[] = [];
  const shp = readShp(file, parts.shp, issues);
  if (!shp) return { format: FORMAT, crs: null, sites: [], issues };
  const { records, count: total } = shp;

  const dbf = parts.dbf ? readDbf(`${layer}.dbf`, parts.dbf, parts.cpg, issues) : null;
  if (!parts.dbf)
    issues.push(
      issue('warning', 'no-dbf', `${file} 没有 .dbf 属性表：地块按记录号命名`, `${file} comes without its .dbf attribute table: records are named by number`),
    );
  if (dbf && dbf.rows.length !== total)
    issues.push(
      issue(
        'warning',
        'dbf-count-mismatch',
        `${layer}.dbf 有 ${dbf.rows.length} 条记录，${file} 有 ${total} 个几何：属性可能错位`,
        `${layer}.dbf has ${dbf.rows.length} records but ${file} has ${total} shapes: attributes may be misaligned`,
      ),
    );

  // Ids and names: the first id field whose values are unique, the first name field.
  const fields = dbf?.fields ?? [];
  const rows = dbf?.rows ?? [];
  const live = records.filter((r) => rows[r.n - 1] !== null);
  let idField: string | null = null;
  const tried: string[] = [];
  for (const c of ID_FIELDS) {
    const f = findField(fields, [c]);
    if (f === null) continue;
    const values = live.map((r) => text(rows[r.n - 1]?.[f])).filter((v) => v);
    if (values.length && new Set(values).size === values.length) {
      idField = f;
      break;
    }
    tried.push(f);
  }
  if (!idField && tried.length && live.length)
    issues.push(
      issue(
        'warning',
        'duplicate-ids',
        `${layer}.dbf 的编号字段 ${tried.join('、')} 有空值或重复值，地块改用记录号作编号`,
        `the id field ${tried.join(', ')} of ${layer}.dbf has empty or repeated values; records are numbered instead`,
      ),
    );
  const nameField = findField(fields, NAME_FIELDS);
  const deleted = records.filter((r) => rows[r.n - 1] === null).map((r) => r.n);
  if (deleted.length) {
    const l = recordList(deleted);
    issues.push(
      issue(
        'warning',
        'dbf-deleted',
        `${layer}.dbf 中${l.zh}已标记删除，已跳过`,
        `${l.en} of ${layer}.dbf ${deleted.length > 1 ? 'are' : 'is'} marked deleted; skipped`,
      ),
    );
  }

  if (!records.length) {
    issues.push(issue('warning', 'empty-layer', `${file} 中没有可读的几何`, `${file} holds no readable shapes`));
    return { format: FORMAT, crs: opts.crs ?? (parts.prj ? crsFromPrj(parts.prj) : null), sites: [], issues };
  }
  const crs = decideCrs(file, opts, parts.prj, live, issues);
  if (!crs) return { format: FORMAT, crs: null, sites: [], issues };

  // Coordinates that cannot be in the CRS: a wrong .prj, a wrong choice, or a stray record.
  const misfits = live.filter((r) => {
    for (const p of allPoints([r])) if (!fits(crs, p)) return true;
    return false;
  });
  if (misfits.length) {
    const first = allPoints(misfits.slice(0, 1)).next().value!;
    const where = misfits.length === live.length ? { zh: '所有记录', en: 'every record' } : recordList(misfits.map((r) => r.n));
    issues.push(
      issue(
        'error',
        'crs-mismatch',
        `${file} ${where.zh}的坐标（如 ${first[0]}, ${first[1]}）不在坐标系 ${crs.name} 的范围内：请核对 .prj 或重新选择坐标系${misfits.length < live.length ? '；这些记录已跳过' : ''}`,
        `${file}: the coordinates of ${where.en} (e.g. ${first[0]}, ${first[1]}) cannot be in ${crs.name}: check the .prj or choose another CRS${misfits.length < live.length ? '; those records were skipped' : ''}`,
      ),
    );
    if (misfits.length === live.length) return { format: FORMAT, crs: null, sites: [], issues };
  }
  const misfit = new Set(misfits);

  const sites: ImportedSite[] = [];
  const project = (ring: XY[]): Position[] => ring.map(([x, y]) => toLonLat(crs, x, y));
  const used = new Set<string>();
  for (const r of live) {
    if (misfit.has(r)) continue;
    const row = rows[r.n - 1] ?? {};
    let id = (idField && text(row[idField])) || String(r.n);
    // A record number can collide with another record's id value.
    if (used.has(id)) id = `${id}#${r.n}`;
    used.add(id);
    const name = (nameField && text(row[nameField])) || id;
    const label: Text2 = { zh: `${file} 第 ${r.n} 条记录（${id}）`, en: `${file} record ${r.n} (${id})` };
    const warn = (code: string, zh: string, en: string) => issues.push(issue('warning', code, `${label.zh}：${zh}`, `${label.en}: ${en}`, { site: id }));
    let geometry: Geometry | null = null;
    const s = r.shape;
    if (s.kind === 'point') geometry = { type: 'Point', coordinates: toLonLat(crs, s.points[0]![0], s.points[0]![1]) };
    else if (s.kind === 'multipoint') geometry = { type: 'MultiPoint', coordinates: project(s.points) };
    else if (s.kind === 'line') {
      const lines = s.parts.filter((p) => p.length >= 2).map(project);
      if (lines.length < s.parts.length) warn('short-line-part', '有少于 2 个点的线段部分，已忽略', 'a part with fewer than 2 points was dropped');
      if (lines.length) geometry = lines.length === 1 ? { type: 'LineString', coordinates: lines[0]! } : { type: 'MultiLineString', coordinates: lines };
    } else {
      // RFC 7946: outer rings counter-clockwise, holes clockwise.
      const polys = assemblePolygons(s.parts, warn).map((poly) =>
        poly.map((ring, k) => {
          const ll = project(ring);
          return (k === 0) === signedArea(ll) < 0 ? ll.reverse() : ll;
        }),
      );
      if (polys.length) geometry = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
    }
    if (!geometry) {
      issues.push(issue('error', 'empty-geometry', `${label.zh}：几何无有效部分，已跳过`, `${label.en}: the shape has no usable part; skipped`, { site: id }));
      continue;
    }
    sites.push({ id, name, geometry, properties: { ...row } });
  }
  return { format: FORMAT, crs, sites, issues };
}

/**
 * Reads the shapefiles in a .zip (found by extension, in any folder; several layers are all read, their
 * site ids prefixed with the layer name). The archive is unpacked with zip-bomb limits first.
 */
export function readShapefileZip(bytes: Uint8Array, opts: ShapefileOptions = {}): ImportResult {
  try {
    return readZip(bytes, opts);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return failure(FORMAT, 'shp-unreadable', `无法读取压缩包：${why}`, `the archive cannot be read: ${why}`);
  }
}

function readZip(bytes: Uint8Array, opts: ShapefileOptions): ImportResult {
  const z = unzip(bytes);
  if (!z.ok) return failure(FORMAT, z.code, z.message.zh, z.message.en);
  return readShapefileEntries(z.files, opts);
}

/** Reads the shapefiles among an archive's entries, already inflated (by `unzip`, whose limits refused bombs). */
export function readShapefileEntries(entries: Map<string, Uint8Array>, opts: ShapefileOptions = {}): ImportResult {
  try {
    return readEntries(entries, opts);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return failure(FORMAT, 'shp-unreadable', `无法读取压缩包：${why}`, `the archive cannot be read: ${why}`);
  }
}

function readEntries(entries: Map<string, Uint8Array>, opts: ShapefileOptions): ImportResult {
  const groups = new Map<string, { stem: string; files: Map<string, Uint8Array> }>();
  for (const [path, data] of entries) {
    const m = /^(.*)\.([^./]+)$/.exec(path);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const g = groups.get(key) ?? { stem: m[1]!, files: new Map<string, Uint8Array>() };
    g.files.set(m[2]!.toLowerCase(), data);
    groups.set(key, g);
  }
  const layers = [...groups.values()].filter((g) => g.files.has('shp'));
  if (!layers.length) {
    const names = [...entries.keys()].slice(0, 5).join('、');
    return failure(
      FORMAT,
      'no-shp',
      `压缩包中没有 .shp 文件${names ? `（内容：${names}）` : '（压缩包为空）'}：请上传包含 .shp、.dbf、.prj 的压缩包`,
      `the archive holds no .shp file${names ? ` (it holds ${names.replace(/、/g, ', ')})` : ' (it is empty)'}: upload a zip with the .shp, .dbf and .prj`,
    );
  }
  const base = (stem: string) => stem.slice(stem.lastIndexOf('/') + 1);
  const names = layers.map((g) => (layers.filter((o) => base(o.stem).toLowerCase() === base(g.stem).toLowerCase()).length > 1 ? g.stem : base(g.stem)));
  const text = (b: Uint8Array | undefined) => (b ? decodeText(b).text : undefined);
  const results = layers.map((g, i) =>
    readShapefileParts(
      { name: names[i]!, shp: g.files.get('shp')!, dbf: g.files.get('dbf'), prj: text(g.files.get('prj')), cpg: text(g.files.get('cpg')) },
      opts,
    ),
  );
  if (results.length === 1) return results[0]!;
  const sites: ImportedSite[] = [];
  const issues: ImportIssue[] = [];
  results.forEach((r, i) => {
    const prefix = `${names[i]}/`;
    for (const s of r.sites) sites.push({ ...s, id: prefix + s.id });
    for (const x of r.issues) issues.push(x.site !== undefined ? { ...x, site: prefix + x.site } : x);
  });
  const crss = results.map((r) => r.crs).filter((c): c is Crs => c !== null);
  const labels = [...new Set(crss.map((c) => c.name))];
  if (labels.length > 1)
    issues.push(
      issue(
        'warning',
        'mixed-crs',
        `压缩包中的图层坐标系不同（${labels.join('、')}），均已转换为经纬度`,
        `the layers in the archive use different CRSs (${labels.join(', ')}); all were converted to lon/lat`,
      ),
    );
  return { format: FORMAT, crs: crss[0] ?? null, sites, issues };
}
