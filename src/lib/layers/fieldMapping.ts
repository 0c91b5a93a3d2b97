// Which field of a bureau's delivery holds each attribute a layer needs. The standard 三线一单 fields and their common
// variants (upper/lower case, Chinese names, short aliases) are recognised on their own; the rest come from a mapping
// file, which is written as a template (every source field with its type and sample values) when a required attribute
// cannot be found. A mapping is stored with the imported data, so the next version of the same delivery asks nothing.

import type { AttributeSpec, LayerSpec } from './manifest';

/** Source field names recognised for each layer's attributes, beyond the attribute's own name. */
const ALIASES: Record<string, Record<string, string[]>> = {
  ecu: {
    HJZHGKDYBM: ['环境管控单元编码', '管控单元编码', '单元编码', 'DYBM', 'GKDYBM', 'ZHGKDYBM', 'BM', '编码'],
    HJZHGKDYMC: ['环境管控单元名称', '管控单元名称', '单元名称', 'DYMC', 'GKDYMC', 'ZHGKDYMC', 'MC', '名称'],
    ZHGKDYFL: [
      '管控单元分类',
      '管控单元类别',
      '管控类别',
      '单元类别',
      '单元分类',
      'GKDYFL',
      'DYFL',
      'GKLB',
      'FL',
      'LB',
    ],
    SHI: ['地市', '所在地市', '市', '城市', 'DS', 'SZDS', 'CITY', 'SHIMC'],
    XIAN: ['区县', '所在区县', '县区', '县', 'QX', 'SZQX', 'COUNTY', 'XIANMC'],
    YQMC: ['园区名称', '所在园区', 'YQ'],
    KJBJYS: ['空间布局约束', 'KJBJ'],
    PWWPFGK: ['污染物排放管控', 'WRWPFGK', 'PWGK'],
    HJFXFK: ['环境风险防控', 'FXFK'],
    ZYKFXLYQ: ['资源开发效率要求', '资源利用效率要求', '资源开发利用效率', 'ZYLYXL', 'ZYKFLYXL'],
  },
  'eco-redline': {
    id: ['BSM', '标识码', 'HXBH', 'HXBM', '红线编码', '编码', 'BH'],
    name_zh: ['HXMC', 'MC', '红线名称', '名称'],
    HXMC: ['MC', '红线名称', '名称'],
    HXLX: ['LX', '红线类型', '类型', 'GNLX', '功能类型'],
    city: ['SHI', '地市', '所在地市', 'CITY', 'XZQMC'],
  },
  'nature-reserve': {
    id: ['BSM', '标识码', 'BH', '编码'],
    name_zh: ['MC', '名称', 'GNFQMC'],
    BHQMC: ['保护区名称', 'BHQ', 'MC'],
    GNFQ: ['功能分区', '功能区', 'FQ'],
    JB: ['级别', '保护区级别', 'BHQJB'],
    city: ['SHI', '地市', 'CITY'],
  },
  'water-source': {
    id: ['BSM', '标识码', 'BH', '编码'],
    name_zh: ['MC', '名称'],
    SYDMC: ['水源地名称', 'SYD', 'MC'],
    BHQJB: ['保护区级别', '级别', 'JB'],
    SYDLX: ['水源地类型', '类型', 'LX'],
    city: ['SHI', '地市', 'CITY'],
  },
  'eco-corridor': {
    id: ['BSM', '标识码', 'BH', '编码'],
    name_zh: ['MC', '名称'],
    LDMC: ['廊道名称', 'MC'],
    LDLX: ['廊道类型', '类型', 'LX'],
    width_m: ['宽度', 'KD', 'WIDTH'],
    city: ['SHI', '地市', 'CITY'],
  },
};

/** Attributes the import sets itself (from the provenance), never read from the delivery. */
export const SET_BY_IMPORT = new Set(['status', 'source_note']);

/** A mapping file: each attribute's source field, or "=text" for a value every feature takes. */
export interface FieldMapping {
  layer: string;
  fields: Record<string, string>;
  /** Recorded for the user: the source fields and samples, when written as a template. */
  sourceFields?: { name: string; type: string; samples: string[] }[];
  /** Required attributes no field could be found for: fill these in and import again. */
  unresolved?: string[];
}

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s_\-—()（）]/g, '')
    .toUpperCase();

export interface MappingDecision {
  /** Attribute → source field (or "=constant"), for every attribute found. */
  fields: Record<string, string>;
  /** How each was found: named in the mapping file, or recognised. */
  how: Record<string, 'mapping' | 'recognised'>;
  /** Required attributes not found (other than those the import sets). */
  unresolved: string[];
  /** Mapping entries naming a source field the delivery does not have. */
  unknown: { attribute: string; field: string }[];
}

/** GBK byte length (CJK 2 bytes, ASCII 1), as a DBF counts its field names and text fields. */
export const gbkLength = (s: string) => [...s].reduce((n, ch) => n + (ch.codePointAt(0)! < 0x80 ? 1 : 2), 0);

/** What an attribute's values look like, where the name alone cannot tell two attributes apart. */
const LOOKS: Record<string, (v: string) => boolean> = {
  HJZHGKDYBM: (v) => /^[A-Z]{2}\d{8,14}$/i.test(v),
  HJZHGKDYMC: (v) => !/^[A-Z]{2}\d{8,14}$/i.test(v) && /[\u4e00-\u9fff]/.test(v),
};

/**
 * Decides where each attribute of `spec` comes from, given the delivery's field names, an optional mapping and a few
 * features' properties (to tell apart two attributes a DBF's 10-byte field names cut to the same prefix).
 */
export function decideMapping(
  spec: LayerSpec,
  sourceFields: string[],
  mapping?: FieldMapping,
  samples: Record<string, unknown>[] = [],
): MappingDecision {
  const byNorm = new Map<string, string>();
  for (const f of sourceFields) if (!byNorm.has(norm(f))) byNorm.set(norm(f), f);
  const d: MappingDecision = { fields: {}, how: {}, unresolved: [], unknown: [] };
  const taken = new Set<string>();
  const attrs = spec.attributes.filter((a) => !SET_BY_IMPORT.has(a.name));
  // Mapped attributes first, then each attribute's own name, then aliases: an exact name beats an alias elsewhere.
  for (const a of attrs) {
    const m = mapping?.fields[a.name]?.trim();
    if (!m) continue;
    if (m.startsWith('=')) d.fields[a.name] = m;
    else if (byNorm.has(norm(m))) d.fields[a.name] = byNorm.get(norm(m))!;
    else {
      d.unknown.push({ attribute: a.name, field: m });
      continue;
    }
    d.how[a.name] = 'mapping';
    taken.add(d.fields[a.name]!);
  }
  for (const pass of ['own', 'alias'] as const)
    for (const a of attrs) {
      if (d.fields[a.name]) continue;
      const names = pass === 'own' ? [a.name] : (ALIASES[spec.id]?.[a.name] ?? []);
      // An attribute's own name is never another's; an alias may feed two (a red line's MC is its name and HXMC).
      const hit = names
        .map((n) => byNorm.get(norm(n)))
        .find((f) => f !== undefined && (pass === 'alias' || !taken.has(f)));
      if (!hit) continue;
      d.fields[a.name] = hit;
      d.how[a.name] = 'recognised';
      taken.add(hit);
    }
  // A DBF cuts field names at 10 bytes (five Chinese characters): "空间布局约" is 空间布局约束. A cut name that begins
  // one attribute's name is that attribute; one that begins several is decided by what its values look like.
  const cut = sourceFields.filter((f) => !taken.has(f) && gbkLength(f) >= 8 && gbkLength(f) <= 10);
  for (const f of cut) {
    const claims = attrs.filter(
      (a) =>
        !d.fields[a.name] &&
        [a.name, ...(ALIASES[spec.id]?.[a.name] ?? [])].some((n) => norm(n).startsWith(norm(f)) && norm(n) !== norm(f)),
    );
    const values = samples.map((p) => String(p[f] ?? '').trim()).filter(Boolean);
    const fits =
      claims.length === 1
        ? claims
        : claims.filter((a) => LOOKS[a.name] && values.length && values.every(LOOKS[a.name]!));
    if (fits.length !== 1) continue;
    d.fields[fits[0]!.name] = f;
    d.how[fits[0]!.name] = 'recognised';
    taken.add(f);
  }
  d.unresolved = attrs.filter((a) => a.required && !d.fields[a.name]).map((a) => a.name);
  return d;
}

/** The class of a control unit as 1/2/3 from a number or the class's name (优先保护/重点管控/一般管控); null if neither. */
export function unitClass(v: unknown): 1 | 2 | 3 | null {
  if (typeof v === 'number') return v === 1 || v === 2 || v === 3 ? v : null;
  const s = String(v ?? '')
    .normalize('NFKC')
    .trim();
  if (/^[123](\.0+)?$/.test(s)) return Number(s[0]) as 1 | 2 | 3;
  if (/优先/.test(s)) return 1;
  if (/重点/.test(s)) return 2;
  if (/一般/.test(s)) return 3;
  return null;
}

/** A feature's value for an attribute, converted to the attribute's type; undefined when absent or unreadable. */
export function attributeValue(a: AttributeSpec, source: string, props: Record<string, unknown>): unknown {
  const raw = source.startsWith('=') ? source.slice(1) : props[source];
  if (raw === null || raw === undefined) return undefined;
  if (a.name === 'ZHGKDYFL') return unitClass(raw) ?? raw;
  if (a.type === 'string') return String(raw).trim();
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isFinite(n)) return raw;
  return a.type === 'integer' && Number.isInteger(n) ? n : a.type === 'number' ? n : raw;
}

/** The template the user fills in: what was decided, what is missing, and every source field with samples. */
export function mappingTemplate(
  spec: LayerSpec,
  decision: MappingDecision,
  sample: Record<string, unknown>[],
  sourceFields: { name: string; type: string }[],
): FieldMapping {
  const fields: Record<string, string> = {};
  for (const a of spec.attributes) if (!SET_BY_IMPORT.has(a.name)) fields[a.name] = decision.fields[a.name] ?? '';
  return {
    layer: spec.id,
    fields,
    unresolved: decision.unresolved,
    sourceFields: sourceFields.map((f) => ({
      name: f.name,
      type: f.type,
      samples: [
        ...new Set(
          sample.map((p) => p[f.name]).filter((v) => v !== null && v !== undefined && String(v).trim() !== ''),
        ),
      ]
        .slice(0, 3)
        .map((v) => String(v).slice(0, 60)),
    })),
  };
}
