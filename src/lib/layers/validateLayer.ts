// Validation of one layer's features against its manifest entry: geometry, bounds, ids, attributes.

import type { Feature, FeatureCollection, Position } from 'geojson';
import { firstCrossing } from '../check/selfCrossing';
import type { LayerSpec, Text } from './manifest';
import { firstDuplicateVertex, isClosed, ringSignedArea2 } from '../geo/rings';

export interface DataIssue {
  severity: 'error' | 'warning';
  code: string;
  layer: string;
  /** The feature's id, or `#index` when it has none. */
  feature?: string;
  message: Text;
  /** Where the problem is (lon, lat), when it has a place: the QA report draws a small map of it. */
  at?: [number, number];
}

type Bounds = [number, number, number, number];

function featureLabel(f: Feature, index: number, idField: string): string {
  const id = f.properties?.[idField] ?? f.id;
  return id === undefined || id === null || id === '' ? `#${index}` : String(id);
}

function fmt(p: Position): string {
  return `${p[0]}, ${p[1]}`;
}

function checkRing(
  ring: Position[],
  outer: boolean,
  bounds: Bounds,
  issue: (code: string, zh: string, en: string, at?: Position) => void,
): void {
  if (!Array.isArray(ring) || ring.length < 4) {
    issue('ring-too-short', '环少于 4 个坐标点', 'ring has fewer than 4 positions');
    return;
  }
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      issue('bad-coordinate', `坐标无效：${JSON.stringify(p)}`, `invalid coordinate: ${JSON.stringify(p)}`);
      return;
    }
  }
  if (!isClosed(ring))
    issue(
      'ring-not-closed',
      `环未闭合（首点 ${fmt(ring[0]!)}）`,
      `ring is not closed (first point ${fmt(ring[0]!)})`,
      ring[0],
    );
  const dup = firstDuplicateVertex(ring);
  if (dup >= 0)
    issue(
      'duplicate-vertex',
      `重复坐标点：${fmt(ring[dup]!)}`,
      `duplicate consecutive vertex at ${fmt(ring[dup]!)}`,
      ring[dup],
    );
  const out = ring.find((p) => p[0]! < bounds[0] || p[0]! > bounds[2] || p[1]! < bounds[1] || p[1]! > bounds[3]);
  if (out)
    issue(
      'out-of-bounds',
      `坐标超出范围 ${bounds.join(', ')}：${fmt(out)}`,
      `coordinate outside ${bounds.join(', ')}: ${fmt(out)}`,
      out,
    );
  const area2 = ringSignedArea2(ring);
  if (area2 === 0) issue('zero-area-ring', '环面积为零', 'ring has zero area');
  else if (outer !== area2 > 0)
    issue(
      'wrong-winding',
      outer ? '外环应为逆时针（RFC 7946）' : '内环（洞）应为顺时针（RFC 7946）',
      outer ? 'outer ring must be counter-clockwise (RFC 7946)' : 'hole must be clockwise (RFC 7946)',
    );
}

function polygonsOf(f: Feature): Position[][][] | null {
  const g = f.geometry;
  if (!g) return null;
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return null;
}

/** Every problem in the layer; an empty list means it may be built. */
export function validateLayer(spec: LayerSpec, data: unknown, bounds: Bounds): DataIssue[] {
  const issues: DataIssue[] = [];
  const add = (
    severity: DataIssue['severity'],
    code: string,
    feature: string | undefined,
    zh: string,
    en: string,
    at?: Position,
  ) =>
    issues.push({
      severity,
      code,
      layer: spec.id,
      ...(feature === undefined ? {} : { feature }),
      message: { zh, en },
      ...(at ? { at: [at[0]!, at[1]!] as [number, number] } : {}),
    });

  const fc = data as FeatureCollection;
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    add(
      'error',
      'not-feature-collection',
      undefined,
      '不是 GeoJSON FeatureCollection',
      'not a GeoJSON FeatureCollection',
    );
    return issues;
  }
  if (fc.features.length === 0) {
    add('error', 'empty-layer', undefined, '图层没有要素', 'layer has no features');
    return issues;
  }

  const seen = new Map<string, number>();
  fc.features.forEach((f, index) => {
    const label = featureLabel(f, index, spec.idField);
    const issue = (code: string, zh: string, en: string, at?: Position) => add('error', code, label, zh, en, at);
    if (!f || f.type !== 'Feature') {
      issue('not-a-feature', '不是 GeoJSON Feature', 'not a GeoJSON Feature');
      return;
    }

    if (label.startsWith('#')) issue('missing-id', `缺少编号字段 ${spec.idField}`, `missing id field ${spec.idField}`);
    else if (seen.has(label))
      issue(
        'duplicate-id',
        `编号重复（与第 ${seen.get(label)} 个要素相同）`,
        `duplicate id (same as feature #${seen.get(label)})`,
      );
    else seen.set(label, index);

    const polygons = polygonsOf(f);
    if (spec.geometryType === 'Polygon' && !polygons) {
      issue(
        'wrong-geometry-type',
        `几何类型应为面，实为 ${f.geometry?.type ?? '空'}`,
        `geometry must be a polygon, got ${f.geometry?.type ?? 'none'}`,
      );
    } else if (polygons) {
      const before = issues.length;
      polygons.forEach((rings) => {
        if (!Array.isArray(rings) || rings.length === 0) issue('empty-polygon', '空多边形', 'empty polygon');
        else rings.forEach((ring, i) => checkRing(ring, i === 0, bounds, issue));
      });
      // Self-intersection is only meaningful once the rings are well formed.
      if (issues.length === before) {
        for (const rings of polygons) {
          // A hole touching the shell at one shared vertex is valid (OGC); only crossings are errors (decided exactly).
          const at = firstCrossing(rings);
          if (at) {
            issue('self-intersection', `边界自相交，位置约 ${fmt(at)}`, `boundary self-intersects near ${fmt(at)}`, at);
            break;
          }
        }
      }
    }

    const props = f.properties ?? {};
    for (const attr of spec.attributes) {
      const v = props[attr.name];
      if (v === undefined || v === null || v === '') {
        if (attr.required)
          issue('missing-attribute', `缺少必填字段 ${attr.name}`, `missing required attribute ${attr.name}`);
        continue;
      }
      const typeOk =
        attr.type === 'string'
          ? typeof v === 'string'
          : attr.type === 'integer'
            ? Number.isInteger(v)
            : typeof v === 'number' && Number.isFinite(v);
      if (!typeOk)
        issue(
          'wrong-attribute-type',
          `字段 ${attr.name} 应为 ${attr.type}，实为 ${JSON.stringify(v)}`,
          `attribute ${attr.name} must be ${attr.type}, got ${JSON.stringify(v)}`,
        );
      else if (attr.values && !attr.values.includes(v))
        issue(
          'bad-attribute-value',
          `字段 ${attr.name} 的值 ${JSON.stringify(v)} 不在允许范围 ${attr.values.join('/')}`,
          `attribute ${attr.name} value ${JSON.stringify(v)} is not one of ${attr.values.join('/')}`,
        );
    }
    const known = new Set(spec.attributes.map((a) => a.name));
    for (const k of Object.keys(props))
      if (!known.has(k))
        add(
          'warning',
          'unknown-attribute',
          label,
          `未在清单中声明的字段 ${k}（构建时丢弃）`,
          `attribute ${k} is not in the manifest (dropped by the build)`,
        );
    if (props.status !== undefined && props.status !== spec.provenance.status)
      issue(
        'status-mismatch',
        `要素状态 ${props.status} 与图层来源状态 ${spec.provenance.status} 不一致`,
        `feature status ${props.status} disagrees with the layer's provenance status ${spec.provenance.status}`,
      );
  });
  return issues;
}

/** One line per issue, naming the layer, the file and the feature, in both languages. */
export function formatIssue(i: DataIssue, file: string): string {
  const where = `${file}${i.feature ? ` [${i.feature}]` : ''}`;
  return `${i.severity.toUpperCase()} ${i.code} ${where}: ${i.message.en} / ${i.message.zh}`;
}
