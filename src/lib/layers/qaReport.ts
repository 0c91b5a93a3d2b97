// The import's QA report as one HTML page, Chinese first: the counts, the CRS and encoding found and how, then every
// problem with, where it has a place, a small map of the features around it (click to enlarge). Everything from the
// delivery is escaped: a name is text, never markup.

import type { FeatureCollection, Position } from 'geojson';
import { escapeHtml as e } from '../text/escapeHtml';
import type { DataIssue } from './validateLayer';

export interface QaSource {
  path: string;
  driver: string;
  layer: string;
  crs: { name: string; epsg: number | null; how: string };
  encoding: { label: string; how: string } | null;
  features: number;
}

export interface QaRecord {
  layer: string;
  importedAt: string;
  sources: QaSource[];
  counts: { features: number; errors: number; warnings: number };
  issues: (
    | DataIssue
    | { severity: 'error' | 'warning'; code: string; message: { zh: string; en: string }; at?: [number, number] }
  )[];
}

const HOW: Record<string, string> = {
  declared: '文件声明',
  chosen: '用户指定',
  cpg: '.cpg 文件',
  'language-driver': 'DBF 语言驱动',
  detected: '自动判断',
};

/** A small SVG of the features within `r` degrees of a point, the point marked. */
function miniMap(fc: FeatureCollection, at: Position, r = 0.02): string {
  const [x0, y0, x1, y1] = [at[0]! - r, at[1]! - r, at[0]! + r, at[1]! + r];
  const W = 240;
  const k = W / (x1 - x0);
  const px = (p: Position) => `${((p[0]! - x0) * k).toFixed(1)},${((y1 - p[1]!) * k).toFixed(1)}`;
  const paths: string[] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    for (const poly of polys) {
      const near = poly[0]?.some((p) => p[0]! > x0 - r && p[0]! < x1 + r && p[1]! > y0 - r && p[1]! < y1 + r);
      if (!near) continue;
      paths.push(`<path d="${poly.map((ring) => `M${ring.map(px).join('L')}Z`).join('')}"/>`);
      if (paths.length > 200) break;
    }
  }
  const c = px(at).split(',');
  return `<svg viewBox="0 0 ${W} ${W}" role="img" aria-label="${e(`${at[0]}, ${at[1]}`)}"><rect width="${W}" height="${W}" fill="#f6f5f0"/><g fill="#1b9e77" fill-opacity="0.25" stroke="#333" stroke-width="0.8" fill-rule="evenodd">${paths.join('')}</g><circle cx="${c[0]}" cy="${c[1]}" r="6" fill="none" stroke="#c51b7d" stroke-width="2.5"/></svg>`;
}

export function qaReportHtml(q: QaRecord, fc: FeatureCollection | null): string {
  // Errors first, then warnings, each in the order found.
  const ordered = [
    ...q.issues.filter((i) => i.severity === 'error'),
    ...q.issues.filter((i) => i.severity !== 'error'),
  ];
  const rows = ordered.map((i, n) => {
    const at: Position | null = i.at ?? null;
    const feature = 'feature' in i && i.feature ? e(i.feature) : '';
    const map =
      at && fc
        ? `<details><summary>地图 map</summary><a href="#m${n}" title="放大 enlarge">${miniMap(fc, at)}</a></details>`
        : '';
    return `<tr id="m${n}" class="${i.severity}"><td>${i.severity === 'error' ? '错误' : '警告'}</td><td><code>${e(i.code)}</code></td><td>${feature}</td><td>${e(i.message.zh)}<br><small>${e(i.message.en)}</small></td><td>${map}</td></tr>`;
  });
  const sources = q.sources
    .map(
      (s) =>
        `<li>${e(s.path)}（${e(s.driver)}，图层 ${e(s.layer)}，${s.features} 个要素）：坐标系 ${e(s.crs.name)}${s.crs.epsg ? `（EPSG:${s.crs.epsg}）` : ''}，${HOW[s.crs.how] ?? e(s.crs.how)}${s.encoding ? `；文字编码 ${e(s.encoding.label)}，${HOW[s.encoding.how] ?? e(s.encoding.how)}` : ''}</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>数据导入质检报告 · ${e(q.layer)}</title>
<style>
body { font: 14px/1.5 "Noto Sans SC", sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; }
tr.error td:first-child { color: #b2182b; font-weight: bold; } tr.warning td:first-child { color: #8a6d00; }
svg { width: 240px; height: 240px; } tr:target svg { width: 600px; height: 600px; } small { color: #555; }
</style></head><body>
<h1>数据导入质检报告 <small>Import QA report</small></h1>
<p>图层 layer <b>${e(q.layer)}</b> · 导入时间 ${e(q.importedAt)} · 要素 ${q.counts.features} · <b>错误 ${q.counts.errors}</b> · 警告 ${q.counts.warnings}</p>
<p>${q.counts.errors ? '存在错误：导入已停止，以下列出发现的全部问题。 Errors stop the import; every problem found is listed.' : '没有错误：数据已导入，警告随数据保存。 No errors: imported; the warnings stay with the data.'}</p>
<h2>来源 Sources</h2><ul>${sources}</ul>
<h2>问题 Problems</h2>
<table><thead><tr><th>级别</th><th>代码</th><th>要素</th><th>说明</th><th>位置</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
}
