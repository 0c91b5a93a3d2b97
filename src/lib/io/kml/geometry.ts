// KML geometries (Point, LineString, LinearRing, Polygon, MultiGeometry, gx:Track) and ExtendedData read from the DOM.

import type { Element } from '@xmldom/xmldom';
import type { Geometry, Position } from 'geojson';
import { issue } from '../types';
import { MAX_DEPTH, childNamed, childrenNamed, elementChildren, lineOf, textOf, type Ctx, type Simple } from './model';

export const GEOMETRY_NAMES = new Set([
  'Point',
  'LineString',
  'LinearRing',
  'Polygon',
  'MultiGeometry',
  'Track',
  'MultiTrack',
  'Model',
]);

export function combine(parts: Simple[]): Geometry | null {
  if (parts.length === 1) return parts[0]!;
  const type = parts[0]!.type;
  if (!parts.every((p) => p.type === type)) return null;
  if (type === 'Point') return { type: 'MultiPoint', coordinates: parts.map((p) => p.coordinates as Position) };
  if (type === 'LineString')
    return { type: 'MultiLineString', coordinates: parts.map((p) => p.coordinates as Position[]) };
  return { type: 'MultiPolygon', coordinates: parts.map((p) => p.coordinates as Position[][]) };
}

export function readExtendedData(el: Element | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!el) return out;
  for (const c of elementChildren(el)) {
    if (c.localName === 'Data') {
      const key = (c.getAttribute('name') ?? '').trim();
      if (key) out[key] = textOf(childNamed(c, 'value'));
    } else if (c.localName === 'SchemaData') {
      for (const s of childrenNamed(c, 'SimpleData')) {
        const key = (s.getAttribute('name') ?? '').trim();
        if (key) out[key] = textOf(s);
      }
    } else if (c.localName) {
      // Arbitrary namespaced elements some apps put in ExtendedData.
      out[c.localName] = textOf(c);
    }
  }
  return out;
}

/** Parses a <coordinates> text: "lon,lat[,alt]" tuples separated by any whitespace; null (with an issue) when one is unreadable. */
export function parseCoordinates(el: Element | undefined, ctx: Ctx): Position[] | null {
  const raw = (el?.textContent ?? '').replace(/\s*,\s*/g, ',').trim();
  if (!raw) return [];
  const out: Position[] = [];
  for (const tuple of raw.split(/\s+/)) {
    const f = tuple.split(',');
    const ok = f.length >= 2 && f.length <= 3 && f[0] !== '' && f[1] !== '';
    const lon = ok ? Number(f[0]) : NaN,
      lat = ok ? Number(f[1]) : NaN;
    if (
      !Number.isFinite(lon) ||
      !Number.isFinite(lat) ||
      (f[2] !== undefined && f[2] !== '' && !Number.isFinite(Number(f[2])))
    ) {
      badCoordinate(ctx, el, tuple, '不是“经度,纬度[,高程]”', 'is not "lon,lat[,alt]"');
      return null;
    }
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      badCoordinate(
        ctx,
        el,
        tuple,
        '超出经纬度范围（经纬度是否颠倒？）',
        'is out of the longitude/latitude range (lat and lon swapped?)',
      );
      return null;
    }
    out.push([lon, lat]);
  }
  return out;
}

export function badCoordinate(ctx: Ctx, el: Element | undefined, tuple: string, zh: string, en: string): void {
  const line = (el && lineOf(el)) ?? ctx.where.line;
  const t = tuple.slice(0, 60);
  ctx.issues.push(
    issue(
      'error',
      'bad-coordinate',
      `${ctx.zh}第 ${line ?? '?'} 行附近的坐标“${t}”${zh}`,
      `${ctx.en}: coordinate "${t}" near line ${line ?? '?'} ${en}`,
      {
        ...ctx.where,
        line,
      },
    ),
  );
}

export function readRing(ringEl: Element | undefined, ctx: Ctx, role: { zh: string; en: string }): Position[] | null {
  const lr = ringEl?.localName === 'LinearRing' ? ringEl : ringEl && childNamed(ringEl, 'LinearRing');
  const pts = parseCoordinates(lr && childNamed(lr, 'coordinates'), ctx);
  if (!pts) return null;
  const first = pts[0],
    last = pts[pts.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) pts.push([first[0]!, first[1]!]);
  const distinct = new Set(pts.map((p) => `${p[0]},${p[1]}`)).size;
  if (distinct < 3) {
    ctx.issues.push(
      issue(
        'error',
        'ring-too-short',
        `${ctx.zh}的${role.zh}少于 3 个不同的点`,
        `${ctx.en}: its ${role.en} has fewer than 3 distinct points`,
        {
          ...ctx.where,
          line: (lr && lineOf(lr)) ?? ctx.where.line,
        },
      ),
    );
    return null;
  }
  return pts;
}

export function readLine(pts: Position[] | null, el: Element, ctx: Ctx): Simple[] | null {
  if (!pts) return null;
  if (pts.length < 2) {
    ctx.issues.push(
      issue('error', 'line-too-short', `${ctx.zh}的线少于 2 个点`, `${ctx.en}: its line has fewer than 2 points`, {
        ...ctx.where,
        line: lineOf(el) ?? ctx.where.line,
      }),
    );
    return null;
  }
  return [{ type: 'LineString', coordinates: pts }];
}

export function readTrack(el: Element, ctx: Ctx): Position[] | null {
  const out: Position[] = [];
  for (const c of childrenNamed(el, 'coord')) {
    const f = textOf(c).split(/[\s,]+/);
    const lon = Number(f[0]),
      lat = Number(f[1]);
    if (
      f.length < 2 ||
      f[0] === '' ||
      !Number.isFinite(lon) ||
      !Number.isFinite(lat) ||
      Math.abs(lon) > 180 ||
      Math.abs(lat) > 90
    ) {
      badCoordinate(ctx, c, textOf(c), '不是“经度 纬度 高程”', 'is not "lon lat alt"');
      return null;
    }
    out.push([lon, lat]);
  }
  return out;
}

/** One KML geometry element as simple geometries; null (with an error issue) when it cannot be read. */
export function readGeometry(el: Element, ctx: Ctx, depth: number): Simple[] | null {
  const where = { ...ctx.where, line: lineOf(el) ?? ctx.where.line };
  switch (el.localName) {
    case 'Point': {
      const pts = parseCoordinates(childNamed(el, 'coordinates'), ctx);
      if (!pts) return null;
      if (!pts[0]) {
        ctx.issues.push(
          issue('error', 'empty-point', `${ctx.zh}的点没有坐标`, `${ctx.en}: its point has no coordinates`, where),
        );
        return null;
      }
      return [{ type: 'Point', coordinates: pts[0] }];
    }
    case 'LineString':
      return readLine(parseCoordinates(childNamed(el, 'coordinates'), ctx), el, ctx);
    case 'LinearRing': {
      const ring = readRing(el, ctx, { zh: '环', en: 'ring' });
      return ring ? [{ type: 'Polygon', coordinates: [ring] }] : null;
    }
    case 'Polygon': {
      const outerEl = childNamed(el, 'outerBoundaryIs');
      if (!outerEl) {
        ctx.issues.push(
          issue(
            'error',
            'no-outer-ring',
            `${ctx.zh}的面没有外边界（outerBoundaryIs）`,
            `${ctx.en}: its polygon has no outerBoundaryIs`,
            where,
          ),
        );
        return null;
      }
      const outer = readRing(outerEl, ctx, { zh: '外边界', en: 'outer boundary' });
      if (!outer) return null;
      const rings = [outer];
      for (const inner of childrenNamed(el, 'innerBoundaryIs')) {
        // KML 2.2 puts one ring in each innerBoundaryIs, but files with several rings in one are common.
        for (const lr of childrenNamed(inner, 'LinearRing')) {
          const hole = readRing(lr, ctx, {
            zh: `第 ${rings.length} 个内边界（洞）`,
            en: `inner boundary (hole) ${rings.length}`,
          });
          if (!hole) return null;
          rings.push(hole);
        }
      }
      return [{ type: 'Polygon', coordinates: rings }];
    }
    case 'MultiGeometry': {
      if (depth >= MAX_DEPTH) {
        ctx.issues.push(
          issue(
            'error',
            'geometry-too-deep',
            `${ctx.zh}的 MultiGeometry 嵌套过深`,
            `${ctx.en}: its MultiGeometry is nested too deeply`,
            where,
          ),
        );
        return null;
      }
      const out: Simple[] = [];
      for (const c of elementChildren(el)) {
        if (!GEOMETRY_NAMES.has(c.localName ?? '')) continue;
        const got = readGeometry(c, ctx, depth + 1);
        if (!got) return null;
        out.push(...got);
      }
      return out;
    }
    case 'Track':
      return readLine(readTrack(el, ctx), el, ctx);
    case 'MultiTrack': {
      const out: Simple[] = [];
      for (const t of childrenNamed(el, 'Track')) {
        const got = readLine(readTrack(t, ctx), t, ctx);
        if (!got) return null;
        out.push(...got);
      }
      return out;
    }
    default:
      ctx.issues.push(
        issue(
          'warning',
          'model-skipped',
          `${ctx.zh}的三维模型（Model）不是地块几何，已忽略`,
          `${ctx.en}: its 3-D Model is not a site geometry; ignored`,
          where,
        ),
      );
      return [];
  }
}
