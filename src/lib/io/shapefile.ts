// ESRI shapefile reader (.shp with .dbf/.prj/.cpg, loose or zipped): points, lines, polygons with holes and their Z/M variants, GBK or UTF-8 attributes, any CRS crs.ts knows.

import { findField, ID_FIELDS, NAME_FIELDS } from './siteFields';
import type { Geometry, Position } from 'geojson';
import { crsFromPrj, toLonLat, type Crs } from '../geo/crs';
import { decodeText } from './decodeText';
import { failure, issue, type ImportIssue, type ImportResult, type ImportedSite } from './types';
import { unzip } from './zip';
import { readShp, recordList, type XY, type Text2 } from './shapefile/shp';
import { readDbf } from './shapefile/dbf';
import { allPoints, decideCrs } from './shapefile/crs';
import { fits } from './crsDecision';
import { assemblePolygons, signedArea } from './shapefile/rings';

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

// ---------------------------------------------------------------------------------------------
// Sites

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
      issue(
        'warning',
        'no-dbf',
        `${file} 没有 .dbf 属性表：地块按记录号命名`,
        `${file} comes without its .dbf attribute table: records are named by number`,
      ),
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
    const where =
      misfits.length === live.length ? { zh: '所有记录', en: 'every record' } : recordList(misfits.map((r) => r.n));
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
    const warn = (code: string, zh: string, en: string) =>
      issues.push(issue('warning', code, `${label.zh}：${zh}`, `${label.en}: ${en}`, { site: id }));
    let geometry: Geometry | null = null;
    const s = r.shape;
    if (s.kind === 'point') geometry = { type: 'Point', coordinates: toLonLat(crs, s.points[0]![0], s.points[0]![1]) };
    else if (s.kind === 'multipoint') geometry = { type: 'MultiPoint', coordinates: project(s.points) };
    else if (s.kind === 'line') {
      const lines = s.parts.filter((p) => p.length >= 2).map(project);
      if (lines.length < s.parts.length)
        warn('short-line-part', '有少于 2 个点的线段部分，已忽略', 'a part with fewer than 2 points was dropped');
      if (lines.length)
        geometry =
          lines.length === 1
            ? { type: 'LineString', coordinates: lines[0]! }
            : { type: 'MultiLineString', coordinates: lines };
    } else {
      // RFC 7946: outer rings counter-clockwise, holes clockwise.
      const polys = assemblePolygons(s.parts, warn).map((poly) =>
        poly.map((ring, k) => {
          const ll = project(ring);
          return (k === 0) === signedArea(ll) < 0 ? ll.reverse() : ll;
        }),
      );
      if (polys.length)
        geometry =
          polys.length === 1
            ? { type: 'Polygon', coordinates: polys[0]! }
            : { type: 'MultiPolygon', coordinates: polys };
    }
    if (!geometry) {
      issues.push(
        issue(
          'error',
          'empty-geometry',
          `${label.zh}：几何无有效部分，已跳过`,
          `${label.en}: the shape has no usable part; skipped`,
          { site: id },
        ),
      );
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
  const names = layers.map((g) =>
    layers.filter((o) => base(o.stem).toLowerCase() === base(g.stem).toLowerCase()).length > 1 ? g.stem : base(g.stem),
  );
  const text = (b: Uint8Array | undefined) => (b ? decodeText(b).text : undefined);
  const results = layers.map((g, i) =>
    readShapefileParts(
      {
        name: names[i]!,
        shp: g.files.get('shp')!,
        dbf: g.files.get('dbf'),
        prj: text(g.files.get('prj')),
        cpg: text(g.files.get('cpg')),
      },
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
