// What keeps a check's verdict from being definite, and why a site could not be checked: typed codes with their
// figures, rendered in Chinese or English through the message catalogue wherever they show (UI, CLI, reports).

import type { Lang, Text } from '../layers/manifest';
import { t, type MessageKey } from '../i18n/messages';

const KEYS = {
  'layer-failed': 'problemLayerFailed',
  'layer-empty': 'problemLayerEmpty',
  'layer-excluded': 'problemLayerExcluded',
  'no-coverage': 'problemNoCoverage',
  'outside-coverage': 'problemOutsideCoverage',
  'partly-outside-coverage': 'problemPartlyOutside',
  'no-rule': 'problemNoRule',
  'overlap-unmeasured': 'problemOverlapUnmeasured',
  'tiling-over': 'problemTilingOver',
  'tiling-gap': 'problemTilingGap',
  'site-refused': 'problemSiteRefused',
  'site-no-geometry': 'problemSiteNoGeometry',
  'site-unsupported': 'problemSiteUnsupported',
  'site-empty': 'problemSiteEmpty',
  'site-bad-coordinate': 'problemSiteBadCoordinate',
  'site-short-line': 'problemSiteShortLine',
  'site-short-ring': 'problemSiteShortRing',
  'site-no-area': 'problemSiteNoArea',
} as const satisfies Record<string, MessageKey>;

export type ProblemCode = keyof typeof KEYS;

/** One problem: its code and the figures and names its message quotes. */
export interface Problem {
  code: ProblemCode;
  params: Record<string, string | number>;
}

export const problem = (code: ProblemCode, params: Record<string, string | number> = {}): Problem => ({ code, params });

/** The problem in one language. */
export function problemText(p: Problem, lang: Lang): string {
  return t(KEYS[p.code], lang, p.params);
}

/** The problem in both languages. */
export const problemTexts = (p: Problem): Text => ({ zh: problemText(p, 'zh'), en: problemText(p, 'en') });
