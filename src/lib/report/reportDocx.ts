// The Word (.docx) section laid out as the "三线一单"符合性分析 chapter of an EIA report, from the report model.

import { areaFigures, degreesFigure, metresFigure, percentFigure } from '../text/measures';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { mapPng, type Rasterizer } from './mapPng';
import type { ReportModel } from './reportModel';

const FONT = { ascii: 'Times New Roman', eastAsia: '宋体', hAnsi: 'Times New Roman' };

const p = (text: string, opts: { bold?: boolean; size?: number; center?: boolean } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
    children: [new TextRun({ text, bold: opts.bold ?? false, size: opts.size ?? 21, font: FONT })],
  });

const cell = (text: string, header = false) => new TableCell({ children: [p(text, { bold: header, size: 18 })] });

function table(head: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

/** The report map as a picture, its legend, scale bar and north arrow drawn in it, and a caption. */
async function mapFigure(m: ReportModel, raster: Rasterizer): Promise<Paragraph[]> {
  const f = m.map;
  const { png } = await mapPng(f, raster, 2);
  const w = 600;
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new ImageRun({
          type: 'png',
          data: png,
          transformation: { width: w, height: Math.round((w * f.height) / f.width) },
          altText: {
            name: 'map',
            title: f.title,
            description: `${m.site.name}与管控要素叠图；图例：${f.legend.map((l) => l.label).join('、')}`,
          },
        }),
      ],
    }),
    p(`图  项目选址与生态环境管控要素叠图（上北；左下比例尺长 ${f.bar.label}；底图为所涉管控要素，虚线为项目地块）`, {
      size: 18,
      center: true,
    }),
  ];
}

/** What the analysis column says for a rule of this strength; the author completes the project's own situation. */
const COMPLIANCE: Record<string, string> = {
  prohibited: '不符合（禁止类）',
  restricted: '需论证（限制类）',
  conditional: '需落实条件',
  allowed: '符合',
  'needs-review': '需人工研判',
};

/** The chapter for one site. */
function chapter(m: ReportModel, map: Paragraph[]): (Paragraph | Table)[] {
  const s = m.site;
  const zoning = m.hits.filter((h) => h.layer !== 'admin-city' && h.layer !== 'admin-district');
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      children: [
        new TextRun({ text: '与“三线一单”生态环境分区管控要求的符合性分析', font: FONT, bold: true, size: 28 }),
      ],
    }),
    ...(m.notice ? [p(`【${m.notice.zh}】`, { bold: true })] : []),
    p(
      `本项目拟选址“${s.name}”（${s.geometryType}${s.areaM2 > 0 ? `，面积 ${areaFigures(s.areaM2).m2} 平方米，合 ${areaFigures(s.areaM2).ha} 公顷、${areaFigures(s.areaM2).mu} 亩` : ''}${s.lengthM > 0 ? `，长度 ${metresFigure(s.lengthM)} 米` : ''}），中心点坐标 ${s.centroid ? `${degreesFigure(s.centroid[0])}°E, ${degreesFigure(s.centroid[1])}°N` : '—'}（CGCS2000）。项目类型：${m.projectType ?? '未指定'}。经与生态环境分区管控数据叠加核查（邻近距离 ${m.nearM} 米），结果如下。`,
    ),
    ...map,
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      children: [new TextRun({ text: '1. 项目涉及的环境管控单元及生态环境敏感区', font: FONT, bold: true, size: 24 })],
    }),
    zoning.length
      ? table(
          ['序号', '图层', '编码', '名称', '类别', '空间关系', '重叠面积（公顷）', '占项目比例', '距离（米）'],
          zoning.map((h, i) => [
            String(i + 1),
            h.layerTitle.zh,
            h.zone,
            h.name,
            h.classLabel?.zh ?? '',
            h.relation.zh,
            h.overlapM2 > 0 ? areaFigures(h.overlapM2).ha : '—',
            h.distanceM > 0 ? '—' : `${percentFigure(h.siteSharePct)}%`,
            h.distanceM > 0 ? metresFigure(h.distanceM) : '—',
          ]),
        )
      : p('项目未与任何管控单元或生态环境敏感区相交，亦不在邻近距离内。'),
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      children: [new TextRun({ text: '2. 符合性分析', font: FONT, bold: true, size: 24 })],
    }),
    table(
      ['管控单元/要素', '管控维度', '管控要求', '本项目情况', '符合性'],
      zoning.flatMap((h) => [
        ...h.requirements.map((r) => [`${h.zone} ${h.name}`, r.title.zh, r.text, '（待评价单位填写）', '需逐条说明']),
        ...h.rules.map((r) => [
          `${h.zone} ${h.name}`,
          r.strengthText.zh,
          `${r.text.zh}（${r.cite}）`,
          r.dependsOnType ? `（适用于：${r.projectTypes.join('、')}）` : '（待评价单位填写）',
          COMPLIANCE[r.strength] ?? '',
        ]),
      ]),
    ),
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      children: [new TextRun({ text: '3. 结论', font: FONT, bold: true, size: 24 })],
    }),
    p(`核查结论：${m.verdict.text.zh}。${m.needsType ? `另有 ${m.needsType} 条更严格的规则取决于项目类型。` : ''}`, {
      bold: true,
    }),
    ...m.missing.map((x) => p(`注意：${x.zh}`)),
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      children: [new TextRun({ text: '4. 数据来源', font: FONT, bold: true, size: 24 })],
    }),
    table(
      ['图层', '版本', '状态', '来源与许可'],
      m.layers.map((l) => [
        l.title.zh,
        l.version,
        l.status,
        l.provenance
          ? `${l.provenance.source.zh}；${l.provenance.licence}；${l.provenance.status === 'illustrative' ? '示意数据' : '官方数据'}`
          : '—',
      ]),
    ),
    p(`核查时间：${m.generatedAt}；复核指纹（SHA-256）：${m.fingerprint}`, { size: 16 }),
  ];
  return children;
}

/** A Word document with the chapter for each site, one section each. */
export async function reportDocx(models: ReportModel[], raster: Rasterizer): Promise<Uint8Array> {
  const maps: Paragraph[][] = [];
  for (const m of models) maps.push(await mapFigure(m, raster));
  const doc = new Document({
    creator: 'Eco-Zoning Map 生态空间管控一张图',
    title: models.length === 1 ? `${models[0]!.title.zh} · ${models[0]!.site.name}` : (models[0]?.title.zh ?? ''),
    sections: models.map((m, i) => ({ children: chapter(m, maps[i]!) })),
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}
