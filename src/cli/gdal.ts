// Reading a bureau's delivery with GDAL (gdal3.js: GDAL compiled to WebAssembly, no native build): shapefiles (zipped
// or not), GeoPackage, File Geodatabase (.gdb folder, or zipped), GeoJSON, FlatGeobuf, KML. GDAL reads the CRS the
// file states and reprojects to CGCS2000 lon/lat with PROJ's own definitions; the DBF's text encoding is decided here
// (GDAL reads a DBF that names no code page as ISO-8859-1) and passed to it.

import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { fromFlatGeobuf } from '../lib/layers/loadLayer';
import type GdalTypes from 'gdal3.js';
import { unzip } from '../lib/io/zip';
import { dbfEncoding } from '../lib/io/shapefile/dbf';
import { issue, type ImportIssue } from '../lib/io/types';
import { readKml, readKmz } from '../lib/io/kml';
import { decodeText } from '../lib/io/decodeText';

type Gdal = Awaited<ReturnType<typeof GdalTypes>>;

let gdal: Promise<Gdal> | null = null;
let outputs = 0;
let outputDir: string | null = null;
let gdalModule: unknown = null;

/**
 * GDAL, started once per process (about a second). Its output folder is a real temporary folder (mounted in its
 * file system), so that what it writes goes to a file as ogr2ogr's would, not into its own in-memory file system,
 * which copies a growing file again and again.
 */
export function startGdal(): Promise<Gdal> {
  if (!gdal) {
    // In RAM where the system offers it (Linux's /dev/shm): GDAL's outputs are read back at once and then removed.
    const dest = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'ecozone-gdal-'));
    outputDir = dest;
    process.once('exit', () => rmSync(dest, { recursive: true, force: true }));
    gdal = (createRequire(import.meta.url)('gdal3.js/node.js') as typeof GdalTypes)({
      logHandler: () => {},
      errorHandler: () => {},
      dest,
    }).then((g) => {
      gdalModule = (g as unknown as { Module?: unknown }).Module ?? null;
      return g;
    });
  }
  return gdal;
}

/** The bytes of a file GDAL wrote (its output path as GDAL names it), read from disk; removed unless `keep`. */
export function takeOutput(local: string, keep = false): Uint8Array {
  const buf = readFileSync(outputPath(local));
  if (!keep) removeOutput(local);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

interface EmFs {
  lookupPath(path: string): unknown;
  isDir(mode: number): boolean;
  stat(path: string): { mode: number };
  readdir(path: string): string[];
  unlink(path: string): void;
  rmdir(path: string): void;
}

/**
 * Removes a file or folder GDAL wrote, through GDAL's own file system so that it forgets it too (removed behind its
 * back, a name stays known to it and GDAL cannot write that name again).
 */
export function removeOutput(local: string): void {
  const fs = (gdalModule as { FS?: EmFs } | null)?.FS;
  if (!fs) {
    rmSync(outputPath(local), { recursive: true, force: true });
    return;
  }
  const remove = (p: string) => {
    try {
      fs.lookupPath(p);
    } catch {
      return;
    }
    if (fs.isDir(fs.stat(p).mode)) {
      for (const f of fs.readdir(p)) if (f !== '.' && f !== '..') remove(`${p}/${f}`);
      fs.rmdir(p);
    } else fs.unlink(p);
  };
  remove(local);
}

/** Where GDAL's output path `local` (/output/…) lies on disk. */
export function outputPath(local: string): string {
  if (!outputDir) throw new Error('GDAL has not been started');
  return join(outputDir, local.replace(/^\/output\//, ''));
}

export class ReadError extends Error {}

export interface VectorSource {
  /** The file or folder as the user named it. */
  path: string;
  layer: string;
  driver: string;
  /** The CRS GDAL read from the file (name and EPSG code), or the one the user named. */
  crs: { name: string; epsg: number | null; how: 'declared' | 'chosen' };
  /** The DBF text encoding and how it was decided (shapefiles only). */
  encoding?: { label: string; how: 'cpg' | 'language-driver' | 'detected' | 'chosen' };
  fields: { name: string; type: string }[];
  /** The features in CGCS2000 lon/lat (EPSG:4490). */
  fc: FeatureCollection;
}

/** The GDAL dataset name(s) of a path: a zip is unpacked (bomb-safe) into a temporary folder first. */
function expand(path: string, scratch: string): string[] {
  if (!existsSync(path)) throw new ReadError(`${path}: no such file or folder`);
  if (statSync(path).isDirectory()) {
    if (/\.gdb\/?$/i.test(path)) return [path];
    const found = readdirSync(path).flatMap((f) =>
      /\.(shp|gpkg|geojson|json|fgb|kml|kmz)$/i.test(f) || /\.gdb$/i.test(f) ? [join(path, f)] : [],
    );
    if (!found.length)
      throw new ReadError(`${path}: no shapefile, GeoPackage, .gdb, GeoJSON, FlatGeobuf or KML in this folder`);
    return found;
  }
  if (extname(path).toLowerCase() !== '.zip') return [path];
  const z = unzip(new Uint8Array(readFileSync(path)), { maxTotalBytes: 4 * 2 ** 30 });
  if (!z.ok) throw new ReadError(`${path}: ${z.message.en}`);
  const root = join(scratch, basename(path, extname(path)));
  for (const [name, bytes] of z.files) {
    if (name.endsWith('/')) continue;
    const to = join(root, name);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, bytes);
  }
  const names = [...z.files.keys()];
  const gdbs = [...new Set(names.flatMap((n) => /^(.*?\.gdb)\//i.exec(n)?.[1] ?? []))];
  const others = names.filter((n) => /\.(shp|gpkg|geojson|fgb|kml|kmz)$/i.test(n) && !/\.gdb\//i.test(n));
  const all = [...gdbs, ...others].map((n) => join(root, n));
  if (!all.length)
    throw new ReadError(`${path}: the zip holds no shapefile, GeoPackage, .gdb, GeoJSON, FlatGeobuf or KML`);
  return all;
}

/** The files GDAL must see for one dataset: a shapefile's siblings, a .gdb folder's contents. */
function members(ds: string): string[] {
  if (/\.shp$/i.test(ds)) {
    const stem = basename(ds, extname(ds)).toLowerCase();
    return readdirSync(dirname(ds))
      .filter((f) => basename(f, extname(f)).toLowerCase() === stem)
      .map((f) => join(dirname(ds), f));
  }
  return [ds];
}

/**
 * KML and KMZ with the project's own reader, not GDAL's: GDAL's KML driver keeps a placemark's name and description
 * and drops its ExtendedData, where a delivery's codes and classes are. KML is lon/lat (WGS 84) by definition.
 */
function readKmlLayer(path: string, file: string, opts: { crs?: string }, issues: ImportIssue[]): VectorSource {
  if (opts.crs && !/^EPSG:(4326|4490)$/i.test(opts.crs))
    throw new ReadError(`${path}: KML is longitude/latitude by definition; --crs ${opts.crs} cannot apply to it`);
  const bytes = new Uint8Array(readFileSync(file));
  const r = /\.kmz$/i.test(file) ? readKmz(bytes) : readKml(decodeText(bytes).text);
  const errors = r.issues.filter((i) => i.severity === 'error');
  if (errors.length || !r.sites.length)
    throw new ReadError(
      `${path}: ${errors.map((e) => e.message.en).join('; ') || 'the KML holds no placemark with a geometry'}`,
    );
  issues.push(...r.issues);
  const names = new Map<string, string>();
  for (const s of r.sites)
    for (const [k, v] of Object.entries(s.properties))
      if (!names.has(k) || (typeof v === 'number' && names.get(k) === 'String'))
        names.set(k, typeof v === 'number' ? 'Real' : 'String');
  return {
    path,
    layer: basename(file, extname(file)),
    driver: 'KML',
    crs: { name: 'WGS 84 (KML)', epsg: 4326, how: 'declared' },
    fields: [...names].map(([name, type]) => ({ name, type })),
    fc: {
      type: 'FeatureCollection',
      features: r.sites.map((s) => ({ type: 'Feature', properties: s.properties, geometry: s.geometry })),
    },
  };
}

/** Whether a CRS is on the Xian 1980 or Beijing 1954 datum (by its name, or its EPSG code: geographic 4610 and 4214,
 * Gauss-Krüger 2327–2390 (Xian 1980), 2401–2442 and 21413–21483 (Beijing 1954)). */
export function oldDatum(name: string | null, epsg: number | null): boolean {
  if (name && /xian[ _]?1980|beijing[ _]?1954/i.test(name)) return true;
  if (!epsg) return false;
  return (
    epsg === 4610 ||
    epsg === 4214 ||
    (epsg >= 2327 && epsg <= 2390) ||
    (epsg >= 2401 && epsg <= 2442) ||
    (epsg >= 21413 && epsg <= 21483)
  );
}

interface OgrInfo {
  driverShortName?: string;
  layers?: {
    name: string;
    featureCount?: number;
    fields?: { name: string; type: string }[];
    geometryFields?: { type?: string; coordinateSystem?: { projjson?: { name?: string; id?: { code?: number } } } }[];
  }[];
}

/**
 * Reads every vector layer of the paths into lon/lat. `crs` (an EPSG code such as "EPSG:4547") is used when the file
 * states none, or wins over what it states; `encoding` wins over the DBF's own.
 */
export async function readVectors(
  paths: string[],
  opts: {
    crs?: string;
    encoding?: string;
    layer?: string;
    /** Told of each layer's FlatGeobuf as GDAL wrote it: a file, kept until `release` is called. */
    onFile?: (path: string, release: () => void) => void;
  } = {},
  issues: ImportIssue[] = [],
): Promise<VectorSource[]> {
  const G = await startGdal();
  const scratch = mkdtempSync(join(tmpdir(), 'ecozone-import-'));
  const out: VectorSource[] = [];
  const available: string[] = [];
  try {
    for (const path of paths)
      for (const ds of expand(path, scratch)) {
        if (/\.km[lz]$/i.test(ds)) {
          out.push(readKmlLayer(path, ds, opts, issues));
          continue;
        }
        let encoding: VectorSource['encoding'];
        if (/\.shp$/i.test(ds)) {
          const dbf = members(ds).find((f) => /\.dbf$/i.test(f));
          const cpg = members(ds).find((f) => /\.cpg$/i.test(f));
          if (opts.encoding) encoding = { label: opts.encoding, how: 'chosen' };
          else if (dbf)
            encoding = dbfEncoding(
              basename(dbf),
              new Uint8Array(readFileSync(dbf)),
              cpg ? readFileSync(cpg, 'latin1') : undefined,
              issues,
            );
        }
        // The GBK family goes to GDAL as GB18030, its superset: as CP936 GDAL's iconv silently drops every character
        // GBK lacks (four-byte GB18030, e.g. rare characters in place names) instead of failing.
        const gdalEncoding = encoding
          ? /^(gbk|gb2312|gb18030|cp936)$/i.test(encoding.label)
            ? 'GB18030'
            : encoding.label.toUpperCase()
          : null;
        const opened = await G.open(members(ds), gdalEncoding ? [`ENCODING=${gdalEncoding}`] : []);
        const dataset = opened.datasets[0];
        if (!dataset)
          throw new ReadError(
            `${path}: GDAL cannot open ${basename(ds)} (${opened.errors.map((e) => (e as { message?: string }).message ?? String(e)).join('; ') || 'unknown format'})`,
          );
        try {
          const info = (await G.ogrinfo(dataset, ['-json', '-so'])) as OgrInfo;
          // Attribute tables (no geometry field) are not layers to import; a file with several feature classes (a
          // .gdb or .gpkg often holds units, red line and more) must be told which one.
          const spatial = (info.layers ?? []).filter((l) => l.geometryFields?.length);
          const described = spatial.map(
            (l) => `${l.name} (${l.featureCount ?? '?'} features, ${l.geometryFields![0]!.type ?? '?'})`,
          );
          available.push(...described);
          if (!opts.layer && spatial.length > 1)
            throw new ReadError(
              `${path}: ${basename(ds)} holds ${spatial.length} layers with geometry: ${described.join(', ')}; choose one with --source-layer NAME`,
            );
          for (const layer of spatial) {
            if (opts.layer && layer.name !== opts.layer) continue;
            const cs = layer.geometryFields?.[0]?.coordinateSystem?.projjson;
            const declared = cs ? { name: cs.name ?? 'unnamed', epsg: cs.id?.code ?? null } : null;
            if (!declared && !opts.crs)
              throw new ReadError(
                `${path}: layer ${layer.name} states no coordinate system: name it with --crs (e.g. EPSG:4547 for CGCS2000 3° zone 38 without prefix, EPSG:4490 for CGCS2000 lon/lat)`,
              );
            // The CRS the coordinates are read in: the one --crs names, else the one the file states.
            const crs: VectorSource['crs'] = opts.crs
              ? { name: opts.crs, epsg: Number(/\d+$/.exec(opts.crs)?.[0]) || null, how: 'chosen' }
              : { name: declared!.name, epsg: declared!.epsg, how: 'declared' };
            // Older datums have no published transformation to CGCS2000: PROJ falls back to a ballpark one (tens of
            // metres off), which a review must know.
            if (oldDatum(crs.name, crs.epsg))
              issues.push(
                issue(
                  'warning',
                  'datum-ballpark',
                  `${basename(ds)} 图层 ${layer.name} 的坐标系 ${crs.name} 基于西安 1980 或北京 1954 坐标系，到 CGCS2000 没有公开的转换参数，仅按近似转换（误差可达数十米）：请用当地转换参数转为 CGCS2000 后再导入`,
                  `${basename(ds)} layer ${layer.name} is in ${crs.name}, on the Xian 1980 or Beijing 1954 datum, which has no published transformation to CGCS2000: converted approximately (off by up to tens of metres); convert it with the local parameters to CGCS2000 and import again`,
                ),
              );
            if (opts.crs && declared && `EPSG:${declared.epsg}` !== opts.crs.toUpperCase())
              issues.push(
                issue(
                  'warning',
                  'crs-overridden',
                  `${basename(ds)} 图层 ${layer.name} 声明的坐标系为 ${declared.name}${declared.epsg ? `（EPSG:${declared.epsg}）` : ''}，已按 --crs ${opts.crs} 读取：请确认`,
                  `${basename(ds)} layer ${layer.name} states ${declared.name}${declared.epsg ? ` (EPSG:${declared.epsg})` : ''}; read as ${opts.crs} as --crs says: make sure`,
                ),
              );
            // FlatGeobuf, not GeoJSON, between GDAL and us: binary doubles, no text to write and parse.
            // Any geometry type: a shapefile's polygon layer holds multipolygons too.
            const args = ['-f', 'FlatGeobuf', '-t_srs', 'EPSG:4490', '-lco', 'SPATIAL_INDEX=NO', '-nlt', 'GEOMETRY'];
            if (opts.crs) args.push('-s_srs', opts.crs);
            args.push(layer.name);
            // A fresh name each time: an earlier output may still be kept for the tiling thread (onFile).
            let res: Awaited<ReturnType<Gdal['ogr2ogr']>>;
            try {
              res = await G.ogr2ogr(dataset, args, `import-${++outputs}`);
            } catch {
              // GDAL writes nothing when no coordinate transforms: the coordinates do not fit the CRS at all.
              throw new ReadError(
                `${path}: layer ${layer.name} could not be converted to longitude/latitude from ${crs.name}: the coordinates do not fit that coordinate system (a 3° zone read as another, a zone prefix missing or extra?); name the right one with --crs`,
              );
            }
            const bytes = takeOutput(res.local, !!opts.onFile);
            opts.onFile?.(outputPath(res.local), () => removeOutput(res.local));
            const fc = await fromFlatGeobuf(bytes);
            out.push({
              path,
              layer: layer.name,
              driver: info.driverShortName ?? 'unknown',
              crs,
              ...(encoding ? { encoding } : {}),
              fields: layer.fields ?? [],
              fc,
            });
          }
        } finally {
          await G.close(dataset);
        }
      }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!out.length)
    throw new ReadError(
      `${paths.join(', ')}: no vector layer${opts.layer ? ` named ${opts.layer}` : ''} with geometry found${available.length ? ` (layers with geometry: ${available.join(', ')})` : ''}`,
    );
  return out;
}
