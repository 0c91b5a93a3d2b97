// One entry for every site file: size limit, format detection by name and content, the reader, then site validation.

import type { Crs } from '../geo/crs';
import { decodeText } from './decodeText';
import { readCsv } from './csv';
import { readDxf } from './dxf';
import { readGeoJson } from './geojson';
import { isGuotuTxt, readGuotuTxt } from './guotuTxt';
import { readKml, readKmz } from './kml';
import { readShapefileEntries } from './shapefile';
import { failure, type ImportResult } from './types';
import { validateSites, type Validated } from './validateSites';
import { unzip } from './zip';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface ImportOptions {
  /** The CRS the user chose; it wins over anything the file says or suggests. */
  crs?: Crs | null;
  maxBytes?: number;
  /** Called with each batch of sites as validation passes them (for showing the first sites of a big file early). */
  onValidated?: Validated;
}

const startsWith = (b: Uint8Array, ...sig: number[]) => sig.every((v, i) => b[i] === v);

/** Reads a site file of any supported format; never throws. */
export function importFile(name: string, bytes: Uint8Array, opts: ImportOptions = {}): ImportResult {
  const max = opts.maxBytes ?? MAX_IMPORT_BYTES;
  if (bytes.length === 0) return failure('unknown', 'empty-file', `文件 ${name} 是空的`, `the file ${name} is empty`);
  if (bytes.length > max)
    return failure(
      'unknown',
      'too-large',
      `文件 ${name} 为 ${(bytes.length / 2 ** 20).toFixed(1)} MB，超过 ${max / 2 ** 20} MB 的上限`,
      `${name} is ${(bytes.length / 2 ** 20).toFixed(1)} MB; the limit is ${max / 2 ** 20} MB`,
    );
  const ext = (/\.([^./\\]+)$/.exec(name)?.[1] ?? '').toLowerCase();
  const validate = (r: ImportResult) => validateSites(r, opts.onValidated);
  try {
    if (
      startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) ||
      startsWith(bytes, 0x50, 0x4b, 0x05, 0x06) ||
      ext === 'zip' ||
      ext === 'kmz'
    ) {
      if (ext === 'kmz') return validate(readKmz(bytes, { crs: opts.crs ?? null }));
      const z = unzip(bytes);
      if (!z.ok) return failure('zip', z.code, z.message.zh, z.message.en);
      const names = [...z.files.keys()].map((n) => n.toLowerCase());
      if (!names.some((n) => n.endsWith('.shp')) && names.some((n) => n.endsWith('.kml')))
        return validate(readKmz(bytes, { crs: opts.crs ?? null }));
      // Inflated once: the entries go to the shapefile reader as they are.
      return validate(readShapefileEntries(z.files, { crs: opts.crs ?? null }));
    }
    if (ext === 'shp' || ext === 'dbf' || ext === 'shx')
      return failure(
        'shapefile',
        'need-zip',
        '请将 .shp、.shx、.dbf 和 .prj 一起压缩为 .zip 后导入',
        'zip the .shp with its .shx, .dbf and .prj and import the .zip',
      );
    if (ext === 'dwg' || startsWith(bytes, 0x41, 0x43, 0x31, 0x30))
      return failure(
        'dwg',
        'dwg-unsupported',
        '不支持 DWG，请在 CAD 中另存为 DXF 后导入',
        'DWG is not supported: save the drawing as DXF and import that',
      );
    const { text } = decodeText(bytes);
    const head = text.slice(0, 2000).trimStart();
    if (ext === 'kml' || /^<\?xml[\s\S]*<kml|^<kml/i.test(head))
      return validate(readKml(text, { crs: opts.crs ?? null }));
    if (ext === 'dxf' || /^0\s*\r?\n\s*SECTION/i.test(head)) return validate(readDxf(text, { crs: opts.crs ?? null }));
    if (isGuotuTxt(text)) return validate(readGuotuTxt(text, opts.crs ?? null));
    if (ext === 'geojson' || ext === 'json' || head.startsWith('{'))
      return validate(readGeoJson(text, opts.crs ?? null));
    if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return validate(readCsv(text, opts.crs ?? null));
    return failure(
      'unknown',
      'unknown-format',
      `无法识别 ${name} 的格式（支持 GeoJSON、KML/KMZ、zip 压缩的 Shapefile、CSV、DXF、国土 TXT）`,
      `the format of ${name} is not recognised (GeoJSON, KML/KMZ, zipped shapefile, CSV, DXF and 国土 TXT are)`,
    );
  } catch (e) {
    // The readers return errors as values; this is the last guard so a caller never sees an exception.
    return failure(
      'unknown',
      'reader-failed',
      `读取 ${name} 时出错：${(e as Error).message}`,
      `reading ${name} failed: ${(e as Error).message}`,
    );
  }
}
