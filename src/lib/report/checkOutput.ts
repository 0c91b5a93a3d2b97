// The check's machine-readable answer (the JSON the command line prints) and its CSV, Markdown and HTML renderings.

import type { Hit, HitRule, SiteResult } from '../check/checkSite';
import type { LayerState } from '../check/dataset';
import { areaFigures, metresFigure } from '../text/measures';
import { t, type MessageKey } from '../i18n/messages';
import { problemTexts, type Problem, type ProblemCode } from '../check/problems';

const problemJson = (p: Problem) => ({ code: p.code, ...problemTexts(p) });

export interface CheckOutput {
  sites: (Omit<SiteResult, 'hits' | 'missing' | 'error'> & {
    error?: { code: ProblemCode; zh: string; en: string };
    /** What keeps the verdict from being definite: the problem's code and its message in both languages. */
    missing: { code: ProblemCode; zh: string; en: string }[];
    hits: (Omit<Hit, 'rules' | 'overlap' | 'props'> & {
      /** Rule ids with their strength; the full texts are in the top-level "rules". */
      rules: { id: string; strength: string; applies: boolean | null }[];
    })[];
  })[];
  layers: Omit<LayerState, 'title'>[];
  rules: Record<string, Omit<HitRule, 'applies' | 'id'>>;
  meta: { checkedAt: string; nearM: number; projectType: string | null; dataNotice: string | null };
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function buildOutput(results: SiteResult[], layers: LayerState[], meta: CheckOutput['meta']): CheckOutput {
  const rules: CheckOutput['rules'] = {};
  const sites = results.map((s) => ({
    id: s.id,
    verdict: s.verdict,
    geometryType: s.geometryType,
    areaM2: r3(s.areaM2),
    lengthM: r3(s.lengthM),
    projectType: s.projectType,
    coverage: { ...s.coverage, share: r6(s.coverage.share) },
    missing: s.missing.map(problemJson),
    needsType: s.needsType,
    ...(s.error ? { error: problemJson(s.error) } : {}),
    hits: s.hits.map((h) => ({
      layer: h.layer,
      zone: h.zone,
      name: h.name,
      relation: h.relation,
      overlapM2: r3(h.overlapM2),
      overlapHa: r6(h.overlapHa),
      overlapMu: r3(h.overlapMu),
      siteShare: r6(h.siteShare),
      zoneShare: r6(h.zoneShare),
      lengthInM: r3(h.lengthInM),
      distanceM: r3(h.distanceM),
      illustrative: h.illustrative,
      rules: h.rules.map((r) => {
        const { applies, id, ...rest } = r;
        rules[id] ??= rest;
        return { id, strength: r.strength, applies };
      }),
    })),
  }));
  return {
    sites,
    layers: layers.map((l) => ({
      id: l.id,
      version: l.version,
      features: l.features,
      status: l.status,
      role: l.role,
      illustrative: l.illustrative,
      ...(l.tiles ? { tiles: true } : {}),
      ...(l.identified ? { identified: l.identified } : {}),
      ...(l.error ? { error: l.error } : {}),
    })),
    rules,
    meta,
  };
}

function csvCell(v: unknown): string {
  const s = String(v ?? '');
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per hit (and one per site without hits), for spreadsheets. */
export function toCsv(out: CheckOutput): string {
  const head = [
    'site',
    'verdict',
    'layer',
    'zone',
    'name',
    'relation',
    'overlap_m2',
    'overlap_ha',
    'overlap_mu',
    'site_share',
    'length_in_m',
    'distance_m',
    'strongest_rule',
    'rules',
    'missing',
  ];
  const rows = [head.join(',')];
  for (const s of out.sites) {
    if (s.hits.length === 0)
      rows.push(
        [s.id, s.verdict, '', '', '', '', '', '', '', '', '', '', '', '', s.missing.map((m) => m.zh).join('; ')]
          .map(csvCell)
          .join(','),
      );
    for (const h of s.hits)
      rows.push(
        [
          s.id,
          s.verdict,
          h.layer,
          h.zone,
          h.name,
          h.relation,
          h.overlapM2,
          h.overlapHa,
          h.overlapMu,
          h.siteShare,
          h.lengthInM,
          h.distanceM,
          h.rules[0]?.strength ?? '',
          h.rules.map((r) => r.id).join(' '),
          s.missing.map((m) => m.zh).join('; '),
        ]
          .map(csvCell)
          .join(','),
      );
  }
  return rows.join('\n') + '\n';
}

function mdCell(v: unknown): string {
  return String(v ?? '')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

function hitLine(h: CheckOutput['sites'][number]['hits'][number]): string[] {
  return [
    h.layer,
    h.zone,
    h.name,
    t(`relation_${h.relation}` as MessageKey, 'zh'),
    areaFigures(h.overlapM2).m2,
    metresFigure(h.lengthInM),
    metresFigure(h.distanceM),
    h.rules[0]?.strength ?? '',
  ];
}

export function toMarkdown(out: CheckOutput): string {
  const lines: string[] = ['# 空间冲突核查结果 / Spatial conflict check', ''];
  if (out.meta.dataNotice) lines.push(`> ${mdCell(out.meta.dataNotice)}`, '');
  for (const s of out.sites) {
    lines.push(`## ${mdCell(s.id)}: ${t(`verdict_${s.verdict}` as MessageKey, 'zh')} (${s.verdict})`, '');
    lines.push(
      `面积 area ${areaFigures(s.areaM2).m2} m² · 长度 length ${metresFigure(s.lengthM)} m · 覆盖 coverage ${s.coverage.status}`,
      '',
    );
    for (const m of s.missing) lines.push(`- ⚠ ${mdCell(m.zh)} (${mdCell(m.en)})`);
    if (s.hits.length) {
      lines.push(
        '',
        '| 图层 layer | 编码 zone | 名称 name | 关系 relation | 重叠 m² | 线内 m | 距离 m | 最强 strongest |',
        '|---|---|---|---|---|---|---|---|',
      );
      for (const h of s.hits) lines.push(`| ${hitLine(h).map(mdCell).join(' | ')} |`);
      const ids = [...new Set(s.hits.flatMap((h) => h.rules.map((r) => r.id)))];
      lines.push('', '### 适用规则 Rules', '');
      for (const id of ids) {
        const r = out.rules[id]!;
        lines.push(`- **${mdCell(r.strength)}** ${mdCell(r.text.zh)} (${mdCell(r.cite)})`);
      }
    }
    lines.push('');
  }
  lines.push('## 数据 Data', '', '| layer | version | features | status |', '|---|---|---|---|');
  for (const l of out.layers)
    lines.push(
      `| ${mdCell(l.id)} | ${mdCell(l.version)} | ${l.features} | ${mdCell(l.status)}${l.illustrative ? ' (示意 illustrative)' : ''} |`,
    );
  return lines.join('\n') + '\n';
}
