// Consistency checks on the layer manifest itself, so a bad edit to data/layers.json fails the build early.

import type { Manifest } from './manifest';

const REQUIRED_CATEGORIES = ['ecu', 'redline', 'reserve', 'water', 'corridor', 'admin'];
const COLOR = /^#[0-9a-f]{6}$/i;

/** Problems found, as English sentences naming the layer; empty when the manifest is sound. */
export function checkManifest(m: Manifest): string[] {
  const problems: string[] = [];
  const categories = new Set(m.categories.map((c) => c.id));
  for (const id of REQUIRED_CATEGORIES) if (!categories.has(id)) problems.push(`category ${id} is missing`);
  const [w, s, e, n] = m.bounds;
  if (!(w < e && s < n)) problems.push(`bounds ${m.bounds.join(',')} are not west,south,east,north`);

  const ids = new Set<string>();
  for (const l of m.layers) {
    const at = `layer ${l.id}`;
    if (!/^[a-z][a-z0-9-]*$/.test(l.id)) problems.push(`${at}: id must be lower-case letters, digits and hyphens`);
    if (ids.has(l.id)) problems.push(`${at}: duplicate layer id`);
    ids.add(l.id);
    if (!categories.has(l.category)) problems.push(`${at}: unknown category ${l.category}`);
    if (!l.title.zh || !l.title.en) problems.push(`${at}: title needs Chinese and English`);
    const attrs = new Map(l.attributes.map((a) => [a.name, a]));
    for (const f of [l.idField, l.nameField])
      if (!attrs.get(f)?.required) problems.push(`${at}: ${f} must be a required attribute`);
    if (l.groupField && !attrs.has(l.groupField))
      problems.push(`${at}: groupField ${l.groupField} is not an attribute`);
    // flatgeobuf's JS writer types each column from the first feature's value; a null there would
    // turn a numeric column into text, so numeric attributes must always be present.
    for (const a of l.attributes)
      if (a.type !== 'string' && !a.required) problems.push(`${at}: numeric attribute ${a.name} must be required`);
    if (l.role === 'zoning' && !attrs.has('status'))
      problems.push(`${at}: zoning layers must carry a status attribute`);
    const p = l.provenance;
    if (!p || !p.source?.zh || !p.source?.en || !p.date || !p.version || !p.licence || !p.note?.zh || !p.note?.en)
      problems.push(`${at}: provenance needs source, date, version, licence and note`);
    if (p && p.status !== 'illustrative' && p.status !== 'official')
      problems.push(`${at}: provenance status must be illustrative or official`);
    const st = l.style;
    if (st.classes.length === 0) problems.push(`${at}: style needs at least one class (the legend entry)`);
    for (const c of st.classes)
      if (!COLOR.test(c.color)) problems.push(`${at}: class ${c.value} colour ${c.color} is not #rrggbb`);
    if (st.classField) {
      const a = attrs.get(st.classField);
      if (!a) problems.push(`${at}: style classField ${st.classField} is not an attribute`);
      else if (a.values)
        for (const v of a.values)
          if (!st.classes.some((c) => c.value === v))
            problems.push(`${at}: value ${v} of ${a.name} has no style class`);
    } else if (st.classes.length !== 1) problems.push(`${at}: a style without classField has exactly one class`);
  }
  if (!m.layers.some((l) => l.coverage))
    problems.push('no layer is marked "coverage": a check could not tell where the data ends');
  return problems;
}
