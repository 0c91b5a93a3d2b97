// The access-list (准入清单) rules model: what a zone's rules say, how strongly, for which projects, and where it is written.

import type { Text } from '../layers/manifest';

/** The four requirement dimensions of a 三线一单 access list, named by their standard field. */
export type Dimension = 'KJBJYS' | 'PWWPFGK' | 'HJFXFK' | 'ZYKFXLYQ';

export const DIMENSION_TITLES: Record<Dimension, Text> = {
  KJBJYS: { zh: '空间布局约束', en: 'Spatial layout constraints' },
  PWWPFGK: { zh: '污染物排放管控', en: 'Pollutant discharge control' },
  HJFXFK: { zh: '环境风险防控', en: 'Environmental risk prevention' },
  ZYKFXLYQ: { zh: '资源开发效率要求', en: 'Resource use efficiency' },
};

/** 禁止 / 限制 / 有条件允许 / 允许 / 需人工研判. */
export type Strength = 'prohibited' | 'restricted' | 'conditional' | 'allowed' | 'needs-review';

export type Relation = 'inside' | 'overlaps' | 'touches' | 'near';

export interface RuleScope {
  /** Manifest layer id the rule belongs to (e.g. "nature-reserve"), or "admin-city"/"admin-district" for area-wide rules. */
  layer: string;
  /** Attribute filters, all of which must match one of the listed values (e.g. { "zone": ["core"] }). */
  where?: Record<string, (string | number)[]>;
  /** Relations of the site to the zone that trigger the rule; default inside, overlaps, touches. */
  relations?: Relation[];
}

export interface Rule {
  id: string;
  scope: RuleScope;
  dimension: Dimension;
  strength: Strength;
  /** Project-type ids from project-types.json, or ["*"] for every project. */
  projectTypes: string[];
  /** Types the rule does not concern although projectTypes would include them (e.g. water supply in a grade-1 zone). */
  exceptTypes?: string[];
  text: Text;
  /** "000 L108-110" for a seed line, or a named regulation and article. */
  cite: string;
}

export interface RuleSource {
  id: string;
  title: Text;
  kind: 'plan' | 'regulation';
  issuer: string;
  date: string;
}

export interface RuleFile {
  source: RuleSource;
  rules: Rule[];
}

export interface ProjectType {
  id: string;
  zh: string;
  en: string;
  /** GB/T 4754-2017 industry code prefixes this type covers, e.g. "C26" or "C3011". */
  codes: string[];
  /** Chinese words that name the type in rule texts, for reading official access lists. */
  keywords: string[];
  /** Broader types this one belongs to (e.g. "cement" is part of "two-high"). */
  partOf?: string[];
}
