// The printable report page (A4, print CSS): everything a reviewer signs, every data text escaped.

import { areaFigures, areaTriple, degreesFigure, metresFigure, percentFigure } from '../text/measures';
import { escapeHtml as e } from '../text/escapeHtml';
import type { ReportModel } from './reportModel';
import { svgMap } from './svgMap';

/** One site's report as a section; several sections make one document (reportDocument). */
export function reportSection(m: ReportModel): string {
  const s = m.site;
  const hitRows = m.hits
    .map(
      (h, i) => `<tr>
<td>${i + 1}</td><td>${e(h.layerTitle.zh)}${h.classLabel ? `<br><small>${e(h.classLabel.zh)}</small>` : ''}</td>
<td>${e(h.zone)}<br>${e(h.name)}</td><td>${e(h.relation.zh)}</td>
<td class="num">${h.overlapM2 > 0 ? ((f) => `${f.m2}<br>${f.ha} 公顷<br>${f.mu} 亩`)(areaFigures(h.overlapM2)) : '—'}</td>
<td class="num">${h.distanceM > 0 ? '—' : `${percentFigure(h.siteSharePct)}%`}</td>
<td class="num">${h.lengthInM > 0 ? metresFigure(h.lengthInM) : '—'}</td>
<td class="num">${h.distanceM > 0 ? metresFigure(h.distanceM) : '—'}</td></tr>`,
    )
    .join('');
  const hitDetails = m.hits
    .map(
      (h, i) => `<section class="hit"><h3>${i + 1}. ${e(h.layerTitle.zh)} ${e(h.zone)} ${e(h.name)}</h3>
${h.requirements.length ? `<table class="req"><tbody>${h.requirements.map((r) => `<tr><th>${e(r.title.zh)}</th><td>${e(r.text)}</td></tr>`).join('')}</tbody></table>` : ''}
${
  h.rules.length
    ? `<ol class="rules">${h.rules
        .map(
          (r) =>
            `<li><b class="s-${e(r.strength)}">${e(r.strengthText.zh)}</b>${r.dependsOnType ? `<small>（适用于：${e(r.projectTypes.join('、'))}）</small>` : ''} ${e(r.text.zh)} <cite>${e(r.cite)}</cite></li>`,
        )
        .join('')}</ol>`
    : '<p>无适用规则。</p>'
}</section>`,
    )
    .join('');
  const layers = m.layers
    .map(
      (l) =>
        `<tr><td>${e(l.title.zh)}<br><small>${e(l.id)}</small></td><td>${e(l.version)}</td><td class="num">${l.features}</td><td>${e(l.status)}</td><td>${l.provenance ? `${e(l.provenance.source.zh)}；${e(l.provenance.licence)}；${l.provenance.status === 'illustrative' ? '<b>示意</b>' : '官方'}` : '—'}</td></tr>`,
    )
    .join('');
  const verts = s.vertices
    .map((p, i) => `<tr><td>${i + 1}</td><td>${degreesFigure(p[0])}</td><td>${degreesFigure(p[1])}</td></tr>`)
    .join('');
  return `<article class="report">
<header><h1>${e(m.title.zh)}</h1><div><small>${e(m.title.en)}</small></div>
<p>生成时间 Generated：${e(m.generatedAt)} ｜ 数据版本 Data：${e([...new Set(m.layers.map((l) => l.version))].join('、'))}</p></header>
${m.notice ? `<p class="notice">${e(m.notice.zh)}<br><small>${e(m.notice.en)}</small></p>` : ''}
<h2>一、核查结论 Verdict</h2>
<p class="verdict v-${e(m.verdict.code)}">${e(m.verdict.text.zh)}（${e(m.verdict.text.en)}）</p>
<p>项目类型：${m.projectType ? e(m.projectType) : '未指定（列出全部规则）'} ｜ 邻近距离：${e(String(m.nearM))} 米</p>
${m.needsType ? `<p>另有 ${m.needsType} 条更严格的规则取决于项目类型。</p>` : ''}
${m.missing.length ? `<div class="missing"><b>结论不确定的原因：</b><ul>${m.missing.map((x) => `<li>${e(x.zh)}</li>`).join('')}</ul></div>` : ''}
<h2>二、地块概况 Site</h2>
<table><tbody>
<tr><th>名称</th><td>${e(s.name)}</td><th>编号</th><td>${e(s.id)}</td></tr>
<tr><th>几何类型</th><td>${e(s.geometryType)}</td><th>来源</th><td>${e(s.source)}（${e(s.crs)}）</td></tr>
<tr><th>面积</th><td>${areaTriple(s.areaM2, 'zh', ' ／ ')}</td><th>长度</th><td>${s.lengthM > 0 ? `${metresFigure(s.lengthM)} m` : '—'}</td></tr>
<tr><th>中心点</th><td colspan="3">${s.centroid ? `${degreesFigure(s.centroid[0])}, ${degreesFigure(s.centroid[1])}（CGCS2000 经纬度）` : '—'}</td></tr>
</tbody></table>
<div class="map">${svgMap(m.map)}</div>
<h2>三、涉及的管控要素 Hits</h2>
${m.hits.length ? `<table><thead><tr><th>#</th><th>图层/类别</th><th>编码/名称</th><th>关系</th><th>重叠面积 m²</th><th>占地块</th><th>线内长度 m</th><th>距离 m</th></tr></thead><tbody>${hitRows}</tbody></table>` : '<p>未发现与管控要素相交或邻近。</p>'}
<h2>四、适用的管控要求与准入规则 Rules</h2>
${hitDetails || '<p>无。</p>'}
<h2>五、数据与来源 Data</h2>
<table><thead><tr><th>图层</th><th>版本</th><th>要素数</th><th>状态</th><th>来源</th></tr></thead><tbody>${layers}</tbody></table>
<h2>六、地块坐标 Coordinates</h2>
<table><thead><tr><th>#</th><th>经度</th><th>纬度</th></tr></thead><tbody>${verts}</tbody></table>
${s.verticesTruncated ? '<p><small>仅列出前 200 个顶点。</small></p>' : ''}
<h2>七、复核指纹 Fingerprint</h2>
<p class="fingerprint">SHA-256：${e(m.fingerprint)}</p>
<p><small>由地块几何、各图层版本与校验和、规则库校验和、邻近距离和项目类型计算；用同样的数据与设置重新核查可得到同一指纹。</small></p>
</article>`;
}

const STYLE = `<style>
@page { size: A4; margin: 18mm 16mm; }
body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif; font-size: 10.5pt; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 4px; } h2 { font-size: 12.5pt; border-bottom: 1px solid #444; margin-top: 16px; } h3 { font-size: 11pt; margin: 10px 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; } th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: top; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } small { color: #555; }
.notice { border: 2px solid #b8860b; background: #fff4d6; padding: 6px 8px; font-weight: bold; }
.verdict { font-size: 14pt; font-weight: bold; padding: 6px 10px; border: 2px solid #333; display: inline-block; }
.v-prohibited { border-color: #b2182b; color: #b2182b; } .v-restricted { border-color: #d6604d; color: #a63603; } .v-clear { border-color: #1a7f37; color: #1a7f37; }
.missing { border-left: 4px solid #57606a; padding-left: 8px; }
.fingerprint { font-family: monospace; font-size: 8.5pt; word-break: break-all; }
.map svg { max-width: 100%; height: auto; }
cite { color: #555; font-style: normal; } .rules li { margin: 3px 0; }
@media print { .hit, table, .map { break-inside: avoid; } }
</style>`;

/** A printable HTML document of one or more site reports, each starting on a new page. */
export function reportDocument(models: ReportModel[]): string {
  const title = models.length === 1 ? `${models[0]!.title.zh} · ${models[0]!.site.name}` : (models[0]?.title.zh ?? '');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${e(title)}</title>${STYLE}<style>.report + .report { break-before: page; }</style></head><body>
${models.map(reportSection).join('\n')}
</body></html>
`;
}
