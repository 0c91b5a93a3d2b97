// Consistency checks on the rules data, run by the data build: a rule that can never match is a silent gap in the access list.

import type { Manifest } from '../layers/manifest';
import { DIMENSION_TITLES, type ProjectType, type RuleFile } from './model';

const STRENGTHS = ['prohibited', 'restricted', 'conditional', 'allowed', 'needs-review'];
const RELATIONS = ['inside', 'overlaps', 'touches', 'near'];
const CODE = /^[A-T]\d{2,4}$/;

/** Problems found, one English sentence each naming the rule or type; empty when sound. */
export function checkRules(files: RuleFile[], types: ProjectType[], manifest: Manifest): string[] {
  const problems: string[] = [];
  const typeIds = new Set<string>();
  for (const t of types) {
    if (!/^[a-z][a-z0-9-]*$/.test(t.id))
      problems.push(`project type ${t.id}: id must be lower-case letters, digits and hyphens`);
    if (typeIds.has(t.id)) problems.push(`project type ${t.id}: duplicate id`);
    typeIds.add(t.id);
    if (!t.zh || !t.en) problems.push(`project type ${t.id}: needs zh and en names`);
    for (const c of t.codes)
      if (!CODE.test(c))
        problems.push(`project type ${t.id}: industry code ${c} is not a GB/T 4754 code like C26 or C3011`);
  }
  for (const t of types)
    for (const p of t.partOf ?? [])
      if (!typeIds.has(p)) problems.push(`project type ${t.id}: partOf ${p} is not a type`);

  const layers = new Map(manifest.layers.map((l) => [l.id, l]));
  const ids = new Set<string>();
  for (const f of files) {
    if (!f.source?.id || !f.source.title?.zh) problems.push(`a rule file lacks its source id or title`);
    for (const r of f.rules ?? []) {
      const at = `rule ${r.id} (${f.source?.id})`;
      if (ids.has(r.id)) problems.push(`${at}: duplicate id`);
      ids.add(r.id);
      if (!STRENGTHS.includes(r.strength))
        problems.push(`${at}: strength ${r.strength} is not one of ${STRENGTHS.join('/')}`);
      if (!(r.dimension in DIMENSION_TITLES))
        problems.push(`${at}: dimension ${r.dimension} is not KJBJYS/PWWPFGK/HJFXFK/ZYKFXLYQ`);
      if (!r.text?.zh?.trim()) problems.push(`${at}: no Chinese text`);
      if (!r.cite?.trim()) problems.push(`${at}: no citation`);
      if (!Array.isArray(r.projectTypes) || r.projectTypes.length === 0)
        problems.push(`${at}: projectTypes is empty (use ["*"] for every project)`);
      for (const t of [...(r.projectTypes ?? []), ...(r.exceptTypes ?? [])])
        if (t !== '*' && !typeIds.has(t)) problems.push(`${at}: project type ${t} is not in project-types.json`);
      for (const rel of r.scope?.relations ?? [])
        if (!RELATIONS.includes(rel)) problems.push(`${at}: relation ${rel} is not one of ${RELATIONS.join('/')}`);
      const layer = layers.get(r.scope?.layer);
      if (!layer) {
        problems.push(`${at}: scope layer ${r.scope?.layer} is not in the manifest`);
        continue;
      }
      for (const [attr, values] of Object.entries(r.scope.where ?? {})) {
        const spec = layer.attributes.find((a) => a.name === attr);
        if (!spec) problems.push(`${at}: ${layer.id} has no attribute ${attr}`);
        else if (spec.values)
          for (const v of values)
            if (!spec.values.includes(v))
              problems.push(`${at}: ${attr} value ${v} is not one of ${spec.values.join('/')}`);
      }
    }
  }
  return problems;
}
