// `ecozone`: the command line. `ecozone check` screens one site or a batch against the zoning layers.

import { problem } from '../lib/check/problems';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildDataset, type LayerLoad } from '../lib/check/dataset';
import { checkSite, type CheckOptions } from '../lib/check/checkSite';
import { RuleBook } from '../lib/rules/ruleBook';
import { resolveProjectType } from '../lib/rules/projectTypes';
import type { ProjectType } from '../lib/rules/model';
import type { LayerSpec, Manifest } from '../lib/layers/manifest';
import { buildOutput, toCsv, toMarkdown } from '../lib/report/checkOutput';
import { buildReport, type ReportModel } from '../lib/report/reportModel';
import { reportDocument } from '../lib/report/reportHtml';
import { reportDocx } from '../lib/report/reportDocx';
import { nodeRasterizer } from './raster';
import { sha256Hex } from '../lib/layers/fetchVerified';
import { reportPdf } from '../lib/report/reportPdf';
import { nodeFontFiles } from './fonts';
import {
  asFeatureCollection,
  readBuiltLayers,
  readJsonFile,
  mergeLoads,
  readLayers,
  readRules,
  readSiteFile,
  UserError,
} from './readData';
import { crsLabel, parseCrs, type Crs } from '../lib/geo/crs';
import type { ImportResult } from '../lib/io/types';
import { areaM2, lengthM } from '../lib/geo/ellipsoid';
import { centroid } from '../lib/geo/centroid';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const USAGE = `usage: ecozone check --site FILE [--crs CRS] [--layers FILE|DIR] [--layer-kind [FILE=]LAYER] [--coverage FILE] [--near METRES]
                     [--near-layer LAYER=METRES] [--industry CODE|TYPE] [--format json|md|csv|html] [--out FILE] [--rules DIR]
       ecozone inspect FILE [--crs CRS] [--format json]
       ecozone data import FILE... --layer ID [--out DIR] [--fields MAPPING.json] [--crs EPSG:CODE] [--encoding NAME]
                           [--provenance FILE] [--source-layer NAME]   (official data; see ecozone data import --help)

  --site       a site file: GeoJSON, KML/KMZ, zipped shapefile, CSV (lon/lat or WKT), DXF or 国土 TXT 界址点;
               each feature is one site, identified by properties.id, else feature.id, else its index
  --crs        the file's CRS when it does not say or says wrong: EPSG:4547 (CGCS2000 3° zone 38 without
               prefix), EPSG:4526 (with prefix), EPSG:4490, EPSG:4326, gcj02 or bd09
  --layers     a built layer folder (manifest.json + .fgb), a folder written by ecozone data import, a delivery
               as delivered (zipped shapefile, .shp, .gpkg, .gdb: read and checked as the import would),
               a folder of such files or of .geojson/.fgb files, or one file; repeatable (files of one
               layer, e.g. two cities' units, are joined);
               default: the project's demo layers (built first if needed). A plain file's layer is found from
               its fields (ZHGKDYFL, BHQJB, GNFQ …), never from its name; the output says how ("identified")
  --layer-kind LAYER (one file) or FILE=LAYER: say which layer (ecu, eco-redline, nature-reserve,
               water-source, eco-corridor) a plain file holds (repeatable)
  --coverage   polygons of the area the layers describe (default: the manifest's coverage layer)
  --near       report zones within this distance in metres (default 0: intersecting zones only)
  --near-layer a per-layer near distance, e.g. --near-layer water-source=1000 (repeatable)
  --industry   the project's type: a GB/T 4754 code (C2614) or a type id/name (chemical, 化工)
  --format     json (default), md, csv or html (the printable report of every site)
  --out        write to this file instead of standard output; report.docx writes the 三线一单符合性分析
               chapter as Word, report.pdf the same report as PDF (fonts embedded)`;

const FORMATS = ['json', 'md', 'csv', 'html'] as const;

/** The report model of every checked site (the printable page and the Word chapter are rendered from it). */
async function reports(
  imported: ImportResult,
  results: ReturnType<typeof checkSite>[],
  ds: ReturnType<typeof buildDataset>,
  loads: LayerLoad[],
  files: unknown,
  types: ProjectType[],
  nearM: number,
  projectType: string | null,
  sourceName: string,
): Promise<ReportModel[]> {
  const rulesSha256 = await sha256Hex(new TextEncoder().encode(JSON.stringify({ files, types })));
  const layers = ds.layers.map((state) => {
    const spec = loads.find((l) => l.id === state.id)?.spec;
    return {
      state,
      ...(spec ? { spec } : {}),
      ...(spec && 'built' in spec ? { sha256: (spec as { built: { sha256: string } }).built.sha256 } : {}),
    };
  });
  const crs = imported.crs ? crsLabel(imported.crs) : undefined;
  const now = new Date();
  return Promise.all(
    imported.sites.map((site) =>
      buildReport({
        site: { id: site.id, name: site.name, geometry: site.geometry, source: sourceName, ...(crs ? { crs } : {}) },
        result: results.find((r) => r.id === site.id)!,
        layers,
        rulesSha256,
        zoneGeometry: (layer, zone) => ds.zones.get(layer, zone)?.geometry ?? null,
        nearM,
        projectType,
        now,
        types,
      }),
    ),
  );
}

/** A mistake in the command's arguments (exit 2), as against a problem with the files (exit 1). */
class UsageError extends UserError {}

function crsOption(value: string | undefined): Crs | null {
  if (value === undefined) return null;
  const c = parseCrs(value);
  if (!c)
    throw new UsageError(
      `--crs "${value}" is not a supported CRS (EPSG:4490, 4326, 4513–4554, 4491–4512, gcj02, bd09)`,
    );
  return c;
}

/** Reads a site file; warnings go to standard error, and a file with nothing usable is a one-line error. */
async function readSites(path: string, crs: string | undefined): Promise<ImportResult> {
  const r = await readSiteFile(path, crsOption(crs));
  for (const i of r.issues) if (i.severity === 'warning') process.stderr.write(`ecozone: warning: ${i.message.en}\n`);
  if (r.sites.length === 0) {
    const first = r.issues.find((i) => i.severity === 'error');
    throw new UserError(`${path}: ${first ? first.message.en : 'no sites'}`);
  }
  return r;
}

function metres(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1_000_000)
    throw new UsageError(`${what} must be a distance in metres between 0 and 1000000, got "${value}"`);
  return n;
}

/** The layers the project knows (data/layers.json): what a plain layer file is identified against. */
function readManifestSpecs(): LayerSpec[] {
  const m = readJsonFile(join(ROOT, 'data/layers.json')) as Manifest;
  return Array.isArray(m?.layers) ? m.layers : [];
}

async function defaultLayers(): Promise<LayerLoad[]> {
  const dir = join(ROOT, 'public/data');
  if (!existsSync(join(dir, 'manifest.json'))) {
    process.stderr.write('ecozone: building the demo layers first (npm run data)…\n');
    const { buildData } = await import('../../scripts/data/build');
    const { localDataDir } = await import('../../scripts/data/sources');
    const r = await buildData(ROOT, dir, new Date(), localDataDir(ROOT));
    if (!r.ok) throw new UserError(`the demo layers failed to build: ${r.errors[0]}`);
  }
  return readBuiltLayers(dir);
}

async function check(args: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        site: { type: 'string' },
        layers: { type: 'string', multiple: true },
        coverage: { type: 'string' },
        near: { type: 'string' },
        'near-layer': { type: 'string', multiple: true },
        industry: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        rules: { type: 'string' },
        crs: { type: 'string' },
        'layer-kind': { type: 'string', multiple: true },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  if (!values.site) throw new UsageError('--site FILE is required');
  const format = (values.format ?? 'json') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const nearM = values.near === undefined ? 0 : metres(values.near, '--near');
  const nearByLayer: Record<string, number> = {};
  for (const spec of values['near-layer'] ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(spec);
    if (!m) throw new UsageError(`--near-layer takes LAYER=METRES, got "${spec}"`);
    nearByLayer[m[1]!] = metres(m[2]!, `--near-layer ${m[1]}`);
  }

  const { files, types } = readRules(values.rules ?? join(ROOT, 'data/rules'));
  const book = new RuleBook(files, types);
  let projectTypes: Set<string> | null = null;
  let projectLabel: string | undefined;
  if (values.industry !== undefined) {
    const r = resolveProjectType(values.industry, types);
    if (!r.ok) throw new UserError(r.error);
    projectTypes = r.ids;
    projectLabel = r.label;
  }

  const imported = await readSites(values.site, values.crs);
  const kinds = new Map<string, string>();
  for (const k of values['layer-kind'] ?? []) {
    const m = /^(.+)=([^=]+)$/.exec(k);
    kinds.set(m ? m[1]! : '', m ? m[2]! : k);
  }
  if (kinds.size && !values.layers) throw new UsageError('--layer-kind needs --layers');
  const specs = values.layers ? readManifestSpecs() : [];
  const loads = values.layers
    ? mergeLoads((await Promise.all(values.layers.map((l) => readLayers(l, specs, kinds)))).flat())
    : await defaultLayers();
  const coverage = values.coverage
    ? { name: values.coverage, data: asFeatureCollection(readJsonFile(values.coverage), values.coverage) }
    : null;
  const ds = buildDataset(loads, coverage);
  for (const id of Object.keys(nearByLayer))
    if (!ds.layers.some((l) => l.id === id))
      throw new UsageError(`--near-layer names layer "${id}", which is not loaded`);

  const opts: CheckOptions = { nearM, nearByLayer, projectTypes, ...(projectLabel ? { projectLabel } : {}) };
  const results = imported.sites.map((site) => checkSite(site.id, site.geometry, ds, book, opts));
  // A site the importer had to refuse is still reported, as incomplete with the reason, not dropped.
  for (const i of imported.issues)
    if (i.severity === 'error' && i.site !== undefined) {
      const refused = problem('site-refused', { zh: i.message.zh, en: i.message.en });
      results.push({
        ...checkSite(i.site, null, ds, book, opts),
        verdict: 'incomplete',
        missing: [refused],
        error: refused,
      });
    }
  const illustrative = ds.layers.some((l) => l.illustrative);
  const out = buildOutput(results, ds.layers, {
    checkedAt: new Date().toISOString(),
    nearM,
    projectType: projectLabel ?? null,
    dataNotice: illustrative
      ? '示意数据：部分图层为本项目据规划文本绘制，非官方成果，不作审批依据。Illustrative data: some layers were drawn from the plans and are not official.'
      : null,
  });
  const outExt = values.out ? (/\.([a-z0-9]+)$/i.exec(values.out)?.[1] ?? '').toLowerCase() : '';
  if (format === 'html' || outExt === 'docx' || outExt === 'pdf') {
    const models = await reports(imported, results, ds, loads, files, types, nearM, projectLabel ?? null, values.site);
    if (outExt === 'docx') writeFileSync(values.out!, await reportDocx(models, nodeRasterizer));
    else if (outExt === 'pdf') writeFileSync(values.out!, await reportPdf(models, nodeFontFiles));
    else if (values.out) writeFileSync(values.out, reportDocument(models));
    else process.stdout.write(reportDocument(models));
    return;
  }
  const text =
    format === 'json' ? JSON.stringify(out, null, 1) + '\n' : format === 'csv' ? toCsv(out) : toMarkdown(out);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
}

/** `ecozone inspect FILE`: what the importer read, with ellipsoidal measures, as JSON. */
async function inspect(args: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { crs: { type: 'string' }, format: { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw new UsageError('inspect takes one FILE');
  if ((parsed.values.format ?? 'json') !== 'json') throw new UsageError('--format must be json');
  const r = await readSiteFile(file, crsOption(parsed.values.crs));
  if (r.sites.length === 0) {
    const first = r.issues.find((i) => i.severity === 'error');
    throw new UserError(`${file}: ${first ? first.message.en : 'no sites'}`);
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const out = {
    sites: r.sites.map((s) => ({
      id: s.id,
      name: s.name,
      geometryType: s.geometry.type,
      areaM2: r3(areaM2(s.geometry)),
      lengthM: r3(lengthM(s.geometry)),
      centroid: centroid(s.geometry)?.map((v) => Math.round(v * 1e8) / 1e8) ?? null,
      crs: r.crs ? crsLabel(r.crs) : null,
      ...(s.declaredAreaM2 !== undefined ? { declaredAreaM2: s.declaredAreaM2 } : {}),
      ...(s.repair ? { repairOffered: true } : {}),
    })),
    warnings: r.issues
      .filter((i) => i.severity === 'warning')
      .map((i) => ({
        code: i.code,
        message: i.message,
        ...(i.line ? { line: i.line } : {}),
        ...(i.site ? { site: i.site } : {}),
      })),
    errors: r.issues
      .filter((i) => i.severity === 'error')
      .map((i) => ({
        code: i.code,
        message: i.message,
        ...(i.line ? { line: i.line } : {}),
        ...(i.site ? { site: i.site } : {}),
      })),
    format: r.format,
  };
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!command) throw new UsageError('no command given; try: ecozone check --site FILE');
    if (command === 'check') {
      await check(rest);
      return 0;
    }
    if (command === 'inspect') {
      await inspect(rest);
      return 0;
    }
    if (command === 'data') {
      const [sub, ...more] = rest;
      if (sub !== 'import')
        throw new UsageError(`unknown data command "${sub ?? ''}"; try: ecozone data import FILE --layer ecu`);
      const { dataImport } = await import('./dataImport');
      await dataImport(ROOT, more, (s) => process.stdout.write(`${s}\n`));
      return 0;
    }
    throw new UsageError(`unknown command "${command}"; try: ecozone check --site FILE`);
  } catch (e) {
    if (e instanceof UserError) {
      process.stderr.write(`ecozone: ${e.message}${e instanceof UsageError ? ' (ecozone --help for usage)' : ''}\n`);
      return e instanceof UsageError ? 2 : 1;
    }
    process.stderr.write(`ecozone: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env['ECOZONE_DEBUG']) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    return 70;
  }
}
