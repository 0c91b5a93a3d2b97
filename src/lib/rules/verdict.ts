// The verdict for a site: the strongest rule that applies, with never a "clear" on missing data or coverage.

import type { Strength } from './model';

export type Verdict =
  'prohibited' | 'restricted' | 'conditional' | 'clear' | 'needs-review' | 'not-covered' | 'incomplete';

export const STRENGTH_RANK: Record<Strength, number> = {
  prohibited: 5,
  restricted: 4,
  'needs-review': 3,
  conditional: 2,
  allowed: 1,
};

/** The symbol shown beside a strength's word wherever colour marks it (colour is never the only signal); fonts everywhere have these. */
export const STRENGTH_SYMBOL: Record<Strength, string> = {
  prohibited: '×',
  restricted: '!',
  'needs-review': '?',
  conditional: '△',
  allowed: '✓',
};

export const VERDICT_OF: Record<Strength, Verdict> = {
  prohibited: 'prohibited',
  restricted: 'restricted',
  'needs-review': 'needs-review',
  conditional: 'conditional',
  allowed: 'clear',
};

export interface VerdictInput {
  /** Strengths of the rules that certainly apply (to every project, or to the project's type). */
  applying: Strength[];
  /** Strengths of rules on zoning hits that apply only to some project types, when no type was given. */
  typeDependent: Strength[];
  coverage: 'full' | 'partial' | 'none' | 'unknown';
  /** Layers that failed to load or came back empty. */
  missingLayers: string[];
  /** Hits that cannot be judged: a zone no rule covers, or a measure that could not be computed. */
  unjudged?: number;
}

export function decideVerdict(v: VerdictInput): Verdict {
  const top = v.applying.reduce((m, s) => Math.max(m, STRENGTH_RANK[s]), 0);
  let verdict: Verdict =
    top === 0 ? 'clear' : VERDICT_OF[(Object.keys(STRENGTH_RANK) as Strength[]).find((s) => STRENGTH_RANK[s] === top)!];
  // A stronger rule that depends on the unknown project type means the type must be known to decide.
  if (v.typeDependent.some((s) => STRENGTH_RANK[s] > top) && top < STRENGTH_RANK['needs-review'])
    verdict = 'needs-review';
  // A zone the access list says nothing about is a question for a reviewer, never a "clear".
  if ((v.unjudged ?? 0) > 0 && top < STRENGTH_RANK['needs-review']) verdict = 'needs-review';
  // A prohibition stands whatever else is missing; anything weaker could be wrong when data is missing.
  if (verdict === 'prohibited') return verdict;
  if (v.coverage !== 'full') return 'not-covered';
  if (v.missingLayers.length) return 'incomplete';
  return verdict;
}
