// GeoJSON sites: a FeatureCollection, a Feature or a bare geometry, in lon/lat unless a legacy "crs" member or the user says otherwise.

import { fieldValue, ID_FIELDS, NAME_FIELDS } from './siteFields';
import type { Feature, Geometry } from 'geojson';
import { parseCrs, type Crs } from '../geo/crs';
import { NO_CRS_NAMED, toLonLatGeometry } from './reproject';
import { decideCrs } from './crsDecision';
import { positions } from '../geo/geometryWalk';
import { failure, issue, type ImportIssue, type ImportResult, type ImportedSite } from './types';

const FORMAT = 'geojson';
const GEOMETRY_TYPES = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
];

function lineOf(text: string, message: string): number | undefined {
  const m = /position (\d+)/.exec(message);
  return m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
}

/** The CRS a legacy GeoJSON "crs" member names (urn:ogc:def:crs:EPSG::4547, EPSG:4490, …). */
function crsMember(json: { crs?: { properties?: { name?: unknown } } }): Crs | null | undefined {
  const name = json.crs?.properties?.name;
  if (typeof name !== 'string') return undefined;
  if (/CRS84$/i.test(name)) return parseCrs('EPSG:4326');
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  return m ? parseCrs(m[1]!) : null;
}

export function readGeoJson(text: string, override?: Crs | null): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = (e as Error).message;
    const line = lineOf(text, msg);
    return failure(
      FORMAT,
      'bad-json',
      `不是有效的 JSON${line ? `（第 ${line} 行附近）` : ''}：${msg}`,
      `not valid JSON${line ? ` (near line ${line})` : ''}: ${msg}`,
      line ? { line } : {},
    );
  }
  const o = json as { type?: unknown; features?: unknown };
  let features: Feature[];
  if (o && o.type === 'FeatureCollection' && Array.isArray(o.features)) features = o.features as Feature[];
  else if (o && o.type === 'Feature') features = [o as Feature];
  else if (o && typeof o.type === 'string' && GEOMETRY_TYPES.includes(o.type))
    features = [{ type: 'Feature', properties: {}, geometry: o as Geometry }];
  else
    return failure(
      FORMAT,
      'not-geojson',
      '不是 GeoJSON（应为 FeatureCollection、Feature 或几何对象）',
      'not GeoJSON (expected a FeatureCollection, a Feature or a geometry)',
    );

  const issues: ImportIssue[] = [];
  const declared = crsMember(json as { crs?: { properties?: { name?: unknown } } });
  if (declared === null)
    issues.push(
      issue(
        'error',
        'unsupported-crs',
        '文件声明的坐标系不受支持',
        "the file's crs member names a CRS this tool does not support",
      ),
    );
  const usable: { f: Feature; index: number }[] = [];
  features.forEach((f, index) => {
    const id = String(f?.properties?.['id'] ?? f?.id ?? index);
    if (
      !f ||
      typeof f !== 'object' ||
      !f.geometry ||
      typeof f.geometry !== 'object' ||
      !GEOMETRY_TYPES.includes((f.geometry as { type?: string }).type ?? '')
    ) {
      issues.push(
        issue('error', 'no-geometry', `要素 ${id} 没有可用的几何`, `feature ${id} has no usable geometry`, {
          site: id,
        }),
      );
      return;
    }
    try {
      const pts = positions(f.geometry);
      if (pts.length === 0 || pts.some((p) => !Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])))
        throw new Error('bad');
    } catch {
      issues.push(
        issue(
          'error',
          'bad-coordinates',
          `要素 ${id} 的坐标为空或不是数字`,
          `feature ${id} has empty or non-numeric coordinates`,
          { site: id },
        ),
      );
      return;
    }
    usable.push({ f, index });
  });
  if (declared === null) return { format: FORMAT, crs: null, sites: [], issues };
  const all = usable.flatMap(({ f }) => positions(f.geometry));
  const crs = decideCrs(
    {
      points: all.map((p) => [p[0]!, p[1]!] as const),
      chosen: override ?? null,
      ...(declared ? { declared: { crs: declared, name: declared.name } } : {}),
      silence: NO_CRS_NAMED,
      lonLatIsDefault: true,
    },
    issues,
  );
  if (!crs) return { format: FORMAT, crs: null, sites: [], issues };
  const sites: ImportedSite[] = usable.map(({ f, index }) => {
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const id = fieldValue(props, ID_FIELDS) ?? String(f.id ?? index);
    const name = fieldValue(props, NAME_FIELDS) ?? id;
    return { id, name, geometry: toLonLatGeometry(f.geometry, crs), properties: props };
  });
  return { format: FORMAT, crs, sites, issues };
}
