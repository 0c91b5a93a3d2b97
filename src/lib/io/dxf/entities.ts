// DXF entities (LWPOLYLINE, POLYLINE, LINE, POINT, CIRCLE, ARC) interpreted as shapes, annotation layers left out.

import { issue, type ImportIssue } from '../types';
import { ANNOTATION, type Item, type PathVertex, type RawEntity, type XY } from './model';
import { groups, ocsMirror } from './geometry';

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

export function interpret(entities: RawEntity[], issues: ImportIssue[]): Item[] {
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
            issue(
              'warning',
              'seqend-missing',
              `第 ${e.line} 行的 POLYLINE 没有以 SEQEND 结束`,
              `the POLYLINE at line ${e.line} does not end with SEQEND`,
              {
                line: e.line,
              },
            ),
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
        if (v.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y) || !Number.isFinite(p.bulge)))
          bad('有无法读取的顶点坐标', 'has an unreadable vertex');
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
        if (![c[0], c[1], r, a0, a1].every(Number.isFinite) || r <= 0)
          bad('的圆心或半径无法读取', 'has an unreadable centre or radius');
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
      'insert-skipped': [
        '未展开图块引用，请在 CAD 中先“分解”(EXPLODE) 图块',
        'block references are not expanded; EXPLODE them in CAD first',
      ],
      'hatch-skipped': [
        '未读取填充边界，请用多段线表示地块边界',
        'hatch boundaries are not read; draw the site boundary as a polyline',
      ],
      'ocs-unsupported': [
        '拉伸方向不是 ±Z 的图元不支持',
        'entities with an extrusion direction other than ±Z are not supported',
      ],
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
