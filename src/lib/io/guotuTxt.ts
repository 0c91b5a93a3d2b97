// The 国土 TXT 界址点 format: [属性描述] header (坐标系, 几度分带/分带, 带号) and [地块坐标] parcels of
// "J<n>,<圈号>,<X northing>,<Y easting>" lines; 圈号 1 is the outer ring, higher numbers are holes.

import type { Geometry, Position } from 'geojson';
import { toLonLat, zoneFromEasting, type Crs } from '../geo/crs';
import { decideCrs } from './crsDecision';
import { areaFigures } from '../text/measures';
import { issue, type ImportIssue, type ImportResult, type ImportedSite } from './types';

const FORMAT = 'guotu-txt';

interface Vertex {
  name: string;
  ring: number;
  north: number;
  east: number;
  line: number;
}

interface Parcel {
  line: number;
  fields: string[];
  vertices: Vertex[];
}

/** Shoelace area of a ring in its own plane (the way a survey declares parcel area), m². */
function planarArea(ring: [number, number][]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return Math.abs(s) / 2;
}

const looksNorthing = (v: number) => v >= 1_000_000 && v < 10_000_000;
const looksEasting = (v: number) => zoneFromEasting(v) !== null || (v >= 100_000 && v < 1_000_000);

export function isGuotuTxt(text: string): boolean {
  return /\[\s*(属性描述|地块坐标)\s*\]/.test(text);
}

/**
 * Reads a 国土 TXT file. The zone comes from 带号 in the header, else from the easting's prefix;
 * `override` (a CRS the user chose) wins over both. Unclosed rings are closed with a warning, swapped
 * X/Y columns are detected and swapped back with a warning, and a declared area that disagrees with
 * the computed one by more than 0.1 % (and 1 m²) is reported.
 */
export function readGuotuTxt(text: string, override?: Crs | null): ImportResult {
  const issues: ImportIssue[] = [];
  const header: Record<string, string> = {};
  const parcels: Parcel[] = [];
  let section = '';
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (!line) return;
    const sec = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (sec) {
      section = sec[1]!;
      return;
    }
    if (section === '属性描述') {
      const kv = /^([^=＝]+)[=＝](.*)$/.exec(line);
      if (kv) header[kv[1]!.trim()] = kv[2]!.trim();
      return;
    }
    if (section !== '地块坐标') return;
    const f = line.split(/[,，]/).map((x) => x.trim());
    if (
      /^[A-Za-z]*\d+[A-Za-z]*$/.test(f[0] ?? '') &&
      f.length >= 4 &&
      !line.endsWith('@') &&
      Number.isFinite(Number(f[2])) &&
      Number.isFinite(Number(f[3])) &&
      f[2] !== '' &&
      f[3] !== ''
    ) {
      const parcel = parcels[parcels.length - 1];
      if (!parcel) {
        issues.push(
          issue(
            'error',
            'vertex-before-parcel',
            `第 ${n} 行：界址点出现在地块属性行之前`,
            `line ${n}: a boundary point comes before any parcel line`,
            {
              line: n,
            },
          ),
        );
        return;
      }
      const ring = Number(f[1] || '1');
      if (!Number.isInteger(ring) || ring < 1) {
        issues.push(
          issue(
            'error',
            'bad-ring-number',
            `第 ${n} 行：圈号“${f[1]}”不是正整数`,
            `line ${n}: ring number "${f[1]}" is not a positive integer`,
            { line: n },
          ),
        );
        return;
      }
      parcel.vertices.push({ name: f[0]!, ring, north: Number(f[2]), east: Number(f[3]), line: n });
      return;
    }
    if (line.endsWith('@') || /^\d+$/.test(f[0] ?? '')) {
      parcels.push({ line: n, fields: f, vertices: [] });
      return;
    }
    issues.push(
      issue(
        'error',
        'unreadable-line',
        `第 ${n} 行无法识别：${line.slice(0, 60)}`,
        `line ${n} is not a parcel or boundary-point line: ${line.slice(0, 60)}`,
        {
          line: n,
        },
      ),
    );
  });

  if (!parcels.length) {
    issues.push(issue('error', 'no-parcels', '文件中没有 [地块坐标] 地块', 'the file has no parcels under [地块坐标]'));
    return { format: FORMAT, crs: null, sites: [], issues };
  }

  // Columns: X is the northing and Y the easting; some software writes them the other way round.
  const all = parcels.flatMap((p) => p.vertices);
  if (all.length === 0) {
    issues.push(issue('error', 'no-points', '文件中没有界址点坐标', 'the file has no boundary-point coordinates'));
    return { format: FORMAT, crs: null, sites: [], issues };
  }
  const swapped =
    all.length > 0 &&
    all.every((v) => looksEasting(v.north) && looksNorthing(v.east)) &&
    !all.every((v) => looksEasting(v.east) && looksNorthing(v.north));
  if (swapped) {
    for (const v of all) [v.north, v.east] = [v.east, v.north];
    issues.push(
      issue(
        'warning',
        'swapped-xy',
        'X、Y 列疑似颠倒（X 应为纵坐标/北，Y 为横坐标/东），已按颠倒处理',
        'X and Y look swapped (X should be the northing, Y the easting); read them the other way round',
      ),
    );
  }
  const bad = all.find((v) => !looksNorthing(v.north) || !looksEasting(v.east));
  if (bad) {
    issues.push(
      issue(
        'error',
        'not-gauss-kruger',
        `第 ${bad.line} 行：坐标 ${bad.north}, ${bad.east} 不像高斯-克吕格平面坐标（X 应为 7 位整数，Y 为 6 位或带带号的 8 位整数）`,
        `line ${bad.line}: ${bad.north}, ${bad.east} do not look like Gauss-Kruger coordinates (X has 7 integer digits, Y 6, or 8 with the zone prefix)`,
        { line: bad.line },
      ),
    );
    return { format: FORMAT, crs: null, sites: [], issues };
  }

  const crs = decideZone(header, all, override ?? null, issues);
  if (!crs) return { format: FORMAT, crs: null, sites: [], issues };

  const sites: ImportedSite[] = [];
  parcels.forEach((p, k) => {
    const id = p.fields[2] || String(k + 1);
    const name =
      p.fields.slice(3).find((x) => x && x !== '@' && !/^[\d.]+$/.test(x) && !['点', '线', '面'].includes(x)) ??
      `地块${k + 1}`;
    const kind = p.fields[4] === '线' ? 'line' : p.fields[4] === '点' ? 'point' : 'polygon';
    const where = { line: p.line, site: id };
    if (p.vertices.length === 0) {
      issues.push(
        issue(
          'error',
          'empty-parcel',
          `地块 ${id}（第 ${p.line} 行）没有界址点`,
          `parcel ${id} (line ${p.line}) has no boundary points`,
          where,
        ),
      );
      return;
    }
    const declaredCount = Number(p.fields[0]);
    if (Number.isInteger(declaredCount) && declaredCount > 0 && declaredCount !== p.vertices.length)
      issues.push(
        issue(
          'warning',
          'point-count',
          `地块 ${id} 声明 ${declaredCount} 个界址点，实有 ${p.vertices.length} 个（文件可能被截断）`,
          `parcel ${id} declares ${declaredCount} points but has ${p.vertices.length} (the file may be truncated)`,
          where,
        ),
      );
    const byRing = new Map<number, Vertex[]>();
    for (const v of p.vertices) byRing.set(v.ring, [...(byRing.get(v.ring) ?? []), v]);
    const project = (v: Vertex): Position => toLonLat(crs, v.east, v.north);
    let geometry: Geometry;
    let planar = 0;
    if (kind === 'point') geometry = { type: 'MultiPoint', coordinates: p.vertices.map(project) };
    else if (kind === 'line') geometry = { type: 'LineString', coordinates: p.vertices.map(project) };
    else {
      const rings: Position[][] = [];
      for (const [ringNo, vs] of [...byRing.entries()].sort((a, b) => a[0] - b[0])) {
        const pts: [number, number][] = vs.map((v) => [v.east, v.north]);
        const first = pts[0]!,
          last = pts[pts.length - 1]!;
        if (first[0] !== last[0] || first[1] !== last[1]) {
          pts.push([first[0], first[1]]);
          vs.push({ ...vs[0]! });
          issues.push(
            issue(
              'warning',
              'ring-closed',
              `地块 ${id} 第 ${ringNo} 圈首尾点不重合，已自动闭合`,
              `parcel ${id} ring ${ringNo} was not closed; closed it`,
              where,
            ),
          );
        }
        if (pts.length < 4) {
          issues.push(
            issue(
              'error',
              'ring-too-short',
              `地块 ${id} 第 ${ringNo} 圈少于 3 个不同的界址点`,
              `parcel ${id} ring ${ringNo} has fewer than 3 distinct points`,
              where,
            ),
          );
          return;
        }
        const a = planarArea(pts);
        planar += ringNo === 1 || rings.length === 0 ? a : -a;
        rings.push(vs.map(project));
      }
      if (!byRing.has(1))
        issues.push(
          issue(
            'warning',
            'no-outer-ring',
            `地块 ${id} 没有圈号为 1 的外圈，已将最小圈号作为外圈`,
            `parcel ${id} has no ring number 1; took the lowest as the outer ring`,
            where,
          ),
        );
      geometry = { type: 'Polygon', coordinates: rings };
    }
    const site: ImportedSite = { id, name, geometry, properties: { parcel: id, name, fields: p.fields.join(',') } };
    const declaredHa = Number(p.fields[1]);
    if (kind === 'polygon' && p.fields[1] && Number.isFinite(declaredHa) && declaredHa > 0) {
      site.declaredAreaM2 = declaredHa * 10_000;
      const diff = Math.abs(planar - site.declaredAreaM2);
      if (diff > Math.max(1, site.declaredAreaM2 * 0.001))
        issues.push(
          issue(
            'warning',
            'area-mismatch',
            `地块 ${id} 声明面积 ${declaredHa} 公顷，按坐标计算为 ${areaFigures(planar).ha} 公顷（相差 ${((diff / site.declaredAreaM2) * 100).toFixed(2)}%）`,
            `parcel ${id} declares ${declaredHa} ha but its coordinates enclose ${areaFigures(planar).ha} ha (${((diff / site.declaredAreaM2) * 100).toFixed(2)} % off)`,
            where,
          ),
        );
    }
    sites.push(site);
  });
  return { format: FORMAT, crs, sites, issues };
}

/** The header's datum (warned unless CGCS2000) and 带号, then the CRS decided with every other importer's. */
function decideZone(
  header: Record<string, string>,
  all: Vertex[],
  override: Crs | null,
  issues: ImportIssue[],
): Crs | null {
  const widthText = header['几度分带'] ?? header['分带'] ?? '';
  const width = /6/.test(widthText) ? 6 : /3/.test(widthText) ? 3 : null;
  const zoneText = (header['带号'] ?? '').trim();
  const datum = header['坐标系'] ?? '';
  if (datum && !/2000|CGCS/i.test(datum))
    issues.push(
      issue(
        'warning',
        'datum-not-cgcs2000',
        `文件头坐标系为“${datum}”，按 CGCS2000 读取；西安80/北京54 坐标需先转换`,
        `the header names the datum "${datum}"; read as CGCS2000 — Xi'an 80 or Beijing 54 coordinates must be converted first`,
      ),
    );
  return decideCrs(
    {
      points: all.map((v) => [v.east, v.north] as const),
      chosen: override,
      ...(zoneText ? { headerZone: { zone: Number(zoneText), width } } : {}),
      silence: {
        zh: '横坐标不带带号，文件头也没有带号',
        en: 'the eastings carry no zone prefix and the header gives no 带号',
      },
    },
    issues,
  );
}
