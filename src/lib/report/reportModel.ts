// One report model for a checked site, from which the printable page, the Word chapter and the data exports are rendered.

import type { Geometry } from 'geojson';
import type { SiteResult } from '../check/checkSite';
import type { LayerState } from '../check/dataset';
import { problemTexts } from '../check/problems';
import type { LayerSpec, Provenance, Text } from '../layers/manifest';
import { sha256Hex } from '../layers/fetchVerified';
import { centroid } from '../geo/centroid';
import { M2_PER_HA, M2_PER_MU } from '../geo/ellipsoid';
import { positions } from '../geo/geometryWalk';
import { messages } from '../i18n/messages';
import type { HitRule } from '../check/checkSite';
import type { ProjectType } from '../rules/model';
import { layoutMap, type MapLayout, type MapLayer } from './mapLayout';

export interface ReportInput {
  site: { id: string; name: string; geometry: Geometry; source?: string; crs?: string };
  result: SiteResult;
  layers: { state: LayerState; spec?: LayerSpec; sha256?: string }[];
  rulesSha256?: string;
  /** The geometry of a hit zone, for the map; null when not at hand. */
  zoneGeometry: (layer: string, zone: string) => Geometry | null;
  nearM: number;
  projectType: string | null;
  now: Date;
  /** The project types known to the access list, so rules name the types they apply to in words. */
  types?: ProjectType[];
}

export interface ReportHit {
  layer: string;
  layerTitle: Text;
  zone: string;
  name: string;
  classLabel: Text | null;
  relation: Text;
  overlapM2: number;
  overlapHa: number;
  overlapMu: number;
  siteSharePct: number;
  lengthInM: number;
  distanceM: number;
  requirements: { field: string; title: Text; text: string }[];
  rules: (Pick<HitRule, 'id' | 'strength' | 'text' | 'cite' | 'projectTypes'> & {
    strengthText: Text;
    dependsOnType: boolean;
  })[];
}

export interface ReportModel {
  title: Text;
  generatedAt: string;
  site: {
    id: string;
    name: string;
    geometryType: string;
    areaM2: number;
    areaHa: number;
    areaMu: number;
    lengthM: number;
    centroid: [number, number] | null;
    source: string;
    crs: string;
    vertices: [number, number][];
    verticesTruncated: boolean;
  };
  verdict: { code: string; text: Text };
  projectType: string | null;
  nearM: number;
  hits: ReportHit[];
  /** What keeps the verdict from being definite, in both languages. */
  missing: Text[];
  needsType: number;
  layers: {
    id: string;
    title: Text;
    version: string;
    features: number;
    status: string;
    provenance: Provenance | null;
  }[];
  illustrative: boolean;
  notice: Text | null;
  fingerprint: string;
  map: MapLayout;
}

const MAX_VERTICES = 200;
const msg = (key: string): Text => (messages as Record<string, Text>)[key] ?? { zh: key, en: key };
const REQUIREMENT_FIELDS = ['KJBJYS', 'PWWPFGK', 'HJFXFK', 'ZYKFXLYQ'];

/** Rounded to 1e-8° (1 mm) so a re-check of the same site reproduces the fingerprint. */
function canonical(g: Geometry): string {
  return JSON.stringify(g, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e8) / 1e8 : v));
}

export async function buildReport(input: ReportInput): Promise<ReportModel> {
  const { site, result } = input;
  const specOf = (id: string) => input.layers.find((l) => l.state.id === id)?.spec;
  const illustrative = input.layers.some((l) => l.state.illustrative);
  const typeName = new Map((input.types ?? []).map((t) => [t.id, t.zh]));
  const hits: ReportHit[] = result.hits.map((h) => {
    const spec = specOf(h.layer);
    const cls = spec?.style.classField
      ? spec.style.classes.find((c) => c.value === h.props[spec.style.classField!])
      : undefined;
    return {
      layer: h.layer,
      layerTitle: spec?.title ?? { zh: h.layer, en: h.layer },
      zone: h.zone,
      name: h.name,
      classLabel: cls?.label ?? null,
      relation: msg(`relation_${h.relation}`),
      overlapM2: h.overlapM2,
      overlapHa: h.overlapHa,
      overlapMu: h.overlapMu,
      siteSharePct: h.siteShare * 100,
      lengthInM: h.lengthInM,
      distanceM: h.distanceM,
      requirements: REQUIREMENT_FIELDS.filter(
        (f) => typeof h.props[f] === 'string' && (h.props[f] as string).trim(),
      ).map((f) => ({
        field: f,
        title: spec?.attributes.find((a) => a.name === f)?.title ?? { zh: f, en: f },
        text: String(h.props[f]),
      })),
      rules: h.rules.map((r) => ({
        id: r.id,
        strength: r.strength,
        text: r.text,
        cite: r.cite,
        projectTypes: r.projectTypes.map((id) => typeName.get(id) ?? id),
        strengthText: msg(`strength_${r.strength}`),
        dependsOnType: r.applies === null,
      })),
    };
  });
  const mapLayers: MapLayer[] = [...result.hits]
    .sort((a, b) => Number(specOf(b.layer)?.role === 'admin') - Number(specOf(a.layer)?.role === 'admin'))
    .flatMap((h) => {
      const g = input.zoneGeometry(h.layer, h.zone);
      const spec = specOf(h.layer);
      if (!g || !spec || h.layer === 'admin-city') return [];
      // The district is context: its outline only, drawn first, so the reader can place the site.
      if (spec.role === 'admin')
        return [{ geometry: g, fill: 'none', stroke: '#555555', label: `${spec.title.zh} · ${h.name}` }];
      const cls = spec.style.classField
        ? spec.style.classes.find((c) => c.value === h.props[spec.style.classField!])
        : spec.style.classes[0];
      return [
        {
          geometry: g,
          fill: cls?.color ?? '#999999',
          stroke: spec.style.lineColor,
          label: `${spec.title.zh}${cls && spec.style.classField ? ` · ${cls.label.zh}` : ''}`,
        },
      ];
    });
  const verts = positions(site.geometry).map((p) => [p[0]!, p[1]!] as [number, number]);
  const fingerprint = await sha256Hex(
    new TextEncoder().encode(
      JSON.stringify({
        geometry: canonical(site.geometry),
        layers: input.layers.map((l) => [l.state.id, l.state.version, l.sha256 ?? null, l.state.status]),
        rules: input.rulesSha256 ?? null,
        nearM: input.nearM,
        projectType: input.projectType,
      }),
    ),
  );
  return {
    title: {
      zh: '建设项目选址生态环境分区管控符合性核查报告',
      en: 'Siting check against ecological zoning (三线一单)',
    },
    generatedAt: input.now.toISOString(),
    site: {
      id: site.id,
      name: site.name,
      geometryType: site.geometry.type,
      areaM2: result.areaM2,
      areaHa: result.areaM2 / M2_PER_HA,
      areaMu: result.areaM2 / M2_PER_MU,
      lengthM: result.lengthM,
      centroid: centroid(site.geometry),
      source: site.source ?? '',
      crs: site.crs ?? 'EPSG:4490',
      vertices: verts.slice(0, MAX_VERTICES),
      verticesTruncated: verts.length > MAX_VERTICES,
    },
    verdict: { code: result.verdict, text: msg(`verdict_${result.verdict}`) },
    projectType: input.projectType,
    nearM: input.nearM,
    hits,
    missing: result.missing.map(problemTexts),
    needsType: result.needsType.length,
    layers: input.layers.map((l) => ({
      id: l.state.id,
      title: l.state.title,
      version: l.state.version,
      features: l.state.features,
      status: l.state.status,
      provenance: l.spec?.provenance ?? null,
    })),
    illustrative,
    notice: illustrative ? msg('illustrativeNotice') : null,
    fingerprint,
    map: layoutMap({
      site: site.geometry,
      layers: mapLayers,
      width: 640,
      height: 480,
      marginM: Math.max(input.nearM, 200),
      title: site.name,
    }),
  };
}
