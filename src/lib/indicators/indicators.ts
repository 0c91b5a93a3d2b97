// The plans' own targets (indicators) for the dashboard: the model, a check of a file against it, and the chart geometry.

import type { Text } from '../layers/manifest';

export interface IndicatorValue {
  year: number;
  value: number | null;
  text: string;
}

export interface Indicator {
  id: string;
  region: string;
  group: 'air' | 'water' | 'soil' | 'ecology' | 'climate' | 'emissions' | 'risk' | 'other';
  category: Text;
  zh: string;
  en: string;
  unit: string | null;
  baseline: IndicatorValue | null;
  target: IndicatorValue | null;
  direction: 'down' | 'up' | 'hold' | null;
  binding: boolean | null;
  cite: { seed: string; line: number; quote: string };
  note?: string;
}

export interface IndicatorFile {
  version: string;
  title: Text;
  note: Text;
  sources: { seed: string; zh: string; en: string; issuer: string; docNo: string | null }[];
  regions: { id: string; zh: string; en: string; seed: string }[];
  indicators: Indicator[];
}

const GROUPS = new Set(['air', 'water', 'soil', 'ecology', 'climate', 'emissions', 'risk', 'other']);

/** Problems with an indicator file, each naming the indicator; empty when it is sound. */
export function checkIndicators(f: IndicatorFile): string[] {
  const out: string[] = [];
  if (!f || !Array.isArray(f.indicators) || !Array.isArray(f.regions) || !Array.isArray(f.sources))
    return ['indicators.json needs sources, regions and indicators arrays'];
  const regions = new Set(f.regions.map((r) => r.id));
  const seeds = new Set(f.sources.map((s) => s.seed));
  const ids = new Set<string>();
  for (const r of f.regions) if (!seeds.has(r.seed)) out.push(`region ${r.id}: unknown source ${r.seed}`);
  for (const i of f.indicators) {
    const at = `indicator ${i.id}`;
    if (!i.id || ids.has(i.id)) out.push(`${at}: missing or duplicate id`);
    ids.add(i.id);
    if (!regions.has(i.region)) out.push(`${at}: unknown region ${i.region}`);
    if (!GROUPS.has(i.group)) out.push(`${at}: unknown group ${i.group}`);
    if (!i.zh || !i.en) out.push(`${at}: needs a Chinese and an English name`);
    if (!i.cite || !seeds.has(i.cite.seed) || !Number.isInteger(i.cite.line) || i.cite.line < 1 || !i.cite.quote)
      out.push(`${at}: needs a citation (seed, line, quote)`);
    for (const [k, v] of [
      ['baseline', i.baseline],
      ['target', i.target],
    ] as const) {
      if (v === null) continue;
      if (!v || typeof v.text !== 'string' || !Number.isInteger(v.year)) out.push(`${at}: ${k} needs year and text`);
      else if (v.value !== null && !Number.isFinite(v.value)) out.push(`${at}: ${k} value must be a number or null`);
    }
    if (i.direction !== null && !['down', 'up', 'hold'].includes(i.direction))
      out.push(`${at}: direction must be down, up, hold or null`);
  }
  return out;
}

/** Whether the target asks for improvement over the baseline in the stated direction (for the chart's arrow). */
export function change(i: Indicator): { from: number; to: number; pct: number } | null {
  const a = i.baseline?.value,
    b = i.target?.value;
  if (a === null || a === undefined || b === null || b === undefined) return null;
  return { from: a, to: b, pct: a === 0 ? 0 : ((b - a) / Math.abs(a)) * 100 };
}
