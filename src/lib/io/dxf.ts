// ASCII DXF drawings (LWPOLYLINE, POLYLINE, LINE, POINT, CIRCLE, ARC) as sites: closed outlines become polygons, open ones lines; the CRS is the user's to name.

import type { Geometry, Position } from 'geojson';
import { toLonLat, type Crs } from '../geo/crs';
import { failure, issue, type ImportIssue, type ImportResult, type ImportedSite } from './types';
import { ARC_TOLERANCE_M, FORMAT, MAX_POINTS, METRES_PER_DEGREE, type RawEntity } from './dxf/model';
import { decodeDxfString, interpret } from './dxf/entities';
import { toPlanar } from './dxf/geometry';
import { decideCrs, hasControlBytes } from './dxf/crs';

export { decodeDxfString };
export { ARC_MIN_SEGMENTS, ARC_TOLERANCE_M, CIRCLE_SEGMENTS } from './dxf/model';
export { arcSegments } from './dxf/geometry';

export function readDxf(text: string, opts: { crs?: Crs | null } = {}): ImportResult {
  try {
    return read(text, opts.crs ?? null);
  } catch (e) {
    return failure(
      FORMAT,
      'internal-error',
      `读取 DXF 时出现内部错误：${String(e)}`,
      `internal error while reading the DXF: ${String(e)}`,
    );
  }
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
    issues.push(
      issue(
        'error',
        'no-entities',
        '文件中没有 ENTITIES 段（没有图元）',
        'the file has no ENTITIES section (no drawing entities)',
      ),
    );
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
    const label = {
      zh: `第 ${it.line} 行的 ${it.type}（图层 ${it.layer}）`,
      en: `the ${it.type} at line ${it.line} (layer ${it.layer})`,
    };
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
    if (
      ll.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90)
    ) {
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
  if (!sites.length && !issues.some((x) => x.severity === 'error'))
    issues.push(issue('error', 'no-entities', '没有可读取的图元', 'no readable entities'));
  return { format: FORMAT, crs: sites.length ? crs : null, sites, issues };
}

/** Groups POLYLINE/VERTEX/SEQEND runs and turns each supported entity into a shape; the rest are counted and reported once per type. */
