// An official delivery's features (already in lon/lat) made into the project's layer: attributes renamed and typed as the
// layer spec says, the provenance stamped on every feature, then every problem found at once (the layer validator's,
// plus text that did not decode cleanly and requirement texts cut at the DBF's 254 bytes). Pure: the command line
// reads the files (src/cli/dataImport.ts).

import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { ringSignedArea2 } from '../geo/rings';
import type { LayerSpec, Manifest, Provenance } from './manifest';
import { attributeValue, gbkLength, SET_BY_IMPORT, type MappingDecision } from './fieldMapping';
import { validateLayer, type DataIssue } from './validateLayer';
import { repairRings, tilingProblems, unitsOf, unitTilingProblems, type TilingUnit } from './qa';
import type { FlatFeature } from './loadLayer';

/** The requirement texts of a control unit (the four dimensions of its access list). */
export const REQUIREMENT_FIELDS = ['KJBJYS', 'PWWPFGK', 'HJFXFK', 'ZYKFXLYQ'] as const;

/**
 * Rings wound as RFC 7946 asks (outer counter-clockwise, holes clockwise): shapefiles and geodatabases wind the other
 * way, which is their convention, not a defect. Only the order of vertices changes.
 */
function rewound(g: Geometry): Geometry {
  const wind = (rings: Position[][]) =>
    rings.map((r, i) => (ringSignedArea2(r) > 0 === (i === 0) ? r : [...r].reverse()));
  if (g.type === 'Polygon') return { ...g, coordinates: wind(g.coordinates) };
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map(wind) };
  return g;
}

/** Text that did not decode: replacement characters, or the Latin-1 reading of GBK/UTF-8 bytes (mojibake). */
export function undecodable(s: string): boolean {
  // Latin-1 letters in runs, as GBK or UTF-8 read as ISO-8859-1 gives (e.g. "Ö£ÖÝ" for 郑州), never in real names here.
  return s.includes('\uFFFD') || /[\u00c0-\u00ff][\u0080-\u00ff]/.test(s);
}

export interface ImportedLayer {
  fc: FeatureCollection;
  issues: DataIssue[];
}

/**
 * The layer spec an official delivery is built with: the demo spec, except that a control unit's requirement texts may be
 * empty (a warning in the QA report, not a stop) and the provenance is the delivery's.
 */
export function officialSpec(spec: LayerSpec, provenance: Provenance): LayerSpec {
  return {
    ...spec,
    provenance,
    attributes: spec.attributes.map((a) =>
      (REQUIREMENT_FIELDS as readonly string[]).includes(a.name) ? { ...a, required: false } : a,
    ),
  };
}

/** Renames, types and stamps the features, then lists every problem (errors stop the import, warnings go on). */
export function importFeatures(
  spec: LayerSpec,
  source: FeatureCollection,
  decision: MappingDecision,
  provenance: Provenance,
  bounds: Manifest['bounds'],
  opts: {
    /** The texts came from a DBF (a shapefile), whose character fields end at 254 bytes. */
    fromDbf?: boolean;
    /** Full requirement texts by unit code and dimension (the access list), in place of the delivered ones. */
    fullTexts?: Map<string, Partial<Record<string, { text: string }>>>;
    /** Leave the tiling check (overlaps and gaps between units) to the caller, who runs it beside (tilingOf). */
    tilingElsewhere?: boolean;
  } = {},
): ImportedLayer {
  const fromDbf = opts.fromDbf ?? false;
  const issues: DataIssue[] = [];
  const add = (severity: DataIssue['severity'], code: string, feature: string | undefined, zh: string, en: string) =>
    issues.push({ severity, code, layer: spec.id, ...(feature === undefined ? {} : { feature }), message: { zh, en } });
  const note = `${provenance.source.zh}（${provenance.version}）`;
  let badText = 0;
  const features: Feature[] = source.features.map((f, index) => {
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const a of spec.attributes) {
      if (SET_BY_IMPORT.has(a.name)) continue;
      const from = decision.fields[a.name];
      if (!from) continue;
      const v = attributeValue(a, from, props);
      if (v !== undefined && v !== '') out[a.name] = v;
    }
    out['status'] = 'official';
    out['source_note'] = note;
    const label = importedId(spec, decision, props, index);
    const full = opts.fullTexts?.get(label);
    for (const [k, v] of Object.entries(out))
      if (typeof v === 'string' && undecodable(v)) {
        if (badText++ < 20)
          add(
            'error',
            'undecodable-text',
            label,
            `字段 ${k} 的文字未能正确解码（“${v.slice(0, 24)}”）：请用 --encoding 指定编码（如 GBK 或 UTF-8）`,
            `the text of ${k} did not decode cleanly ("${v.slice(0, 24)}"): name the encoding with --encoding (GBK or UTF-8)`,
          );
      }
    if (spec.id === 'ecu')
      for (const k of REQUIREMENT_FIELDS) {
        const given = full?.[k]?.text;
        if (given) {
          out[k] = given;
          continue;
        }
        if (!fromDbf) continue;
        const v = out[k];
        if (typeof v !== 'string' || !v.trim()) continue;
        // A DBF character field holds at most 254 bytes: a text that fills it was most likely cut.
        if (gbkLength(v) >= 250)
          add(
            'warning',
            'text-cut',
            label,
            `${k} 文字长 ${gbkLength(v)} 字节，已达 DBF 字段上限，可能被截断：请用 --access-list 提供完整准入清单`,
            `${k} is ${gbkLength(v)} bytes, the DBF field's limit, and was probably cut: give the full access list with --access-list`,
          );
      }
    return { type: 'Feature', properties: out, geometry: f.geometry ? rewound(f.geometry) : f.geometry };
  });
  if (badText > 20)
    add(
      'error',
      'undecodable-text',
      undefined,
      `另有 ${badText - 20} 处文字未能正确解码`,
      `${badText - 20} more texts did not decode cleanly`,
    );
  // Certain repairs first (said as warnings), then every problem the validator finds, then the layer-wide checks.
  const repaired = repairRings(spec.id, { type: 'FeatureCollection', features }, spec.idField);
  const fc = repaired.fc;
  issues.push(...repaired.issues, ...validateLayer(spec, fc, bounds));
  if (spec.tiles && !opts.tilingElsewhere) issues.push(...tilingProblems(spec.id, fc, spec.idField));
  if (spec.id === 'ecu')
    for (const f of features) {
      const p = f.properties!;
      const empty = REQUIREMENT_FIELDS.filter((k) => !String(p[k] ?? '').trim());
      if (empty.length)
        add(
          'warning',
          'empty-requirement',
          String(p[spec.idField]),
          `管控要求为空：${empty.join('、')}`,
          `empty requirement text: ${empty.join(', ')}`,
        );
    }
  return { fc, issues };
}

/** A delivered feature's id as the import names it: the id attribute as the mapping reads it, else `#n` (1-based). */
export function importedId(
  spec: LayerSpec,
  decision: MappingDecision,
  props: Record<string, unknown>,
  index: number,
): string {
  const a = spec.attributes.find((x) => x.name === spec.idField);
  const from = decision.fields[spec.idField];
  const v = a && from ? attributeValue(a, from, props) : undefined;
  return v === undefined || v === '' || v === null ? `#${index + 1}` : String(v);
}

/**
 * The tiling check of a delivery's units on its own, with the ids the import gives them: for a caller that runs it in
 * a second thread beside the rest of the import. The units may come as GeoJSON or as flat rings with their properties
 * (flatGeobufUnits in loadLayer.ts); either way the rings are taken as delivered (the check does not depend on winding, closure,
 * repeated vertices or spikes, which the import repairs).
 */
export function tilingOf(
  spec: LayerSpec,
  decision: MappingDecision,
  source: FeatureCollection | FlatFeature[],
): DataIssue[] {
  if (!spec.tiles) return [];
  const units: TilingUnit[] = Array.isArray(source)
    ? source.map((u, i) => ({ id: importedId(spec, decision, u.properties, i), polys: u.polys }))
    : unitsOf(source, (f, i) => importedId(spec, decision, (f.properties ?? {}) as Record<string, unknown>, i));
  return unitTilingProblems(spec.id, units);
}
