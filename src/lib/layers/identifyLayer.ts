// Which manifest layer a plain layer file holds, from what it contains (or from the user's word), never from its file name.

import type { FeatureCollection } from 'geojson';
import type { LayerSpec } from './manifest';

/** Fields every authored layer carries: they tell nothing about which layer a file is. */
const GENERIC = new Set(['id', 'name', 'name_zh', 'name_en', 'city', 'status', 'source_note']);

export interface Identified {
  spec: LayerSpec | null;
  /** How the layer was identified, for the result: 'option', 'fields' or 'none'. */
  by: 'option' | 'fields' | 'none';
  /** What was matched or why nothing was, in English (shown in the output and the result's notes). */
  detail: string;
}

/**
 * Identifies a plain file's layer: the id given with --layer-kind wins; otherwise the manifest layer whose own fields
 * (those that set it apart: ZHGKDYFL, BHQJB, GNFQ …) the features carry, at least two thirds of them, case-insensitively,
 * and more of them than any other layer's. A file that matches no layer, or two equally, is not identified.
 */
export function identifyLayer(fc: FeatureCollection, specs: LayerSpec[], explicit?: string): Identified {
  if (explicit !== undefined) {
    const spec = specs.find((s) => s.id === explicit);
    return spec
      ? { spec, by: 'option', detail: `named as ${spec.id} by --layer-kind` }
      : { spec: null, by: 'none', detail: `--layer-kind ${explicit} names no known layer` };
  }
  const keys = new Set<string>();
  for (const f of fc.features.slice(0, 1000))
    for (const k of Object.keys(f?.properties ?? {})) keys.add(k.toUpperCase());
  let best: { spec: LayerSpec; score: number; matched: string[] } | null = null;
  let tie = false;
  for (const spec of specs) {
    const own = spec.attributes.filter((a) => a.required && !GENERIC.has(a.name.toLowerCase())).map((a) => a.name);
    if (own.length === 0) continue;
    const matched = own.filter((n) => keys.has(n.toUpperCase()));
    const score = matched.length / own.length;
    if (score < 2 / 3) continue;
    if (!best || score > best.score) {
      best = { spec, score, matched };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  if (best && !tie)
    return {
      spec: best.spec,
      by: 'fields',
      detail: `identified as ${best.spec.id} by its fields ${best.matched.join(', ')}`,
    };
  return {
    spec: null,
    by: 'none',
    detail: tie
      ? 'its fields fit more than one known layer; name it with --layer-kind'
      : 'its fields fit no known layer; name it with --layer-kind',
  };
}
