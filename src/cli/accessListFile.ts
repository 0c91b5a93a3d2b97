// Reading a delivered access list into rows: CSV (UTF-8 or GBK, comma, semicolon or tab) or an Excel workbook (XLSX, read
// with exceljs; merged cells carry their value into every cell they cover). The rows go to src/lib/layers/accessList.ts.

import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import { decodeText } from '../lib/io/decodeText';
import { parseCsvRows } from '../lib/io/csv';
import { readAccessList, type AccessList, type TableRows } from '../lib/layers/accessList';
import { UserError } from './readData';

const MAX_BYTES = 200 * 2 ** 20;

async function xlsxTables(path: string): Promise<TableRows[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new UserError(`${path}: not a readable XLSX workbook (${(e as Error).message.slice(0, 120)})`);
  }
  return wb.worksheets.map((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const c = cell.isMerged ? cell.master : cell;
        cells[col - 1] = (c.text ?? '').toString();
      });
      rows[n - 1] = Array.from(cells, (c) => c ?? '');
    });
    return { file: basename(path), sheet: ws.name, rows: Array.from(rows, (r) => r ?? []) };
  });
}

function csvTable(path: string): TableRows {
  const bytes = new Uint8Array(readFileSync(path));
  const { text } = decodeText(bytes);
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', '\t', ';'].sort((a, b) => first.split(b).length - first.split(a).length)[0]!;
  return { file: basename(path), rows: parseCsvRows(text, delimiter).map((r) => r.cells) };
}

/** The access list in the file: the first sheet whose header can be found (every sheet's problems if none). */
export async function readAccessListFile(path: string): Promise<AccessList> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new UserError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (size > MAX_BYTES) throw new UserError(`${path}: ${size} bytes is more than an access list can be`);
  const ext = extname(path).toLowerCase();
  if (ext === '.xls') throw new UserError(`${path}: the old .xls format is not read; save it as .xlsx or .csv`);
  const tables = ext === '.xlsx' ? await xlsxTables(path) : [csvTable(path)];
  const lists = tables.map(readAccessList);
  return lists.find((l) => !l.problems.some((p) => p.code === 'list-no-header')) ?? lists[0]!;
}
