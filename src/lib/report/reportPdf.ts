// The report as PDF, drawn from the report model with @cantoo/pdf-lib (the maintained fork of pdf-lib) and subsets of an embedded Noto Sans SC (so it reads the same in
// every viewer and its text can be searched and copied). Same content and order as the printable page; runs in the browser's
// check worker and in the command line alike.

import { areaTriple, degreesFigure, metresFigure, percentFigure } from '../text/measures';
import {
  PDFDocument,
  PDFName,
  PDFString,
  clip as clip_,
  endPath,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
} from '@cantoo/pdf-lib';
import fontkit from '@cantoo/fontkit';
import type { ReportModel } from './reportModel';
import { STRENGTH_SYMBOL } from '../rules/verdict';
import type { MapLayout, Paint } from './mapLayout';
import type { FontFiles } from './pdf/fonts';
import { A4, CONTENT_W, MARGIN, Typesetter, hex, type Cell } from './pdf/typeset';

export const VERDICT_STYLE: Record<string, { symbol: string; color: string; fill: string }> = {
  prohibited: { symbol: STRENGTH_SYMBOL.prohibited, color: '#b2182b', fill: '#fbe3e0' },
  restricted: { symbol: STRENGTH_SYMBOL.restricted, color: '#a63603', fill: '#fdebd8' },
  conditional: { symbol: STRENGTH_SYMBOL.conditional, color: '#8a6d00', fill: '#fff6d6' },
  'needs-review': { symbol: STRENGTH_SYMBOL['needs-review'], color: '#5a3d99', fill: '#efe9f8' },
  clear: { symbol: STRENGTH_SYMBOL.allowed, color: '#1a7f37', fill: '#e3f4e7' },
  'not-covered': { symbol: '□', color: '#57606a', fill: '#eef0f2' },
  incomplete: { symbol: '…', color: '#57606a', fill: '#eef0f2' },
};

const STRENGTH_COLOR: Record<string, string> = {
  prohibited: '#b2182b',
  restricted: '#a63603',
  conditional: '#8a6d00',
  'needs-review': '#5a3d99',
  allowed: '#1a7f37',
};

const color = (c: string | undefined, opacity: number | undefined) =>
  c ? { color: hex(c), ...(opacity !== undefined ? { opacity } : {}) } : {};
const border = (m: Paint, s: number) =>
  m.stroke
    ? {
        borderColor: hex(m.stroke),
        borderWidth: (m.strokeWidth ?? 1) * s,
        ...(m.dash ? { borderDashArray: m.dash.map((d) => d * s) } : {}),
      }
    : {};

/** Draws the map's marks (mapLayout.ts) at the typesetter's position, scaled to the column. */
function drawMap(t: Typesetter, f: MapLayout): void {
  // Full width when it fits; down to 70 % to fill what is left of the page rather than leave it blank.
  const full = CONTENT_W / f.width;
  const room = t.y - MARGIN.bottom - 8;
  const s = room < f.height * full && room >= f.height * full * 0.7 ? room / f.height : full;
  const h = f.height * s;
  t.ensure(h + 8);
  const left = MARGIN.left;
  const top = t.y;
  const page = t.page;
  let clipped = false;
  for (const m of f.marks) {
    const clip = m.type !== 'text' && m.clip;
    if (page && clip !== clipped)
      page.pushOperators(
        ...(clip
          ? [pushGraphicsState(), rectangle(left, top - f.mapH * s, f.width * s, f.mapH * s), clip_(), endPath()]
          : [popGraphicsState()]),
      );
    clipped = clip;
    if (m.type === 'text') {
      const font = { size: m.size * s, bold: m.bold };
      const w = t.width(m.text, font);
      const x = left + m.x * s - (m.anchor === 'end' ? w : m.anchor === 'middle' ? w / 2 : 0);
      t.drawLine(m.text, x, top - m.y * s, font);
    } else if (!page) continue;
    else if (m.type === 'path') {
      // The path is scaled as a whole, its line width and dashes with it.
      if (m.d)
        page.drawSvgPath(m.d, {
          x: left + m.at[0] * s,
          y: top - m.at[1] * s,
          scale: s,
          ...color(m.fill, m.fillOpacity),
          ...border(m, 1),
        });
    } else if (m.type === 'rect')
      page.drawRectangle({
        x: left + m.x * s,
        y: top - (m.y + m.h) * s,
        width: m.w * s,
        height: m.h * s,
        ...color(m.fill, m.fillOpacity),
        ...border(m, s),
      });
    else
      page.drawCircle({
        x: left + m.cx * s,
        y: top - m.cy * s,
        size: m.r * s,
        ...color(m.fill, m.fillOpacity),
        ...border(m, s),
      });
  }
  if (page && clipped) page.pushOperators(popGraphicsState());
  t.y -= h + 8;
}

const heading = (t: Typesetter, text: string) => {
  t.y -= 6;
  t.ensure(60);
  t.paragraph(text, { size: 12, bold: true }, { after: 0 });
  t.page?.drawLine({
    start: { x: MARGIN.left, y: t.y + 2 },
    end: { x: A4.w - MARGIN.right, y: t.y + 2 },
    thickness: 0.8,
    color: hex('#444444'),
  });
  t.y -= 5;
};

function section(t: Typesetter, m: ReportModel): void {
  const s = m.site;
  t.paragraph(m.title.zh, { size: 15, bold: true }, { after: 0 });
  t.paragraph(m.title.en, { size: 8.5, color: '#555555' });
  t.paragraph(
    `生成时间 Generated：${m.generatedAt} ｜ 数据版本 Data：${[...new Set(m.layers.map((l) => l.version))].join('、')}`,
    { size: 9 },
    { after: 6 },
  );
  if (m.notice)
    t.box(
      `${m.notice.zh}\n${m.notice.en}`,
      { size: 9, bold: true, color: '#5c4400' },
      { border: '#b8860b', fill: '#fff4d6' },
    );

  heading(t, '一、核查结论 Verdict');
  const v = VERDICT_STYLE[m.verdict.code] ?? VERDICT_STYLE['incomplete']!;
  t.box(
    `${v.symbol}  ${m.verdict.text.zh}（${m.verdict.text.en}）`,
    { size: 13, bold: true, color: v.color },
    { border: v.color, fill: v.fill, width: CONTENT_W * 0.6 },
  );
  t.paragraph(`项目类型：${m.projectType ?? '未指定（列出全部规则）'} ｜ 邻近距离：${m.nearM} 米`, { size: 9.5 });
  if (m.needsType) t.paragraph(`另有 ${m.needsType} 条更严格的规则取决于项目类型。`, { size: 9.5 });
  if (m.missing.length) {
    t.paragraph('结论不确定的原因：', { size: 9.5, bold: true });
    for (const x of m.missing) t.paragraph(`• ${x.zh}`, { size: 9.5 }, { indent: 10 });
  }

  heading(t, '二、地块概况 Site');
  const label = (text: string): Cell => ({ text, bold: true });
  t.table(
    [
      { title: '', w: 0.14 },
      { title: '', w: 0.36 },
      { title: '', w: 0.14 },
      { title: '', w: 0.36 },
    ],
    [
      [label('名称'), s.name, label('编号'), s.id],
      [label('几何类型'), s.geometryType, label('来源'), `${s.source}（${s.crs}）`],
      [
        label('面积'),
        areaTriple(s.areaM2, 'zh', ' ／ '),
        label('长度'),
        s.lengthM > 0 ? `${metresFigure(s.lengthM)} m` : '—',
      ],
      [
        label('中心点'),
        s.centroid ? `${degreesFigure(s.centroid[0])}, ${degreesFigure(s.centroid[1])}（CGCS2000 经纬度）` : '—',
        label('顶点数'),
        String(s.vertices.length),
      ],
    ],
    { header: false, size: 9 },
  );
  drawMap(t, m.map);

  heading(t, '三、涉及的管控要素 Hits');
  if (m.hits.length)
    t.table(
      [
        { title: '#', w: 0.04 },
        { title: '图层/类别', w: 0.16 },
        { title: '编码/名称', w: 0.24 },
        { title: '关系', w: 0.11 },
        { title: '重叠面积', w: 0.16, align: 'right' },
        { title: '占地块', w: 0.09, align: 'right' },
        { title: '线内长度 m', w: 0.1, align: 'right' },
        { title: '距离 m', w: 0.1, align: 'right' },
      ],
      m.hits.map((h, i) => [
        String(i + 1),
        `${h.layerTitle.zh}${h.classLabel ? `\n${h.classLabel.zh}` : ''}`,
        `${h.zone}\n${h.name}`,
        h.relation.zh,
        areaTriple(h.overlapM2, 'zh', '\n'),
        h.distanceM > 0 ? '—' : `${percentFigure(h.siteSharePct)}%`,
        h.lengthInM > 0 ? metresFigure(h.lengthInM) : '—',
        h.distanceM > 0 ? metresFigure(h.distanceM) : '—',
      ]),
    );
  else t.paragraph('未发现与管控要素相交或邻近。', { size: 9.5 });

  heading(t, '四、适用的管控要求与准入规则 Rules');
  if (!m.hits.length) t.paragraph('无。', { size: 9.5 });
  m.hits.forEach((h, i) => {
    t.y -= 2;
    t.ensure(50);
    t.paragraph(`${i + 1}. ${h.layerTitle.zh} ${h.zone} ${h.name}`, { size: 10, bold: true });
    if (h.requirements.length)
      t.table(
        [
          { title: '管控维度', w: 0.18 },
          { title: '管控要求（数据原文）', w: 0.82 },
        ],
        h.requirements.map((r) => [label(r.title.zh), r.text]),
        { size: 8.5 },
      );
    if (h.rules.length)
      t.table(
        [
          { title: '#', w: 0.05 },
          { title: '强度', w: 0.11 },
          { title: '规则', w: 0.56 },
          { title: '依据', w: 0.28 },
        ],
        h.rules.map((r, j) => [
          String(j + 1),
          { text: r.strengthText.zh, bold: true, color: STRENGTH_COLOR[r.strength] ?? '#111111' },
          `${r.text.zh}${r.dependsOnType ? `\n（适用于：${r.projectTypes.join('、')}）` : ''}`,
          r.cite,
        ]),
      );
    else t.paragraph('无适用规则。', { size: 9 });
  });

  heading(t, '五、数据与来源 Data');
  t.table(
    [
      { title: '图层', w: 0.22 },
      { title: '版本', w: 0.14 },
      { title: '要素数', w: 0.08, align: 'right' },
      { title: '状态', w: 0.1 },
      { title: '来源', w: 0.46 },
    ],
    m.layers.map((l) => [
      `${l.title.zh}\n${l.id}`,
      l.version,
      String(l.features),
      l.status,
      l.provenance
        ? `${l.provenance.source.zh}；${l.provenance.licence}；${l.provenance.status === 'illustrative' ? '示意数据' : '官方数据'}`
        : '—',
    ]),
  );

  heading(t, '六、地块坐标 Coordinates');
  const half = Math.ceil(s.vertices.length / 2);
  const coord = (i: number) => {
    const p = s.vertices[i];
    return p ? [String(i + 1), degreesFigure(p[0]), degreesFigure(p[1])] : ['', '', ''];
  };
  t.table(
    [
      { title: '#', w: 0.07 },
      { title: '经度', w: 0.215, align: 'right' },
      { title: '纬度', w: 0.215, align: 'right' },
      { title: '#', w: 0.07 },
      { title: '经度', w: 0.215, align: 'right' },
      { title: '纬度', w: 0.215, align: 'right' },
    ],
    Array.from({ length: half }, (_, i) => [...coord(i), ...coord(i + half)]),
  );
  if (s.verticesTruncated) t.paragraph('仅列出前 200 个顶点。', { size: 8.5, color: '#555555' });

  heading(t, '七、复核指纹 Fingerprint');
  t.paragraph(`SHA-256：${m.fingerprint}`, { size: 8.5 });
  t.paragraph(
    '由地块几何、各图层版本与校验和、规则库校验和、邻近距离和项目类型计算；用同样的数据与设置重新核查可得到同一指纹。',
    {
      size: 8.5,
      color: '#555555',
    },
  );
}

/** Lays out every report; returns where each site's pages start. */
function layout(t: Typesetter, models: ReportModel[]): number[] {
  const starts: number[] = [];
  for (const m of models) {
    t.newPage();
    starts.push(t.pageCount - 1);
    section(t, m);
  }
  return starts;
}

/** Page header and footer: the site, the page number of the whole file, the fingerprint and the illustrative notice. */
function furniture(t: Typesetter, models: ReportModel[], starts: number[]): void {
  const total = t.pageCount;
  for (let p = 0; p < total; p++) {
    const k = starts.filter((s) => s <= p).length - 1;
    const m = models[Math.max(0, k)]!;
    t.page = t.pages[p] ?? null;
    const style = { size: 7.5, color: '#555555' };
    if (p !== starts[k]) t.drawLine(`${m.title.zh} · ${m.site.name}`, MARGIN.left, A4.h - 32, style);
    const left = `${m.illustrative ? '示意数据，非审批依据 · ' : ''}指纹 ${m.fingerprint.slice(0, 16)}…`;
    t.drawLine(left, MARGIN.left, 30, style);
    const right = `第 ${p + 1} 页 / 共 ${total} 页`;
    t.drawLine(right, A4.w - MARGIN.right - t.width(right, style), 30, style);
  }
}

/** Characters of the text the embedded font has no glyph for (drawn as □), so the report can say so. */
function missingGlyphs(t: Typesetter): string[] {
  return [...new Set([...t.needed.values()].flatMap((s) => [...s]))].filter((c) => !t.covers(c));
}

export async function reportPdf(models: ReportModel[], files: FontFiles): Promise<Uint8Array> {
  if (!models.length) throw new Error('no site to report');
  const measure = Typesetter.measuring();
  layout(measure, models);
  // Page furniture is measured on as many pages as there will be, give or take; its characters are what matter here.
  furniture(measure, models, [0]);
  furniture(
    measure,
    models,
    models.map((_, i) => i),
  );
  const missing = missingGlyphs(measure);
  const note = missing.length
    ? `注：本 PDF 的字体未收录以下字符，文中以 □ 显示：${missing.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')}。原文见网页报告或 Word 文档。`
    : null;
  const noteStyle = { size: 8.5, color: '#b2182b' };
  if (note) measure.paragraph(note, noteStyle);

  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const first = models[0]!;
  const title = models.length === 1 ? `${first.title.zh} · ${first.site.name}` : first.title.zh;
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor('Eco-Zoning Map 生态空间管控一张图');
  doc.setSubject(first.title.en);
  doc.setKeywords(['三线一单', '生态环境分区管控', first.fingerprint]);
  doc.setCreator('Eco-Zoning Map 生态空间管控一张图');
  doc.setProducer('Eco-Zoning Map (pdf-lib)');
  const created = new Date(first.generatedAt);
  if (!Number.isNaN(created.getTime())) {
    doc.setCreationDate(created);
    doc.setModificationDate(created);
  }
  doc.catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'));

  const t = await Typesetter.drawing(doc, measure, files);
  const starts = layout(t, models);
  // The last page says which characters the font lacked, with their code points, so none is lost unnoticed.
  if (note) t.paragraph(note, noteStyle);
  furniture(t, models, starts);
  return doc.save({ useObjectStreams: true });
}
