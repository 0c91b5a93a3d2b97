// ASCII DXF drawings (LWPOLYLINE, POLYLINE, LINE, POINT, CIRCLE, ARC) as sites: closed outlines become polygons, open ones lines; the CRS is the user's to name.

import type { Geometry, Position } from 'geojson';
import { CGCS2000, gkCrs, toLonLat, zoneFromEasting, type Crs } from '../geo/crs';
import { failure, issue, type ImportIssue, type ImportResult, type ImportedSite } from './types';

const FORMAT = 'dxf';

/** Arcs (bulges, ARC) are cut into chords whose sagitta stays within this many metres, with at least ARC_MIN_SEGMENTS per arc. */
export const ARC_TOLERANCE_M = 0.1;
export const ARC_MIN_SEGMENTS = 8;
/** A CIRCLE becomes a polygon of at least this many sides (more when the sagitta rule needs them). */
export const CIRCLE_SEGMENTS = 72;
const ARC_MAX_SEGMENTS = 4096;
/** Most vertices a drawing may produce in all, so a hostile file cannot exhaust memory with bulges. */
const MAX_POINTS = 2_000_000;
const METRES_PER_DEGREE = 111_320;

type XY = [number, number];

interface Pair {
  code: number;
  value: string;
  /** 1-based line of the group code. */
  line: number;
}

interface RawEntity {
  type: string;
  line: number;
  pairs: Pair[];
}

interface PathVertex {
  x: number;
  y: number;
  bulge: number;
}

type Shape =
  | { t: 'point'; p: XY }
  | { t: 'path'; v: PathVertex[]; closed: boolean; mirror: boolean }
  | { t: 'circle'; c: XY; r: number; mirror: boolean }
  | { t: 'arc'; c: XY; r: number; a0: number; a1: number; mirror: boolean };

interface Item {
  shape: Shape;
  type: string;
  layer: string;
  handle: string;
  line: number;
  color?: number;
}

/** Entities that carry no site geometry (annotation, views); ignored without a word. */
const ANNOTATION = new Set([
  'TEXT',
  'MTEXT',
  'DIMENSION',
  'ATTDEF',
  'ATTRIB',
  'LEADER',
  'MLEADER',
  'MULTILEADER',
  'VIEWPORT',
  'IMAGE',
  'WIPEOUT',
  'OLE2FRAME',
  'OLEFRAME',
  'TOLERANCE',
  'ACAD_TABLE',
  'XLINE',
  'RAY',
  'ARCALIGNEDTEXT',
  'RTEXT',
]);

/**
 * Reads an ASCII DXF. `opts.crs` (the CRS the user chose) wins; without it, prefixed Gauss-Krüger
 * eastings or China-range lon/lat are recognised with a warning, anything else asks the user to choose.
 * In CAD drawings X is the easting and Y the northing.
 */
export function readDxf(text: string, opts: { crs?: Crs | null } = {}): ImportResult {
  try {
    return read(text, opts.crs ?? null);
  } catch (e) {
    return failure(FORMAT, 'internal-error', `读取 DXF 时出现内部错误：${String(e)}`, `internal error while reading the DXF: ${String(e)}`);
  }
}

/** Decodes the \U+XXXX and \M+5XXXX (GBK) escapes AutoCAD writes for characters outside the drawing's code page. */
export function decodeDxfString(s: string): string {
  if (!s.includes('\\')) return s;
  return s
    .replace(/\\U\+([0-9A-Fa-f]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\M\+5([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})/g, (m, a: string, b: string) => {
      try {
        return new TextDecoder('gbk').decode(new Uint8Array([parseInt(a, 16), parseInt(b, 16)]));
      } catch {
        return m;
      }
    });
}

function read(input: string, chosen: Crs | null): ImportResult {
  const text = input.replace(/^\uFEFF/, '');
  if (text.startsWith('AC10'))
    return failure(
      'dwg',
      'dwg-unsupported',
      `这是 AutoCAD DWG 文件（${text.slice(0, 6).replace(/[^\w]/g, '')}），不是 DXF：请在 CAD 中“另存为”DXF（ASCII）后再导入`,
      `this is an AutoCAD DWG file (${text.slice(0, 6).replace(/[^\w]/g, '')}), not DXF: use "Save As" DXF (ASCII) in your CAD program and import that`,
    );
  if (text.startsWith('AutoCAD Binary DXF'))
    return failure(
      FORMAT,
      'binary-dxf',
      '这是二进制 DXF，仅支持 ASCII（文本）DXF：请在 CAD 中另存为 ASCII DXF',
      'this is a binary DXF; only ASCII DXF is supported: save it as ASCII DXF in your CAD program',
    );
  if (!text.trim()) return failure(FORMAT, 'empty-file', '文件为空', 'the file is empty');

  const issues: ImportIssue[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  // A final newline leaves one empty string behind.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();

  // Group code / value pairs, split into sections and entities.
  const entities: RawEntity[] = [];
  let section: { name: string; line: number } | null = null;
  let awaitingName = false;
  let current: RawEntity | null = null;
  let sawEof = false;
  let sawEntities = false;
  let stoppedAt: number | null = null;
  let pairs = 0;
  for (let i = 0; i < lines.length; i += 2) {
    const codeText = lines[i]!.trim();
    const line = i + 1;
    if (!/^-?\d{1,4}$/.test(codeText)) {
      if (pairs === 0)
        return failure(
          FORMAT,
          hasControlBytes(text.slice(0, 1024)) ? 'binary-dxf' : 'not-dxf',
          `第 ${line} 行：不是 DXF 组码，文件不是 ASCII DXF`,
          `line ${line}: not a DXF group code; the file is not an ASCII DXF`,
          { line },
        );
      issues.push(
        issue(
          'error',
          'dxf-syntax',
          `第 ${line} 行：“${codeText.slice(0, 40)}”不是 DXF 组码，读取在此中止`,
          `line ${line}: "${codeText.slice(0, 40)}" is not a DXF group code; reading stopped there`,
          { line },
        ),
      );
      stoppedAt = line;
      break;
    }
    if (i + 1 >= lines.length) {
      stoppedAt = line;
      break;
    }
    pairs++;
    const code = Number(codeText);
    const value = lines[i + 1]!.trim();
    if (code === 999) continue;
    if (awaitingName) {
      awaitingName = false;
      if (code === 2) {
        section = { name: value.toUpperCase(), line };
        if (section.name === 'ENTITIES') sawEntities = true;
        continue;
      }
    }
    if (code === 0) {
      const v = value.toUpperCase();
      if (current) {
        entities.push(current);
        current = null;
      }
      if (v === 'SECTION') {
        if (section)
          issues.push(
            issue(
              'warning',
              'dxf-section-unclosed',
              `第 ${section.line} 行的 ${section.name} 段没有 ENDSEC`,
              `the ${section.name} section at line ${section.line} has no ENDSEC`,
              { line: section.line },
            ),
          );
        section = { name: '?', line };
        awaitingName = true;
      } else if (v === 'ENDSEC') {
        section = null;
      } else if (v === 'EOF') {
        sawEof = true;
        break;
      } else if (section?.name === 'ENTITIES') {
        current = { type: v, line, pairs: [] };
      }
      continue;
    }
    if (current) current.pairs.push({ code, value, line });
  }
  const lastLine = lines.length;
  if (section || stoppedAt !== null) {
    // The file ends inside a section: the entity in progress may have lost vertices, so it is dropped.
    const dropped = current;
    const at = stoppedAt ?? lastLine;
    const inSection = section ? `${section.name} 段（第 ${section.line} 行起）` : '';
    const inSectionEn = section ? ` inside the ${section.name} section (from line ${section.line})` : '';
    if (!issues.some((x) => x.code === 'dxf-syntax'))
      issues.push(
        issue(
          'error',
          'dxf-truncated',
          `文件在第 ${at} 行中断${inSection ? `，${inSection}未结束` : ''}，文件可能不完整${dropped ? `；第 ${dropped.line} 行的 ${dropped.type} 可能残缺，已舍弃` : ''}`,
          `the file breaks off at line ${at}${inSectionEn}; it looks truncated${dropped ? `; the ${dropped.type} at line ${dropped.line} may be incomplete and was dropped` : ''}`,
          { line: at },
        ),
      );
    current = null;
  } else if (!sawEof) {
    issues.push(
      issue(
        'warning',
        'dxf-no-eof',
        `文件末尾（第 ${lastLine} 行）没有 EOF 标记，可能不完整`,
        `the file has no EOF marker at its end (line ${lastLine}); it may be incomplete`,
        { line: lastLine },
      ),
    );
  }
  if (current) entities.push(current);
  if (!sawEntities) {
    issues.push(issue('error', 'no-entities', '文件中没有 ENTITIES 段（没有图元）', 'the file has no ENTITIES section (no drawing entities)'));
    return { format: FORMAT, crs: null, sites: [], issues };
  }

  const items = interpret(entities, issues);
  if (!items.length) {
    issues.push(
      issue(
        'error',
        'no-entities',
        '没有可读取的图元（支持多段线、直线、点、圆、圆弧）',
        'no readable entities (polylines, lines, points, circles and arcs are supported)',
      ),
    );
    return { format: FORMAT, crs: null, sites: [], issues };
  }

  const crs = decideCrs(items, chosen, issues);
  if (!crs) return { format: FORMAT, crs: null, sites: [], issues };
  const tolerance = crs.kind === 'gk' ? ARC_TOLERANCE_M : ARC_TOLERANCE_M / METRES_PER_DEGREE;

  const sites: ImportedSite[] = [];
  const budget = { left: MAX_POINTS };
  for (const it of items) {
    const id = it.handle || String(sites.length + 1);
    const where = { line: it.line, site: id };
    const label = { zh: `第 ${it.line} 行的 ${it.type}（图层 ${it.layer}）`, en: `the ${it.type} at line ${it.line} (layer ${it.layer})` };
    const planar = toPlanar(it.shape, tolerance, budget);
    if (budget.left < 0) {
      issues.push(
        issue(
          'error',
          'too-many-vertices',
          `图元顶点超过 ${MAX_POINTS} 个，停止读取`,
          `the drawing produces more than ${MAX_POINTS} vertices; stopped reading`,
          where,
        ),
      );
      break;
    }
    const distinct = new Set(planar.pts.map((p) => `${p[0]},${p[1]}`)).size;
    const need = planar.kind === 'Polygon' ? 3 : planar.kind === 'LineString' ? 2 : 1;
    if (distinct < need) {
      issues.push(
        issue(
          'warning',
          'degenerate-entity',
          `${label.zh}退化（不同的点少于 ${need} 个），已跳过`,
          `${label.en} is degenerate (fewer than ${need} distinct points); skipped`,
          where,
        ),
      );
      continue;
    }
    const ll = planar.pts.map(([x, y]) => toLonLat(crs, x, y) as Position);
    if (ll.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90)) {
      issues.push(
        issue(
          'error',
          'coordinate-out-of-range',
          `${label.zh}的坐标在 ${crs.name} 中无法换算为经纬度`,
          `${label.en} has coordinates that do not convert to lon/lat in ${crs.name}`,
          where,
        ),
      );
      continue;
    }
    let geometry: Geometry;
    if (planar.kind === 'Point') geometry = { type: 'Point', coordinates: ll[0]! };
    else if (planar.kind === 'LineString') geometry = { type: 'LineString', coordinates: ll };
    else geometry = { type: 'Polygon', coordinates: [[...ll, [ll[0]![0]!, ll[0]![1]!]]] };
    const properties: Record<string, unknown> = { layer: it.layer, entity: it.type, line: it.line };
    if (it.handle) properties.handle = it.handle;
    if (it.color !== undefined) properties.color = it.color;
    sites.push({ id, name: `${it.layer} ${sites.length + 1}`, geometry, properties });
  }
  if (!sites.length && !issues.some((x) => x.severity === 'error')) issues.push(issue('error', 'no-entities', '没有可读取的图元', 'no readable entities'));
  return { format: FORMAT, crs: sites.length ? crs : null, sites, issues };
}

/** Groups POLYLINE/VERTEX/SEQEND runs and turns each supported entity into a shape; the rest are counted and reported once per type. */
function interpret(entities: RawEntity[], issues: ImportIssue[]): Item[] {
  const items: Item[] = [];
  const skipped = new Map<string, { count: number; line: number; code: string; names: Set<string> }>();
  const skip = (e: RawEntity, code: string, name?: string) => {
    const s = skipped.get(e.type) ?? { count: 0, line: e.line, code, names: new Set<string>() };
    s.count++;
    if (name && s.names.size < 5) s.names.add(name);
    skipped.set(e.type, s);
  };
  for (let k = 0; k < entities.length; k++) {
    const e = entities[k]!;
    const g = groups(e);
    const layer = decodeDxfString(g.str(8)) || '0';
    const base = { type: e.type, layer, handle: g.str(5), line: e.line, ...(g.has(62) ? { color: g.num(62) } : {}) };
    const bad = (zh: string, en: string) =>
      issues.push(
        issue(
          'error',
          'bad-entity',
          `第 ${e.line} 行的 ${e.type}（图层 ${layer}）${zh}，已跳过`,
          `the ${e.type} at line ${e.line} (layer ${layer}) ${en}; skipped`,
          {
            line: e.line,
            ...(base.handle ? { site: base.handle } : {}),
          },
        ),
      );
    switch (e.type) {
      case 'LWPOLYLINE': {
        const mirror = ocsMirror(g);
        if (mirror === null) {
          skip(e, 'ocs-unsupported');
          break;
        }
        const v: PathVertex[] = [];
        let ok = true;
        for (const p of e.pairs) {
          if (p.code === 10) v.push({ x: Number(p.value), y: NaN, bulge: 0 });
          else if (p.code === 20 && v.length) v[v.length - 1]!.y = Number(p.value);
          else if (p.code === 42 && v.length) v[v.length - 1]!.bulge = Number(p.value);
        }
        if (v.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y) || !Number.isFinite(p.bulge))) ok = false;
        if (!ok) bad('有无法读取的顶点坐标', 'has an unreadable vertex');
        else items.push({ ...base, shape: { t: 'path', v, closed: (g.num(70) & 1) === 1, mirror } });
        break;
      }
      case 'POLYLINE': {
        const flags = g.num(70);
        const vertices: RawEntity[] = [];
        let j = k + 1;
        while (j < entities.length && entities[j]!.type === 'VERTEX') vertices.push(entities[j++]!);
        if (entities[j]?.type === 'SEQEND') j++;
        else
          issues.push(
            issue('warning', 'seqend-missing', `第 ${e.line} 行的 POLYLINE 没有以 SEQEND 结束`, `the POLYLINE at line ${e.line} does not end with SEQEND`, {
              line: e.line,
            }),
          );
        k = j - 1;
        if (flags & (16 | 64)) {
          skip(e, 'entity-skipped', flags & 64 ? 'polyface' : 'mesh');
          break;
        }
        // 3-D polylines are in world coordinates; 2-D ones in their object coordinate system.
        const mirror = flags & 8 ? false : ocsMirror(g);
        if (mirror === null) {
          skip(e, 'ocs-unsupported');
          break;
        }
        const v: PathVertex[] = [];
        for (const ve of vertices) {
          const vg = groups(ve);
          if (vg.num(70) & 16) continue; // a spline frame control point, not on the curve
          v.push({ x: vg.num(10, NaN), y: vg.num(20, NaN), bulge: vg.num(42) });
        }
        if (v.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y) || !Number.isFinite(p.bulge))) bad('有无法读取的顶点坐标', 'has an unreadable vertex');
        else items.push({ ...base, shape: { t: 'path', v, closed: (flags & 1) === 1, mirror } });
        break;
      }
      case 'LINE': {
        const v = [g.num(10, NaN), g.num(20, NaN), g.num(11, NaN), g.num(21, NaN)];
        if (!v.every(Number.isFinite)) bad('的端点坐标无法读取', 'has unreadable end points');
        else
          items.push({
            ...base,
            shape: {
              t: 'path',
              v: [
                { x: v[0]!, y: v[1]!, bulge: 0 },
                { x: v[2]!, y: v[3]!, bulge: 0 },
              ],
              closed: false,
              mirror: false,
            },
          });
        break;
      }
      case 'POINT': {
        const x = g.num(10, NaN),
          y = g.num(20, NaN);
        if (!Number.isFinite(x) || !Number.isFinite(y)) bad('的坐标无法读取', 'has unreadable coordinates');
        else items.push({ ...base, shape: { t: 'point', p: [x, y] } });
        break;
      }
      case 'CIRCLE':
      case 'ARC': {
        const mirror = ocsMirror(g);
        if (mirror === null) {
          skip(e, 'ocs-unsupported');
          break;
        }
        const c: XY = [g.num(10, NaN), g.num(20, NaN)];
        const r = g.num(40, NaN);
        const a0 = g.num(50, 0),
          a1 = g.num(51, 360);
        if (![c[0], c[1], r, a0, a1].every(Number.isFinite) || r <= 0) bad('的圆心或半径无法读取', 'has an unreadable centre or radius');
        else if (e.type === 'CIRCLE') items.push({ ...base, shape: { t: 'circle', c, r, mirror } });
        else items.push({ ...base, shape: { t: 'arc', c, r, a0, a1, mirror } });
        break;
      }
      case 'INSERT':
        skip(e, 'insert-skipped', decodeDxfString(g.str(2)));
        break;
      case 'HATCH':
        skip(e, 'hatch-skipped');
        break;
      case 'VERTEX':
      case 'SEQEND':
        break;
      default:
        if (!ANNOTATION.has(e.type)) skip(e, 'entity-skipped');
    }
  }
  for (const [type, s] of skipped) {
    const names = s.names.size ? `（${[...s.names].join('、')}）` : '';
    const namesEn = s.names.size ? ` (${[...s.names].join(', ')})` : '';
    const why: Record<string, [string, string]> = {
      'insert-skipped': ['未展开图块引用，请在 CAD 中先“分解”(EXPLODE) 图块', 'block references are not expanded; EXPLODE them in CAD first'],
      'hatch-skipped': ['未读取填充边界，请用多段线表示地块边界', 'hatch boundaries are not read; draw the site boundary as a polyline'],
      'ocs-unsupported': ['拉伸方向不是 ±Z 的图元不支持', 'entities with an extrusion direction other than ±Z are not supported'],
      'entity-skipped': [
        '不支持此类图元，请转换为多段线（如 SPLINE/ELLIPSE 用 PEDIT/FLATTEN）',
        'this entity type is not supported; convert it to a polyline (e.g. PEDIT/FLATTEN for SPLINE/ELLIPSE)',
      ],
    };
    const [zh, en] = why[s.code] ?? why['entity-skipped']!;
    issues.push(
      issue(
        'warning',
        s.code,
        `跳过 ${s.count} 个 ${type}${names}（第一个在第 ${s.line} 行）：${zh}`,
        `skipped ${s.count} ${type}${namesEn} (the first at line ${s.line}): ${en}`,
        { line: s.line },
      ),
    );
  }
  return items;
}

function groups(e: RawEntity) {
  const first = new Map<number, string>();
  for (const p of e.pairs) if (!first.has(p.code)) first.set(p.code, p.value);
  return {
    has: (code: number) => first.has(code),
    str: (code: number) => first.get(code) ?? '',
    num: (code: number, fallback = 0) => {
      const v = first.get(code);
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      return Number.isFinite(n) ? n : NaN;
    },
  };
}

/** Whether the entity's object coordinate system mirrors X (extrusion 0,0,-1); null for any tilted extrusion. */
function ocsMirror(g: ReturnType<typeof groups>): boolean | null {
  const nx = g.num(210, 0),
    ny = g.num(220, 0),
    nz = g.num(230, 1);
  if (!Number.isFinite(nx) || !Number.isFinite(ny) || !Number.isFinite(nz)) return null;
  if (Math.abs(nx) > 1e-9 || Math.abs(ny) > 1e-9 || nz === 0) return null;
  return nz < 0;
}

/** Points that decide the CRS: vertices and centres in world coordinates. */
function controlPoints(s: Shape): XY[] {
  const m = (x: number, mirror: boolean) => (mirror ? -x : x);
  switch (s.t) {
    case 'point':
      return [s.p];
    case 'path':
      return s.v.map((p) => [m(p.x, s.mirror), p.y]);
    case 'circle':
    case 'arc':
      return [[m(s.c[0], s.mirror), s.c[1]]];
  }
}

/** How many chords an arc of radius r sweeping `sweep` radians needs so no sagitta exceeds `tol`. */
export function arcSegments(r: number, sweep: number, tol: number, min: number): number {
  const step = tol >= 2 * r ? 2 * Math.PI : 2 * Math.acos(1 - tol / r);
  const n = Math.ceil(Math.abs(sweep) / step - 1e-9);
  return Math.min(ARC_MAX_SEGMENTS, Math.max(min, Number.isFinite(n) ? n : ARC_MAX_SEGMENTS));
}

/** The points of a bulged segment strictly between its ends (bulge = tan(sweep / 4), positive counter-clockwise). */
function bulgePoints(a: PathVertex, b: PathVertex, tol: number): XY[] {
  const dx = b.x - a.x,
    dy = b.y - a.y;
  const c = Math.hypot(dx, dy);
  if (Math.abs(a.bulge) < 1e-12 || c === 0) return [];
  const sweep = 4 * Math.atan(a.bulge);
  const off = (c * (1 - a.bulge * a.bulge)) / (4 * a.bulge);
  const cx = (a.x + b.x) / 2 - (dy / c) * off,
    cy = (a.y + b.y) / 2 + (dx / c) * off;
  const r = Math.hypot(a.x - cx, a.y - cy);
  const start = Math.atan2(a.y - cy, a.x - cx);
  const n = arcSegments(r, sweep, tol, ARC_MIN_SEGMENTS);
  const out: XY[] = [];
  for (let k = 1; k < n; k++) {
    const t = start + (sweep * k) / n;
    out.push([cx + r * Math.cos(t), cy + r * Math.sin(t)]);
  }
  return out;
}

/** A shape as planar world-coordinate points: polygons without the closing repeat. */
function toPlanar(s: Shape, tol: number, budget: { left: number }): { kind: 'Point' | 'LineString' | 'Polygon'; pts: XY[] } {
  let kind: 'Point' | 'LineString' | 'Polygon';
  let pts: XY[] = [];
  let mirror = false;
  switch (s.t) {
    case 'point':
      kind = 'Point';
      pts = [s.p];
      break;
    case 'path': {
      mirror = s.mirror;
      let v = s.v;
      const first = v[0],
        last = v[v.length - 1];
      const repeats = v.length >= 2 && first !== undefined && last !== undefined && first.x === last.x && first.y === last.y;
      // An open polyline that ends where it began is a closed outline drawn without the "close" option.
      const closed = s.closed || (repeats && v.length >= 4);
      if (closed && repeats) v = v.slice(0, -1);
      for (let i = 0; i < v.length; i++) {
        const a = v[i]!;
        pts.push([a.x, a.y]);
        const b = v[i + 1] ?? (closed ? v[0] : undefined);
        if (b) {
          const extra = bulgePoints(a, b, tol);
          budget.left -= extra.length + 1;
          if (budget.left < 0) return { kind: 'Point', pts: [] };
          pts.push(...extra);
        }
      }
      kind = closed ? 'Polygon' : 'LineString';
      break;
    }
    case 'circle': {
      mirror = s.mirror;
      kind = 'Polygon';
      const n = arcSegments(s.r, 2 * Math.PI, tol, CIRCLE_SEGMENTS);
      budget.left -= n;
      if (budget.left < 0) return { kind, pts: [] };
      for (let k = 0; k < n; k++) pts.push([s.c[0] + s.r * Math.cos((2 * Math.PI * k) / n), s.c[1] + s.r * Math.sin((2 * Math.PI * k) / n)]);
      break;
    }
    case 'arc': {
      mirror = s.mirror;
      kind = 'LineString';
      const a0 = (s.a0 * Math.PI) / 180;
      let sweep = ((((s.a1 - s.a0) % 360) + 360) % 360) * (Math.PI / 180);
      if (sweep === 0) sweep = 2 * Math.PI;
      const n = arcSegments(s.r, sweep, tol, ARC_MIN_SEGMENTS);
      budget.left -= n + 1;
      if (budget.left < 0) return { kind, pts: [] };
      for (let k = 0; k <= n; k++) pts.push([s.c[0] + s.r * Math.cos(a0 + (sweep * k) / n), s.c[1] + s.r * Math.sin(a0 + (sweep * k) / n)]);
      break;
    }
  }
  if (mirror) pts = pts.map(([x, y]) => [-x, y]);
  return { kind, pts };
}

function hasControlBytes(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 9) return true;
  return false;
}

const looksNorthing = (v: number) => v >= 1_000_000 && v < 10_000_000;
const looksLonLat = ([x, y]: XY) => x >= 73 && x <= 136 && y >= 3 && y <= 54;

function decideCrs(items: Item[], chosen: Crs | null, issues: ImportIssue[]): Crs | null {
  const pts = items.flatMap((it) => controlPoints(it.shape));
  const prefixes = pts.map(([x]) => zoneFromEasting(x));
  const allPrefixed = prefixes.every((z) => z !== null);
  if (chosen) {
    if (chosen.kind === 'gk') {
      if (allPrefixed !== chosen.prefixed) {
        issues.push(
          issue(
            'error',
            'prefix-mismatch',
            `所选坐标系 ${chosen.name} ${chosen.prefixed ? '要求' : '不应'}在 X（东坐标）前带带号，而图中的 X 坐标${allPrefixed ? '带' : '不都带'}带号`,
            `the chosen CRS ${chosen.name} ${chosen.prefixed ? 'expects' : 'does not expect'} the zone prefix on X (the easting), but the drawing's X values ${allPrefixed ? 'have' : 'do not all have'} it`,
          ),
        );
        return null;
      }
      const other = prefixes.find((z) => z && z.zone !== chosen.zone);
      if (chosen.prefixed && other) {
        issues.push(
          issue(
            'error',
            'zone-mismatch',
            `所选坐标系为 ${chosen.zone} 带，而图中 X 坐标的带号为 ${other.zone}`,
            `the chosen CRS is zone ${chosen.zone} but the drawing's X values carry zone ${other.zone}`,
          ),
        );
        return null;
      }
    } else if (!pts.every(([x, y]) => Math.abs(x) <= 180 && Math.abs(y) <= 90)) {
      issues.push(
        issue(
          'error',
          'coordinate-out-of-range',
          `图中坐标超出经纬度范围，不能按 ${chosen.name} 读取（是否应选投影坐标系？）`,
          `the drawing's coordinates exceed lon/lat ranges and cannot be read in ${chosen.name} (a projected CRS?)`,
        ),
      );
      return null;
    }
    return chosen;
  }
  if (allPrefixed && pts.every(([, y]) => looksNorthing(y))) {
    const zones = new Set(prefixes.map((z) => `${z!.width}:${z!.zone}`));
    if (zones.size > 1) {
      issues.push(
        issue(
          'error',
          'mixed-zones',
          `X 坐标的带号不一致：${[...zones].map((z) => z.split(':')[1]).join('、')}`,
          `the X values carry different zone prefixes: ${[...zones].map((z) => z.split(':')[1]).join(', ')}`,
        ),
      );
      return null;
    }
    const z = prefixes[0]!;
    const crs = gkCrs(z.width, z.zone, true)!;
    issues.push(
      issue(
        'warning',
        'dxf-crs-guessed',
        `DXF 不记录坐标系；X 坐标带带号 ${z.zone}，按 ${crs.name} 读取，如有误请选择正确的坐标系`,
        `DXF records no CRS; the X values carry zone prefix ${z.zone}, so the drawing was read as ${crs.name}; choose the CRS if that is wrong`,
      ),
    );
    return crs;
  }
  if (pts.every(looksLonLat)) {
    issues.push(
      issue(
        'warning',
        'dxf-crs-guessed',
        'DXF 不记录坐标系；坐标像经纬度，按 CGCS2000 经纬度（EPSG:4490）读取，如有误请选择正确的坐标系',
        'DXF records no CRS; the coordinates look like longitude/latitude, so the drawing was read as CGCS2000 geographic (EPSG:4490); choose the CRS if that is wrong',
      ),
    );
    return CGCS2000;
  }
  const unprefixed = pts.every(([x, y]) => x >= 100_000 && x < 1_000_000 && looksNorthing(y));
  const swapped = pts.every(([x, y]) => looksNorthing(x) && (zoneFromEasting(y) !== null || (y >= 100_000 && y < 1_000_000)));
  const hint = unprefixed
    ? { zh: '坐标像不带带号的高斯-克吕格坐标', en: 'the coordinates look like Gauss-Kruger coordinates without the zone prefix' }
    : swapped
      ? { zh: 'X、Y 似乎颠倒（CAD 中 X 为东坐标、Y 为北坐标）', en: 'X and Y look swapped (in CAD, X is the easting and Y the northing)' }
      : {
          zh: '坐标不像经纬度或带带号的高斯-克吕格坐标（可能是独立坐标系）',
          en: 'the coordinates look like neither lon/lat nor prefixed Gauss-Kruger (a local grid?)',
        };
  issues.push(
    issue(
      'error',
      'crs-required',
      `DXF 不记录坐标系，${hint.zh}：请选择图纸所用的坐标系，如郑州用 EPSG:4547（CGCS2000 3 度带，中央经线 114°，不带带号），济源西部可能为 EPSG:4546（中央经线 111°）`,
      `DXF records no CRS and ${hint.en}: choose the drawing's CRS, e.g. EPSG:4547 for Zhengzhou (CGCS2000 3° zone, central meridian 114°E, no zone prefix); western Jiyuan may use EPSG:4546 (central meridian 111°E)`,
    ),
  );
  return null;
}
