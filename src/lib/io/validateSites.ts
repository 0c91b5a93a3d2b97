// Checks every imported site as a surveyor would: closure, duplicate points, self-intersection (repair offered,
// never applied), swapped lon/lat, coordinates outside China, geometry collections.

import type { Geometry, Position } from 'geojson';
import * as polyclip from 'polyclip-ts';
import { PreparedPolygon } from '../check/preparedPolygon';
import { mapGeometry, positions } from '../geo/geometryWalk';
import { issue, type ImportIssue, type ImportResult, type ImportedSite } from './types';

/** Mainland China, Hainan and the South China Sea islands, generously. */
const CHINA = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 };
const inChina = (p: Position) =>
  p[0]! >= CHINA.minLon && p[0]! <= CHINA.maxLon && p[1]! >= CHINA.minLat && p[1]! <= CHINA.maxLat;

function collapse(g: Extract<Geometry, { type: 'GeometryCollection' }>): Geometry | null {
  const parts = g.geometries;
  if (parts.length && parts.every((p) => p.type === 'Point' || p.type === 'MultiPoint'))
    return {
      type: 'MultiPoint',
      coordinates: parts.flatMap((p) =>
        p.type === 'Point' ? [p.coordinates] : (p as { coordinates: Position[] }).coordinates,
      ),
    };
  if (parts.length && parts.every((p) => p.type === 'LineString' || p.type === 'MultiLineString'))
    return {
      type: 'MultiLineString',
      coordinates: parts.flatMap((p) =>
        p.type === 'LineString' ? [p.coordinates] : (p as { coordinates: Position[][] }).coordinates,
      ),
    };
  if (parts.length && parts.every((p) => p.type === 'Polygon' || p.type === 'MultiPolygon'))
    return {
      type: 'MultiPolygon',
      coordinates: parts.flatMap((p) =>
        p.type === 'Polygon' ? [p.coordinates] : (p as { coordinates: Position[][][] }).coordinates,
      ),
    };
  return null;
}

/** Drops repeated consecutive points; returns how many went. */
function dedupe(path: Position[]): { path: Position[]; removed: number } {
  const out = path.filter((p, i) => i === 0 || p[0] !== path[i - 1]![0] || p[1] !== path[i - 1]![1]);
  return { path: out, removed: path.length - out.length };
}

function fixRing(ring: Position[], note: (code: string, zh: string, en: string) => void): Position[] | null {
  let r = ring.map((p) => [p[0]!, p[1]!]);
  const first = r[0],
    last = r[r.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
    r.push([first[0]!, first[1]!]);
    note('ring-closed', '环首尾点不重合，已自动闭合', 'a ring was not closed; closed it');
  }
  const d = dedupe(r);
  r = d.path;
  if (d.removed) note('duplicate-vertex', `删除了 ${d.removed} 个重复点`, `removed ${d.removed} repeated point(s)`);
  return r.length >= 4 ? r : null;
}

/** Fixes what can be fixed openly (with a warning), refuses what cannot, and offers repairs. */
/** Told of each batch of valid sites as they pass, with how many of the file's sites are done and the file's CRS. */
export type Validated = (sites: ImportedSite[], done: number, total: number, crs: ImportResult['crs']) => void;

const BATCH = 500;

export function validateSites(result: ImportResult, onValidated?: Validated): ImportResult {
  const issues: ImportIssue[] = [...result.issues];
  let sites = result.sites;
  // Lat/lon written the wrong way round: every point of the file lands in China only when swapped.
  const pts = sites.flatMap((s) => {
    try {
      return positions(s.geometry);
    } catch {
      return [];
    }
  });
  if (
    result.crs?.kind === 'geographic' &&
    pts.length &&
    !pts.every(inChina) &&
    pts.every((p) => inChina([p[1]!, p[0]!]))
  ) {
    sites = sites.map((s) => ({ ...s, geometry: mapGeometry(s.geometry, (p) => [p[1]!, p[0]!]) }));
    issues.push(
      issue(
        'warning',
        'swapped-lonlat',
        '经纬度疑似颠倒（纬度在前），已按经度在前处理',
        'longitude and latitude look swapped (latitude first); read them the other way round',
      ),
    );
  }
  const out: ImportedSite[] = [];
  let told = 0;
  const tell = (done: number) => {
    if (!onValidated || (out.length - told < BATCH && done < sites.length)) return;
    onValidated(out.slice(told), done, sites.length, result.crs);
    told = out.length;
  };
  for (const [k, s] of sites.entries()) {
    if (k) tell(k);
    const where = { site: s.id };
    const notes = new Set<string>();
    const note = (code: string, zh: string, en: string) => {
      if (!notes.has(code)) issues.push(issue('warning', code, `${s.name}：${zh}`, `${s.name}: ${en}`, where));
      notes.add(code);
    };
    let g: Geometry | null = s.geometry.type === 'GeometryCollection' ? collapse(s.geometry) : s.geometry;
    if (!g) {
      issues.push(
        issue(
          'error',
          'mixed-collection',
          `${s.name}：几何集合中混有点、线、面，请拆分为单独的地块`,
          `${s.name}: a geometry collection mixes points, lines and polygons; split it into separate sites`,
          where,
        ),
      );
      continue;
    }
    const all = positions(g);
    if (all.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) {
      issues.push(
        issue(
          'error',
          'bad-coordinates',
          `${s.name}：坐标含非数字值`,
          `${s.name}: a coordinate is not a number`,
          where,
        ),
      );
      continue;
    }
    const outside = all.find((p) => !inChina(p));
    if (outside) {
      issues.push(
        issue(
          'error',
          'outside-china',
          `${s.name}：坐标 ${outside[0]}, ${outside[1]} 不在中国境内（坐标系或经纬度顺序可能有误）`,
          `${s.name}: ${outside[0]}, ${outside[1]} is outside China (wrong CRS or lon/lat order?)`,
          where,
        ),
      );
      continue;
    }
    if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
      const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).map((rings) =>
        rings.map((r) => fixRing(r, note)),
      );
      if (polys.some((rings) => rings.some((r) => r === null))) {
        issues.push(
          issue(
            'error',
            'ring-too-short',
            `${s.name}：有环少于 3 个不同的点`,
            `${s.name}: a ring has fewer than 3 distinct points`,
            where,
          ),
        );
        continue;
      }
      const fixed = polys as Position[][][];
      g =
        g.type === 'Polygon'
          ? { type: 'Polygon', coordinates: fixed[0]! }
          : { type: 'MultiPolygon', coordinates: fixed };
      const shape = new PreparedPolygon(fixed);
      if (shape.hasSelfIntersections()) {
        const repaired = polyclip.union(fixed as polyclip.Geom) as Position[][][];
        out.push({
          ...s,
          geometry: g,
          repair:
            repaired.length === 1
              ? { type: 'Polygon', coordinates: repaired[0]! }
              : { type: 'MultiPolygon', coordinates: repaired },
        });
        issues.push(
          issue(
            'warning',
            'self-intersection',
            `${s.name}：边界自相交；已提供修复后的图形供确认（未自动替换）`,
            `${s.name}: the boundary crosses itself; a repaired shape is offered for you to accept (not applied)`,
            where,
          ),
        );
        continue;
      }
    } else if (g.type === 'LineString' || g.type === 'MultiLineString') {
      const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates).map((l) => {
        const d = dedupe(l);
        if (d.removed)
          note('duplicate-vertex', `删除了 ${d.removed} 个重复点`, `removed ${d.removed} repeated point(s)`);
        return d.path;
      });
      if (lines.some((l) => l.length < 2)) {
        issues.push(
          issue(
            'error',
            'line-too-short',
            `${s.name}：线少于 2 个不同的点`,
            `${s.name}: a line has fewer than 2 distinct points`,
            where,
          ),
        );
        continue;
      }
      g =
        g.type === 'LineString'
          ? { type: 'LineString', coordinates: lines[0]! }
          : { type: 'MultiLineString', coordinates: lines };
    }
    out.push({ ...s, geometry: g });
  }
  tell(sites.length);
  if (out.length === 0 && !issues.some((i) => i.severity === 'error'))
    issues.push(issue('error', 'no-sites', '文件中没有可用的地块', 'the file holds no usable site'));
  return { ...result, sites: out, issues };
}
