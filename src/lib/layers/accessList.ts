// The full access list (准入清单) a bureau delivers beside its control units, as a table: one row per unit and dimension
// (unit code, unit name, 管控维度, 管控要求: "long") or one row per unit with the four dimensions as columns ("wide"),
// below title rows and merged header cells. Its texts are joined to the units by code and replace the ones the DBF cut
// at 254 bytes. Pure: the command line reads the CSV or XLSX into rows (src/cli/accessListFile.ts).

import type { Dimension } from '../rules/model';

const DIMENSION_NAMES: Record<Dimension, RegExp> = {
  KJBJYS: /空间布局|KJBJYS/i,
  PWWPFGK: /污染物排放|排放管控|PWWPFGK/i,
  HJFXFK: /环境风险|风险防控|HJFXFK/i,
  ZYKFXLYQ: /资源(开发|利用)|效率要求|ZYKFXLYQ/i,
};

const CODE_HEADER = /编码|编号|代码|HJZHGKDYBM|DYBM|^BM$/i;
const NAME_HEADER = /名称|HJZHGKDYMC|DYMC|^MC$/i;
const DIMENSION_HEADER = /维度|类别|类型|管控类|要求类/;
const TEXT_HEADER = /管控要求|要求|内容|清单/;

export interface TableRows {
  /** Where the rows came from, for messages and the origin of each text: a file, and a sheet for workbooks. */
  file: string;
  sheet?: string;
  /** The cells row by row, merged cells filled with their value, as text. */
  rows: string[][];
}

export interface TextOrigin {
  file: string;
  sheet?: string;
  /** 1-based rows of the table the text was joined from. */
  rows: number[];
}

export interface AccessList {
  layout: 'long' | 'wide';
  /** Unit code (as in the list) → dimension → full text and where it came from. */
  texts: Map<string, Partial<Record<Dimension, { text: string; origin: TextOrigin }>>>;
  names: Map<string, string>;
  problems: { severity: 'error' | 'warning'; code: string; zh: string; en: string; row?: number }[];
}

const dimensionOf = (label: string): Dimension | null =>
  (Object.keys(DIMENSION_NAMES) as Dimension[]).find((d) => DIMENSION_NAMES[d].test(label)) ?? null;

/** A unit code as compared: without spaces, upper case (codes that differ only so are listed). */
export const codeKey = (code: string) => code.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

interface Header {
  at: number;
  labels: string[];
  code: number;
  name: number;
  layout: 'long' | 'wide';
  dimension: number;
  text: number;
  wide: Partial<Record<Dimension, number>>;
}

/** The header: the first row naming a code column and either a dimension and a text column or dimension columns;
 * a second header row below merged cells (管控要求 over four dimension names) is read together with it. */
function findHeader(rows: string[][]): Header | null {
  for (let at = 0; at < Math.min(rows.length, 30); at++) {
    const top = rows[at]!;
    const next = rows[at + 1] ?? [];
    for (const labels of [top, top.map((c, i) => (next[i]?.trim() ? next[i]! : c))]) {
      const code = labels.findIndex((c) => CODE_HEADER.test(c.trim()));
      if (code < 0) continue;
      const wide: Partial<Record<Dimension, number>> = {};
      labels.forEach((c, i) => {
        const d = i === code ? null : dimensionOf(c);
        if (d && wide[d] === undefined) wide[d] = i;
      });
      const name = labels.findIndex((c, i) => i !== code && NAME_HEADER.test(c.trim()));
      const two = labels !== top;
      if (Object.keys(wide).length >= 2)
        return { at: two ? at + 1 : at, labels, code, name, layout: 'wide', dimension: -1, text: -1, wide };
      const dimension = labels.findIndex((c, i) => i !== code && DIMENSION_HEADER.test(c));
      const text = labels.findIndex((c, i) => i !== code && i !== dimension && TEXT_HEADER.test(c));
      if (dimension >= 0 && text >= 0)
        return { at: two ? at + 1 : at, labels, code, name, layout: 'long', dimension, text, wide: {} };
    }
  }
  return null;
}

/** Reads the table into texts per unit code and dimension; several rows of one unit and dimension are joined in order. */
export function readAccessList(t: TableRows): AccessList {
  const problems: AccessList['problems'] = [];
  const texts: AccessList['texts'] = new Map();
  const names = new Map<string, string>();
  const h = findHeader(t.rows);
  const where = `${t.file}${t.sheet ? ` (${t.sheet})` : ''}`;
  if (!h) {
    problems.push({
      severity: 'error',
      code: 'list-no-header',
      zh: `${where} 中找不到表头：需要单元编码列，以及“管控维度”和“管控要求”两列或四个维度各一列`,
      en: `${where} has no header found: it needs a unit-code column and either a dimension and a requirement column or one column per dimension`,
    });
    return { layout: 'long', texts, names, problems };
  }
  const put = (code: string, d: Dimension, text: string, row: number) => {
    const unit = texts.get(code) ?? {};
    const had = unit[d];
    unit[d] = had
      ? { text: `${had.text}${text}`, origin: { ...had.origin, rows: [...had.origin.rows, row] } }
      : { text, origin: { file: t.file, ...(t.sheet ? { sheet: t.sheet } : {}), rows: [row] } };
    texts.set(code, unit);
  };
  for (let r = h.at + 1; r < t.rows.length; r++) {
    const row = t.rows[r]!;
    const line = r + 1;
    if (row.every((c) => !c.trim())) continue;
    const code = (row[h.code] ?? '').trim();
    if (!code) {
      problems.push({
        severity: 'warning',
        code: 'list-row-no-unit',
        zh: `${where} 第 ${line} 行没有单元编码，已跳过`,
        en: `${where} row ${line} has no unit code; skipped`,
        row: line,
      });
      continue;
    }
    if (h.name >= 0 && row[h.name]?.trim()) names.set(code, row[h.name]!.trim());
    if (h.layout === 'wide') {
      for (const [d, col] of Object.entries(h.wide) as [Dimension, number][]) {
        const text = (row[col] ?? '').trim();
        if (text) put(code, d, text, line);
      }
      continue;
    }
    const label = (row[h.dimension] ?? '').trim();
    const d = dimensionOf(label);
    const text = (row[h.text] ?? '').trim();
    if (!d) {
      problems.push({
        severity: 'warning',
        code: 'list-unknown-dimension',
        zh: `${where} 第 ${line} 行的管控维度“${label.slice(0, 20)}”无法识别，已跳过`,
        en: `${where} row ${line}: the dimension "${label.slice(0, 20)}" is not one of the four; skipped`,
        row: line,
      });
      continue;
    }
    if (text) put(code, d, text, line);
  }
  return { layout: h.layout, texts, names, problems };
}

export interface JoinResult {
  /** Unit code (as in the layer) → the list's texts for it. */
  byUnit: Map<string, Partial<Record<Dimension, { text: string; origin: TextOrigin }>>>;
  unitsWithoutRow: string[];
  rowsWithoutUnit: string[];
  /** List codes that match a unit only once spaces and case are ignored. */
  nearMisses: { list: string; unit: string }[];
}

/** Joins the list to the layer's unit codes: exactly, else ignoring spaces and case (and saying so). */
export function joinAccessList(list: AccessList, unitCodes: string[]): JoinResult {
  const exact = new Set(unitCodes);
  const byKey = new Map(unitCodes.map((c) => [codeKey(c), c]));
  const byUnit: JoinResult['byUnit'] = new Map();
  const rowsWithoutUnit: string[] = [];
  const nearMisses: JoinResult['nearMisses'] = [];
  for (const [code, texts] of list.texts) {
    const unit = exact.has(code) ? code : byKey.get(codeKey(code));
    if (!unit) {
      rowsWithoutUnit.push(code);
      continue;
    }
    if (unit !== code) nearMisses.push({ list: code, unit });
    byUnit.set(unit, { ...(byUnit.get(unit) ?? {}), ...texts });
  }
  return { byUnit, unitsWithoutRow: unitCodes.filter((c) => !byUnit.has(c)), rowsWithoutUnit, nearMisses };
}
