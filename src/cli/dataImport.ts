// `ecozone data import FILE... --layer ID`: a bureau's delivery, as delivered, into the project's own built form in a
// data folder outside git (default data/local/): the layer as FlatGeobuf, its entry in the folder's layers.json (the
// provenance, the CRS and encoding found, the field mapping), the mapping file, and a QA report. `npm run data` then
// builds the app's data with the imported layer in place of the demo layer with the same id.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FeatureCollection } from 'geojson';
import bbox from '@turf/bbox';
import type { LayerSpec, Manifest, Provenance } from '../lib/layers/manifest';
import { decideMapping, mappingTemplate, type FieldMapping } from '../lib/layers/fieldMapping';
import { importFeatures, officialSpec, undecodable } from '../lib/layers/importLayer';
import { toFlatGeobuf } from '../lib/layers/toFlatGeobuf';
import { outsideUnits } from '../lib/layers/qa';
import { qaReportHtml, type QaRecord } from '../lib/layers/qaReport';
import { fromFlatGeobuf } from '../lib/layers/loadLayer';
import type { DataIssue } from '../lib/layers/validateLayer';
import type { ImportIssue } from '../lib/io/types';
import { readVectors, ReadError, type VectorSource } from './gdal';
import { TilingThread } from './tilingThread';
import { readAccessListFile } from './accessListFile';
import { joinAccessList, type JoinResult } from '../lib/layers/accessList';
import { readJsonFile, UserError } from './readData';
import { encodingFromCpg } from '../lib/io/shapefile/dbf';

/** China's extent in lon/lat with about half a degree to spare, the South China Sea included (west, south, east, north). */
const CHINA_EXTENT = [72.5, 3, 135.5, 54] as const;
import { localDataDir } from '../../scripts/data/sources';
import { LOCAL_MANIFEST, type LocalLayer, type LocalManifest } from '../lib/layers/localManifest';

export const IMPORT_USAGE = `usage: ecozone data import FILE... --layer ID [--out DIR] [--fields MAPPING.json] [--crs EPSG:CODE]
                            [--encoding NAME] [--provenance FILE] [--source-layer NAME]

  FILE          the delivery as delivered: a zipped or unzipped shapefile, a GeoPackage, a File Geodatabase (.gdb
                folder or zipped), GeoJSON or FlatGeobuf; several files are joined into one layer
  --layer       which layer it is: ecu, eco-redline, nature-reserve, water-source or eco-corridor
  --out         the data folder (default data/local/, or $ECOZONE_DATA); never inside git
  --fields      a mapping file naming the source field of each attribute; written as a template when needed
  --crs         the CRS when the file states none or states a wrong one (e.g. EPSG:4547)
  --encoding    the DBF text encoding when the .cpg and language driver are missing or wrong (GBK, UTF-8)
  --provenance  a JSON file: {"source":{"zh","en"},"date","version","licence","note":{"zh","en"}}
  --source-layer the layer to read when a GeoPackage or .gdb holds several
  --access-list the full access list (准入清单) as XLSX or CSV, one row per unit and dimension or one per unit;
                its texts replace the ones the DBF cut at 254 bytes`;

const LAYERS = ['ecu', 'eco-redline', 'nature-reserve', 'water-source', 'eco-corridor'];

/** The provenance file (read once; its "region" is used too), or the delivery's own description when there is none. */
function readProvenance(path: string | undefined, file: unknown, sources: VectorSource[]): Provenance {
  const today = new Date().toISOString().slice(0, 10);
  const files = sources.map((s) => basename(s.path)).join(', ');
  const fallback: Provenance = {
    source: { zh: `官方交付数据（${files}）`, en: `Official delivery (${files})` },
    date: today,
    version: `imported-${today}`,
    licence: 'as delivered by the issuing body',
    status: 'official',
    note: { zh: '官方三线一单成果，按交付原样导入。', en: 'Official 三线一单 data, imported as delivered.' },
  };
  if (!path) return fallback;
  const p = file as Partial<Provenance> | null;
  if (!p || typeof p !== 'object') throw new UserError(`${path}: not a provenance object`);
  const text = (t: unknown, d: { zh: string; en: string }) =>
    t && typeof t === 'object' && typeof (t as { zh?: unknown }).zh === 'string'
      ? { zh: (t as { zh: string }).zh, en: String((t as { en?: unknown }).en ?? (t as { zh: string }).zh) }
      : d;
  return {
    source: text(p.source, fallback.source),
    date: typeof p.date === 'string' ? p.date : fallback.date,
    version: typeof p.version === 'string' ? p.version : fallback.version,
    licence: typeof p.licence === 'string' ? p.licence : fallback.licence,
    status: 'official',
    note: text(p.note, fallback.note),
  };
}

function line(i: DataIssue | ImportIssue): string {
  const where = 'feature' in i && i.feature ? ` [${i.feature}]` : '';
  return `${i.severity === 'error' ? '错误 ERROR' : '警告 warning'} ${i.code}${where}: ${i.message.zh} / ${i.message.en}`;
}

/** The region the units cover: the provenance file's "region", else their cities (up to three), else their count. */
function regionOf(provenanceFile: unknown, fc: FeatureCollection): { zh: string; en: string } {
  const given = provenanceFile as { region?: { zh?: unknown; en?: unknown } } | null | undefined;
  if (typeof given?.region?.zh === 'string')
    return { zh: given.region.zh, en: typeof given.region.en === 'string' ? given.region.en : given.region.zh };
  const cities = [...new Set(fc.features.map((f) => String(f.properties?.['SHI'] ?? '').trim()).filter(Boolean))];
  if (cities.length && cities.length <= 3) return { zh: cities.join(' · '), en: cities.join(' · ') };
  return { zh: `${cities.length} 个地市`, en: `${cities.length} cities` };
}

/** Runs the import; returns the lines it printed (the terminal summary). */
export async function dataImport(root: string, args: string[], print: (s: string) => void): Promise<void> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        layer: { type: 'string' },
        out: { type: 'string' },
        fields: { type: 'string' },
        crs: { type: 'string' },
        encoding: { type: 'string' },
        provenance: { type: 'string' },
        'source-layer': { type: 'string' },
        'access-list': { type: 'string' },
      },
    }));
  } catch (e) {
    throw new UserError(`${(e as Error).message.split('\n')[0]!}\n${IMPORT_USAGE}`);
  }
  if (!positionals.length) throw new UserError(`no FILE given\n${IMPORT_USAGE}`);
  const layerId = values.layer ?? '';
  if (!LAYERS.includes(layerId)) throw new UserError(`--layer must be one of ${LAYERS.join(', ')}\n${IMPORT_USAGE}`);
  if (values.crs && !/^EPSG:\d{4,6}$/i.test(values.crs))
    throw new UserError(`--crs takes an EPSG code such as EPSG:4547`);
  if (values.encoding && !encodingFromCpg(values.encoding))
    throw new UserError(
      `--encoding names no encoding known here (GBK, GB18030, UTF-8, Big5): ${values.encoding.slice(0, 40)}`,
    );
  const demo = readJsonFile(join(root, 'data/layers.json')) as Manifest;
  const base = demo.layers.find((l) => l.id === layerId);
  if (!base) throw new UserError(`data/layers.json has no layer ${layerId}`);
  const out = values.out ? resolve(values.out) : localDataDir(root);

  // Control units are checked for overlaps and gaps in a second thread, started now so that it is ready when GDAL is.
  const tiling = base.tiles ? new TilingThread() : null;
  try {
    await importLayer(values, positionals, layerId, base, out, tiling, print);
  } finally {
    await tiling?.close();
  }
}

async function importLayer(
  values: Record<string, string | undefined>,
  positionals: string[],
  layerId: string,
  base: LayerSpec,
  out: string,
  tiling: TilingThread | null,
  print: (s: string) => void,
): Promise<void> {
  const readIssues: ImportIssue[] = [];
  let sources: VectorSource[];
  let sent = 0;
  try {
    sources = await readVectors(
      positionals,
      {
        ...(values.crs ? { crs: values.crs.toUpperCase() } : {}),
        ...(values.encoding ? { encoding: values.encoding } : {}),
        ...(values['source-layer'] ? { layer: values['source-layer'] } : {}),
        onFile: (path, release) => {
          if (tiling) tiling.send(path, release);
          else release();
          sent++;
        },
      },
      readIssues,
    );
  } catch (e) {
    if (e instanceof ReadError) throw new UserError(e.message);
    throw e;
  }
  for (const s of sources)
    print(
      `read ${s.path} (${s.driver}, layer ${s.layer}): ${s.fc.features.length} features; CRS ${s.crs.name}${s.crs.epsg ? ` (EPSG:${s.crs.epsg})` : ''} ${s.crs.how === 'chosen' ? 'as named by --crs' : 'as the file states'}${s.encoding ? `; text ${s.encoding.label} (${s.encoding.how})` : ''}`,
    );
  for (const i of readIssues) print(line(i));

  // Text read in the wrong encoding is an error before anything else: a mapping cannot be guessed from mojibake.
  for (const src of sources) {
    const garbled = [
      ...src.fields.map((f) => f.name),
      ...src.fc.features
        .slice(0, 500)
        .flatMap((f) => Object.values(f.properties ?? {}).filter((v): v is string => typeof v === 'string')),
    ].filter(undecodable);
    if (garbled.length)
      throw new UserError(
        `${src.path}: text did not decode cleanly (e.g. "${garbled[0]!.slice(0, 30)}"${src.encoding ? `, read as ${src.encoding.label} (${src.encoding.how})` : ''}): name the encoding with --encoding GBK or --encoding UTF-8`,
      );
  }

  // One layer from every file, with the union of their fields.
  const fc: FeatureCollection = { type: 'FeatureCollection', features: sources.flatMap((s) => s.fc.features) };
  const fields = [...new Map(sources.flatMap((s) => s.fields).map((f) => [f.name, f])).values()];
  // Bounds from the data: a province's delivery covers the province.
  const box = bbox(fc) as [number, number, number, number];
  if (!box.every(Number.isFinite)) throw new UserError('the delivery holds no geometry');
  // A delivery of Chinese zoning lies in China: anything else is a coordinate system stated or named wrongly (a zone
  // without its prefix read as one with it, lon/lat read as metres), which would otherwise build silently elsewhere.
  const [cw, cs, ce, cn] = CHINA_EXTENT;
  if (box[0] < cw || box[1] < cs || box[2] > ce || box[3] > cn) {
    const crs = [...new Set(sources.map((s) => `${s.crs.name}${s.crs.epsg ? ` (EPSG:${s.crs.epsg})` : ''}`))].join(
      ', ',
    );
    throw new UserError(
      `the delivery lies at longitude ${box[0].toFixed(3)}…${box[2].toFixed(3)}, latitude ${box[1].toFixed(3)}…${box[3].toFixed(3)}, outside China (read as ${crs}): the coordinate system is stated or named wrongly; name the right one with --crs`,
    );
  }

  const mappingPath = values.fields ? resolve(values.fields) : join(out, `${layerId}.mapping.json`);
  const mapping = existsSync(mappingPath) ? (readJsonFile(mappingPath) as FieldMapping) : undefined;
  if (mapping && mapping.layer !== layerId)
    throw new UserError(`${mappingPath} maps layer ${String(mapping.layer)}, not ${layerId}`);
  const provenanceFile = values.provenance ? readJsonFile(values.provenance) : undefined;
  const provenance = readProvenance(values.provenance, provenanceFile, sources);
  const spec: LayerSpec = officialSpec(base, provenance);
  const decision = decideMapping(
    spec,
    fields.map((f) => f.name),
    mapping,
    fc.features.slice(0, 200).map((f) => (f.properties ?? {}) as Record<string, unknown>),
  );
  for (const u of decision.unknown)
    print(`错误 ERROR: the mapping names field "${u.field}" for ${u.attribute}, which the delivery does not have`);
  if (decision.unresolved.length || decision.unknown.length) {
    mkdirSync(out, { recursive: true });
    const template = mappingTemplate(
      spec,
      decision,
      fc.features.slice(0, 50).map((f) => (f.properties ?? {}) as Record<string, unknown>),
      fields,
    );
    const at = values.fields ? `${mappingPath}.template.json` : mappingPath;
    writeFileSync(at, JSON.stringify(template, null, 1) + '\n');
    throw new UserError(
      `cannot tell which field holds ${decision.unresolved.join(', ') || 'some attributes'}; a mapping template with every source field and sample values was written to ${at}: fill in the empty entries and import again (with --fields ${at})`,
    );
  }
  for (const [attr, from] of Object.entries(decision.fields))
    print(`  ${attr} ← ${from} (${decision.how[attr] === 'mapping' ? 'mapping file' : 'recognised'})`);

  const bounds: Manifest['bounds'] = [box[0] - 0.01, box[1] - 0.01, box[2] + 0.01, box[3] + 0.01];
  // The full access list, joined by unit code, in place of the texts the DBF cut.
  let fullTexts: JoinResult['byUnit'] | undefined;
  let listRecord: Record<string, unknown> | undefined;
  const listIssues: DataIssue[] = [];
  if (values['access-list']) {
    if (layerId !== 'ecu') throw new UserError('--access-list belongs to the control units (--layer ecu)');
    const list = await readAccessListFile(resolve(values['access-list']));
    for (const p of list.problems)
      listIssues.push({ severity: p.severity, code: p.code, layer: layerId, message: { zh: p.zh, en: p.en } });
    const codeField = decision.fields['HJZHGKDYBM']!;
    const codes = fc.features.map((f) => String((f.properties ?? {})[codeField] ?? '').trim());
    const joined = joinAccessList(list, codes);
    fullTexts = joined.byUnit;
    const few = (xs: string[]) => xs.slice(0, 20).join('、') + (xs.length > 20 ? ` …（共 ${xs.length} 个）` : '');
    if (joined.unitsWithoutRow.length)
      listIssues.push({
        severity: 'warning',
        code: 'unit-without-list-row',
        layer: layerId,
        message: {
          zh: `${joined.unitsWithoutRow.length} 个单元在准入清单中没有对应行：${few(joined.unitsWithoutRow)}`,
          en: `${joined.unitsWithoutRow.length} unit(s) have no row in the access list: ${few(joined.unitsWithoutRow)}`,
        },
      });
    if (joined.rowsWithoutUnit.length)
      listIssues.push({
        severity: 'warning',
        code: 'list-row-without-unit',
        layer: layerId,
        message: {
          zh: `准入清单中 ${joined.rowsWithoutUnit.length} 个编码在管控单元中不存在：${few(joined.rowsWithoutUnit)}`,
          en: `${joined.rowsWithoutUnit.length} code(s) of the access list match no unit: ${few(joined.rowsWithoutUnit)}`,
        },
      });
    for (const m of joined.nearMisses)
      listIssues.push({
        severity: 'warning',
        code: 'list-code-near-miss',
        layer: layerId,
        feature: m.unit,
        message: {
          zh: `准入清单编码“${m.list}”与单元编码“${m.unit}”仅大小写或空格不同，已按同一单元连接`,
          en: `the access list's code "${m.list}" differs from the unit's "${m.unit}" only in case or spaces; joined`,
        },
      });
    // Where each text came from: the list's file, sheet and rows, per unit and dimension.
    listRecord = {
      file: basename(values['access-list']),
      layout: list.layout,
      origins: Object.fromEntries(
        [...joined.byUnit].map(([code, dims]) => [
          code,
          Object.fromEntries(Object.entries(dims).map(([d, v]) => [d, v!.origin])),
        ]),
      ),
    };
    print(
      `access list ${basename(values['access-list'])} (${list.layout}): ${list.texts.size} units; ${joined.byUnit.size} joined, ${joined.unitsWithoutRow.length} units without a row, ${joined.rowsWithoutUnit.length} codes without a unit`,
    );
  }
  // The thread has every source only if GDAL read them all (a KML is read here, not by GDAL).
  const beside = tiling && sent === sources.length ? tiling : null;
  beside?.start(spec, decision);
  const imported = importFeatures(spec, fc, decision, provenance, bounds, {
    fromDbf: sources.some((s) => s.driver === 'ESRI Shapefile'),
    ...(fullTexts ? { fullTexts } : {}),
    tilingElsewhere: !!beside,
  });
  imported.issues.unshift(...listIssues);
  // The FlatGeobuf is written while the tiling check finishes beside; it is only kept if nothing stops the import.
  let bytes: Uint8Array | null = null;
  if (beside) {
    try {
      bytes = toFlatGeobuf(spec, imported.fc, { index: true });
    } catch {
      bytes = null; // a layer that cannot be written has errors the QA report names; it is written after, or never
    }
    imported.issues.push(
      ...(await beside.problems(spec, decision, fc, (why) =>
        print(`(the tiling check ran on the main thread: ${why})`),
      )),
    );
  }
  // Protected zones are expected inside the control units: the imported units if there are, else the demo's.
  if (layerId !== 'ecu') {
    const local = join(out, LOCAL_MANIFEST);
    const record = existsSync(local) ? (JSON.parse(readFileSync(local, 'utf8')) as LocalManifest) : null;
    const units = record?.layers['ecu']
      ? await fromFlatGeobuf(new Uint8Array(readFileSync(join(out, record.layers['ecu'].file))))
      : null;
    if (units) imported.issues.push(...outsideUnits(layerId, imported.fc, spec.idField, units, 'HJZHGKDYBM'));
    else print('(no imported control units yet: red-line and zone patches are not checked against units)');
  }
  const errors = imported.issues.filter((i) => i.severity === 'error');
  const warnings = imported.issues.filter((i) => i.severity === 'warning');
  mkdirSync(out, { recursive: true });
  const qa = {
    layer: layerId,
    importedAt: new Date().toISOString(),
    sources: sources.map((s) => ({
      path: s.path,
      driver: s.driver,
      layer: s.layer,
      crs: s.crs,
      encoding: s.encoding ?? null,
      features: s.fc.features.length,
    })),
    counts: { features: fc.features.length, errors: errors.length, warnings: warnings.length },
    ...(listRecord ? { accessList: listRecord } : {}),
    issues: [...readIssues, ...imported.issues],
  };
  writeFileSync(join(out, `${layerId}.qa.json`), JSON.stringify(qa, null, 1) + '\n');
  writeFileSync(join(out, `${layerId}.qa.html`), qaReportHtml(qa as QaRecord, imported.fc));
  print(`QA report: ${join(out, `${layerId}.qa.html`)}`);
  for (const i of errors.slice(0, 50)) print(line(i));
  if (errors.length > 50) print(`… ${errors.length - 50} more errors in ${join(out, `${layerId}.qa.json`)}`);
  for (const i of warnings.slice(0, 20)) print(line(i));
  if (warnings.length > 20) print(`… ${warnings.length - 20} more warnings in ${join(out, `${layerId}.qa.json`)}`);
  if (errors.length)
    throw new UserError(
      `${errors.length} error(s) stop the import; every problem found is in ${join(out, `${layerId}.qa.json`)}`,
    );

  writeFileSync(join(out, `${layerId}.fgb`), bytes ?? toFlatGeobuf(spec, imported.fc, { index: true }));
  const usedMapping: FieldMapping = { layer: layerId, fields: decision.fields };
  writeFileSync(join(out, `${layerId}.mapping.json`), JSON.stringify(usedMapping, null, 1) + '\n');
  const manifestPath = join(out, LOCAL_MANIFEST);
  const local: LocalManifest = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as LocalManifest)
    : { layers: {} };
  const entry: LocalLayer = {
    file: `${layerId}.fgb`,
    features: imported.fc.features.length,
    bbox: box,
    provenance,
    importedAt: qa.importedAt,
    sources: qa.sources,
    mapping: usedMapping.fields,
  };
  if (layerId === 'ecu') entry.region = regionOf(provenanceFile, imported.fc);
  local.layers[layerId] = entry;
  writeFileSync(manifestPath, JSON.stringify(local, null, 1) + '\n');
  print(
    `imported ${layerId}: ${imported.fc.features.length} features, ${warnings.length} warning(s) → ${join(out, `${layerId}.fgb`)}; run npm run data (or npm start) to build the app with it`,
  );
}
