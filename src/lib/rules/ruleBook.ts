// The access list in force: rules from data/rules scoped to layers and attributes, plus the requirement texts official data carries.

import { splitSentences } from './sentences';
import type { Dimension, ProjectType, Relation, Rule, RuleFile } from './model';
import { DIMENSION_TITLES } from './model';

const DEFAULT_RELATIONS: Relation[] = ['inside', 'overlaps', 'touches'];
const DIMENSIONS = Object.keys(DIMENSION_TITLES) as Dimension[];

export interface BookRule extends Rule {
  /** The rule file it came from, or "data" for requirement text carried by the zone itself. */
  sourceId: string;
}

export class RuleBook {
  readonly rules: BookRule[];
  private readonly byLayer = new Map<string, BookRule[]>();

  constructor(
    readonly files: RuleFile[],
    readonly types: ProjectType[],
  ) {
    this.rules = files.flatMap((f) => f.rules.map((r) => ({ ...r, sourceId: f.source.id })));
    for (const r of this.rules) {
      const list = this.byLayer.get(r.scope.layer) ?? [];
      list.push(r);
      this.byLayer.set(r.scope.layer, list);
    }
  }

  /** Rules whose scope names this layer, whose attribute filters the zone passes, for this relation. */
  scoped(layer: string, props: Record<string, unknown>, relation: Relation): BookRule[] {
    return (this.byLayer.get(layer) ?? []).filter(
      (r) =>
        (r.scope.relations ?? DEFAULT_RELATIONS).includes(relation) &&
        Object.entries(r.scope.where ?? {}).every(([k, values]) =>
          values.some((v) => v === props[k] || String(v) === String(props[k])),
        ),
    );
  }

  /** Whether any rule speaks to this zone at all (for any relation or project type): if none does, a hit on it cannot be judged. */
  covers(layer: string, zoneId: string, props: Record<string, unknown>): boolean {
    const relations: Relation[] = ['inside', 'overlaps', 'touches', 'near'];
    return (
      relations.some((rel) => this.scoped(layer, props, rel).length > 0) ||
      this.fromFields(layer, zoneId, props, 'inside').length > 0
    );
  }

  /**
   * A zone carrying the standard 三线一单 requirement fields brings its own access list: each sentence
   * becomes a rule. A sentence naming project types, or all construction (一切/各类…建设), takes its
   * strength from its wording. Any other sentence is a requirement every project must meet
   * (conditional), except a prohibition whose object is not named, which needs a reviewer's judgement.
   */
  fromFields(layer: string, zoneId: string, props: Record<string, unknown>, relation: Relation): readonly BookRule[] {
    if (relation === 'near') return [];
    // A zone read again (the same decoded feature) keeps its rules: splitting its texts is most of a check's time.
    const key = `${layer}\u0000${zoneId}`;
    const known = this.fieldRules.get(props)?.get(key);
    if (known) return known;
    const out = this.splitFields(layer, zoneId, props);
    let byZone = this.fieldRules.get(props);
    if (!byZone) this.fieldRules.set(props, (byZone = new Map()));
    byZone.set(key, out);
    return out;
  }

  private readonly fieldRules = new WeakMap<object, Map<string, readonly BookRule[]>>();

  private splitFields(layer: string, zoneId: string, props: Record<string, unknown>): BookRule[] {
    const out: BookRule[] = [];
    for (const dim of DIMENSIONS) {
      const text = props[dim];
      if (typeof text !== 'string' || !text.trim()) continue;
      for (const { n, text: sentence } of splitSentences(text)) {
        const types = this.types.filter((t) => t.keywords.some((k) => sentence.includes(k))).map((t) => t.id);
        // "All construction" counts only when unqualified: 各类违规建设 prohibits what breaks other rules, not everything.
        const everyProject =
          /(一切|任何|各类|所有|全部)[^，。；]{0,8}(开发|建设|项目|活动)/.test(sentence) &&
          !/违规|违法|不符合|无关|未经|非法/.test(sentence);
        const worded = strengthOf(sentence);
        const strength =
          types.length || everyProject ? worded : worded === 'prohibited' ? 'needs-review' : 'conditional';
        out.push({
          id: `${layer}:${zoneId}:${dim}:${n}`,
          scope: { layer },
          dimension: dim,
          strength,
          projectTypes: types.length ? types : ['*'],
          text: { zh: sentence, en: '' },
          cite: `${layer} ${zoneId} ${dim}`,
          sourceId: 'data',
        });
      }
    }
    return out;
  }
}

/** Strength a Chinese requirement sentence expresses, by its operative words. */
export function strengthOf(sentence: string): Rule['strength'] {
  if (/禁止|严禁|不得|不准|不予|杜绝|取缔/.test(sentence)) return 'prohibited';
  if (/限制|严格控制|严控|原则上|削减|退出|搬迁|关停|淘汰/.test(sentence)) return 'restricted';
  if (/应当|必须|须|需|要求|满足|达到|执行|落实/.test(sentence)) return 'conditional';
  return 'needs-review';
}
