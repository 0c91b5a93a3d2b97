// CSV sites: one row a site, from longitude/latitude columns (decimal or 度分秒) or a WKT column.

import { NAME_FIELDS } from './siteFields';
import type { Geometry } from 'geojson';
import type { Crs } from '../geo/crs';
import { parseAngle } from './coordText';
import { NO_CRS_NAMED, toLonLatGeometry } from './reproject';
import { decideCrs } from './crsDecision';
import { positions } from '../geo/geometryWalk';
import { failure, issue, type ImportIssue, type ImportResult, type ImportedSite } from './types';
import { parseWkt } from './wkt';

const FORMAT = 'csv';
const LON = /^(lon|lng|long|longitude|x|经度|东经|jd|x坐标|横坐标)$/i;
const LAT = /^(lat|latitude|y|纬度|北纬|wd|y坐标|纵坐标)$/i;
const WKT = /^(wkt|geometry|geom|the_geom|shape|几何|图形)$/i;
const ID = /^(id|编号|序号|bh|dkbh)$/i;
const NAME = new RegExp(`^(${NAME_FIELDS.join('|')})$`, 'i');

/** RFC 4180 rows: quoted fields may hold the delimiter, quotes ("") and line breaks. */
export function parseCsvRows(text: string, delimiter: string): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x.trim() !== '')) rows.push({ cells, line: rowLine });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((x) => x.trim() !== '')) rows.push({ cells, line: rowLine });
  return rows;
}

function detectDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

export function readCsv(text: string, override?: Crs | null): ImportResult {
  const clean = text.replace(/^\uFEFF/, '');
  const rows = parseCsvRows(clean, detectDelimiter(clean.split(/\r?\n/, 1)[0] ?? ''));
  if (rows.length < 2)
    return failure(
      FORMAT,
      'empty-csv',
      'CSV 文件没有数据行（第一行应为列名）',
      'the CSV has no data rows (the first row must name the columns)',
    );
  const head = rows[0]!.cells.map((h) => h.trim());
  const col = (re: RegExp) => head.findIndex((h) => re.test(h));
  const [lon, lat, wkt, idCol, nameCol] = [col(LON), col(LAT), col(WKT), col(ID), col(NAME)];
  if (wkt < 0 && (lon < 0 || lat < 0))
    return failure(
      FORMAT,
      'no-coordinate-columns',
      `找不到坐标列：需要“经度/纬度”（lon/lat）或 WKT 列，现有列为 ${head.join('、')}`,
      `no coordinate columns: need lon/lat (经度/纬度) or a WKT column; the columns are ${head.join(', ')}`,
    );
  const issues: ImportIssue[] = [];
  const parsed: { id: string; name: string; geometry: Geometry; props: Record<string, unknown> }[] = [];
  for (const { cells, line } of rows.slice(1)) {
    const props: Record<string, unknown> = Object.fromEntries(head.map((h, k) => [h || `col${k + 1}`, cells[k] ?? '']));
    const id = idCol >= 0 && cells[idCol]?.trim() ? cells[idCol]!.trim() : String(line);
    const name = nameCol >= 0 && cells[nameCol]?.trim() ? cells[nameCol]!.trim() : id;
    let geometry: Geometry | null = null;
    if (wkt >= 0 && cells[wkt]?.trim()) {
      const g = parseWkt(cells[wkt]!);
      if (g.ok) geometry = g.geometry;
      else
        issues.push(
          issue(
            'error',
            'bad-wkt',
            `第 ${line} 行的 WKT 无法解析：${g.error}`,
            `line ${line}: the WKT cannot be read: ${g.error}`,
            { line, site: id },
          ),
        );
    } else if (lon >= 0 && lat >= 0) {
      const x = parseAngle(cells[lon] ?? '');
      const y = parseAngle(cells[lat] ?? '');
      if (x === null || y === null)
        issues.push(
          issue(
            'error',
            'bad-number',
            `第 ${line} 行坐标不是数字或度分秒：“${cells[lon] ?? ''}”, “${cells[lat] ?? ''}”`,
            `line ${line}: "${cells[lon] ?? ''}", "${cells[lat] ?? ''}" are not numbers or degrees-minutes-seconds`,
            {
              line,
              site: id,
            },
          ),
        );
      else geometry = { type: 'Point', coordinates: [x, y] };
    }
    if (geometry) parsed.push({ id, name, geometry, props });
  }
  const all = parsed.flatMap((p) => positions(p.geometry));
  const crs = decideCrs(
    {
      points: all.map((p) => [p[0]!, p[1]!] as const),
      chosen: override ?? null,
      silence: NO_CRS_NAMED,
      lonLatIsDefault: true,
    },
    issues,
  );
  if (!crs) return { format: FORMAT, crs: null, sites: [], issues };
  const sites: ImportedSite[] = parsed.map((p) => ({
    id: p.id,
    name: p.name,
    geometry: toLonLatGeometry(p.geometry, crs),
    properties: p.props,
  }));
  return { format: FORMAT, crs, sites, issues };
}
