// The check worker: the one place that loads and decodes layer geometry. It opens every layer for reading by parts
// (header, then the features near each request through the file's spatial index, each block checked) and the access
// list, says which layers opened (the map draws them from their vector tiles), then answers checks, places, zone pages
// and reports off the main thread, each from a dataset of the features near it.

import type { Geometry, Position } from 'geojson';
import type { Dataset, LayerLoad } from '../lib/check/dataset';
import { checkSite, type SiteResult } from '../lib/check/checkSite';
import { overlapPolygons } from '../lib/check/relate';
import { isSiteError, prepareSite } from '../lib/check/site';
import type { PreparedPolygon } from '../lib/check/preparedPolygon';
import { unpack } from '../lib/geo/packed';
import type { BuiltManifest } from '../lib/layers/manifest';
import { fetchVerifiedJson } from '../lib/layers/fetchVerified';
import { AreaLayers, requestBox } from '../lib/layers/areaLayers';
import type { Box } from '../lib/layers/fgbRange';
import type { SearchIndex } from '../lib/search/search';
import type { ProjectType, RuleFile } from '../lib/rules/model';
import { resolveProjectType } from '../lib/rules/projectTypes';
import { RuleBook } from '../lib/rules/ruleBook';
import type { CheckRequest, ReportRequest, WorkerIn, WorkerOut } from './protocol';
import resvgWasm from '@resvg/resvg-wasm/index_bg.wasm?url';
import { protectionsAt, zoneInfo } from '../lib/public/place';

let layers: AreaLayers | null = null;
/** Loads beside the layers that failed (the access list). */
const extra: LayerLoad[] = [];
let manifestOf: BuiltManifest | null = null;
let dataBase = '';
let book: RuleBook | null = null;
let types: ProjectType[] = [];
let rulesSha256 = '';
let fontUrl = '';

const post = (m: WorkerOut) => (self as unknown as Worker).postMessage(m);

async function init(manifest: BuiltManifest, baseUrl: string, fonts: string): Promise<void> {
  fontUrl = fonts;
  manifestOf = manifest;
  dataBase = baseUrl;
  layers = await AreaLayers.open(manifest, baseUrl, (id, r) =>
    post('error' in r ? { type: 'layer-error', id, error: r.error } : { type: 'layer', id, features: r.features }),
  );
  try {
    const rules = await fetchVerifiedJson<{ files: RuleFile[]; types: ProjectType[] }>(
      `${baseUrl}${manifest.rules.file}`,
      manifest.rules.sha256,
    );
    rulesSha256 = manifest.rules.sha256;
    book = new RuleBook(rules.files, rules.types);
    types = rules.types;
  } catch (e) {
    // Without the access list the geometry still checks, but no verdict may be definite.
    book = new RuleBook([], []);
    extra.push({ id: 'rules', data: null, error: `rules.json: ${(e as Error).message}` });
  }
  const ds = await near([0, 0, 0, 0]);
  post({ type: 'ready', layers: ds.layers, types });
}

/** The dataset of the features near `box`; a layer failing as it is read is said to the page at once. */
function near(box: Box, excluded: ReadonlySet<string> = new Set()): Promise<Dataset> {
  return layers!.near(box, extra, excluded, (id, error) => post({ type: 'layer-error', id, error }));
}

let zoneBoxes: Promise<Map<string, Box>> | null = null;

/** Where each zone is (from the search index), so that a zone page reads only its area. */
function zoneBox(layer: string, id: string): Promise<Box | undefined> {
  zoneBoxes ??= (async () => {
    const m = manifestOf?.search;
    if (!m) return new Map<string, Box>();
    try {
      const index = await fetchVerifiedJson<SearchIndex>(`${dataBase}${m.file}`, m.sha256);
      return new Map(
        index.entries.filter((e) => e.kind === 'zone').map((e) => [`${e.layer}\u0000${e.id}`, e.bbox] as [string, Box]),
      );
    } catch {
      return new Map<string, Box>();
    }
  })();
  return zoneBoxes.then((m) => m.get(`${layer}\u0000${id}`));
}

/**
 * The shared polygons of each hit of a polygon site (null where there is none), for highlighting and exports: clipped
 * here, after the verdicts are out, since clipping a large site with large zones takes longer than the check itself.
 */
function overlapsOf(
  result: SiteResult,
  geometry: Geometry,
  shapes: (PreparedPolygon | undefined)[],
): (Position[][][] | null)[] | null {
  const site = prepareSite(geometry);
  if (isSiteError(site) || site.kind !== 'polygon') return null;
  return result.hits.map((h, i) =>
    h.overlapM2 > 0 && h.overlap && shapes[i]
      ? (overlapPolygons(site.polygon!, shapes[i], h.relation) as Position[][][])
      : null,
  );
}

/** The prepared shape of each hit's zone, as the check found it. */
const hitShapes = (result: SiteResult, ds: Dataset) => result.hits.map((h) => ds.zones.get(h.layer, h.zone)?.shape);

/** Fills in a report's hits' shared polygons (a report draws them). */
function withOverlaps(result: SiteResult, geometry: Geometry, ds: Dataset): SiteResult {
  const polygons = overlapsOf(result, geometry, hitShapes(result, ds));
  if (polygons)
    result.hits.forEach((h, i) => {
      if (h.overlap && polygons[i]) h.overlap = { ...h.overlap, polygons: polygons[i] };
    });
  return result;
}

/** The project type the request names, resolved; an error is posted and null returned when it cannot be. */
function projectOf(req: CheckRequest | ReportRequest): { ids: Set<string> | null; label?: string } | null {
  if (!req.projectType) return { ids: null };
  const r = resolveProjectType(req.projectType, types);
  if (r.ok) return { ids: r.ids, label: r.label };
  post({ type: 'check-error', requestId: req.requestId, error: r.error });
  return null;
}

async function fetchFont(file: string): Promise<Uint8Array> {
  const res = await fetch(`${fontUrl}${file}`);
  if (!res.ok) throw new Error(`report font ${file}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The map rasterizer's WebAssembly, fetched when a Word report first asks for it. */
async function fetchResvg(): Promise<ArrayBuffer> {
  const res = await fetch(resvgWasm);
  if (!res.ok) throw new Error(`map rasterizer: HTTP ${res.status}`);
  return res.arrayBuffer();
}

async function report(req: ReportRequest): Promise<void> {
  const project = projectOf(req);
  if (!project) return;
  const excluded = new Set(req.excluded);
  const now = new Date();
  // The report writers load when a report is first asked for: most visits never ask, and they are most of the worker.
  const { buildReport } = await import('../lib/report/reportModel');
  const models = [];
  for (const packedSite of req.sites) {
    const { packed, ...rest } = packedSite;
    const s = packed ? { ...rest, geometry: unpack(packed) } : rest;
    const ds = await near(requestBox(s.geometry, req.nearM), excluded);
    const layerInfo = ds.layers.map((state) => {
      const spec = layers!.spec(state.id);
      return { state, ...(spec ? { spec, sha256: spec.built.sha256 } : {}) };
    });
    models.push(
      await buildReport({
        site: s,
        result: withOverlaps(
          checkSite(s.id, s.geometry, ds, book!, {
            nearM: req.nearM,
            projectTypes: project.ids,
            ...(project.label ? { projectLabel: project.label } : {}),
          }),
          s.geometry,
          ds,
        ),
        layers: layerInfo,
        rulesSha256,
        zoneGeometry: (layer, zone) => ds.zones.get(layer, zone)?.geometry ?? null,
        nearM: req.nearM,
        projectType: project.label ?? null,
        now,
        types,
      }),
    );
  }
  if (req.format === 'html') {
    const { reportDocument } = await import('../lib/report/reportHtml');
    post({ type: 'report-done', requestId: req.requestId, html: reportDocument(models) });
  } else if (req.format === 'docx') {
    const { reportDocx } = await import('../lib/report/reportDocx');
    post({
      type: 'report-done',
      requestId: req.requestId,
      docx: await reportDocx(models, { wasm: fetchResvg, fonts: fetchFont }),
    });
  } else {
    // The PDF writer and its font library load only when a PDF is first asked for.
    const { reportPdf } = await import('../lib/report/reportPdf');
    post({ type: 'report-done', requestId: req.requestId, pdf: await reportPdf(models, fetchFont) });
  }
}

async function check(req: CheckRequest): Promise<void> {
  const project = projectOf(req);
  if (!project) return;
  const projectTypes = project.ids;
  const projectLabel = project.label;
  const excluded = new Set(req.excluded);
  const results: SiteResult[] = [];
  // The zones each site overlaps, kept for clipping the shared polygons once the verdicts are out.
  const shapes: (PreparedPolygon | undefined)[][] = [];
  let last: Dataset | null = null;
  // A large site comes packed: unpacked here, off the page's thread.
  const geometries = req.sites.map((s) => (s.packed ? unpack(s.packed) : s.geometry));
  for (const [i, s] of req.sites.entries()) {
    const geometry = geometries[i]!;
    const ds = await near(requestBox(geometry, req.nearM), excluded);
    last = ds;
    const r = checkSite(s.id, geometry, ds, book!, {
      nearM: req.nearM,
      projectTypes,
      ...(projectLabel ? { projectLabel } : {}),
    });
    results.push(r);
    shapes.push(r.hits.some((h) => h.overlapM2 > 0) ? hitShapes(r, ds) : []);
    if (req.sites.length > 20 && i % 20 === 19)
      post({ type: 'progress', requestId: req.requestId, done: i + 1, total: req.sites.length });
  }
  post({
    type: 'result',
    requestId: req.requestId,
    results,
    layers: (last ?? (await near([0, 0, 0, 0], excluded))).layers,
  });
  // Then the shared polygons, from the zones the check found.
  const overlaps: { id: string; polygons: (Position[][][] | null)[] }[] = [];
  for (const [i, s] of req.sites.entries()) {
    const r = results[i]!;
    // A large site's shared parts would be as large as it is: not sent to the page for highlighting.
    if (!r.hits.some((h) => h.overlapM2 > 0) || s.packed) continue;
    const polygons = overlapsOf(r, geometries[i]!, shapes[i]!);
    if (polygons) overlaps.push({ id: r.id, polygons });
  }
  post({ type: 'overlaps', requestId: req.requestId, sites: overlaps });
}

async function place(requestId: number, lng: number, lat: number): Promise<void> {
  const ds = await near(requestBox({ type: 'Point', coordinates: [lng, lat] }, 0));
  post({ type: 'place-done', requestId, place: protectionsAt(lng, lat, ds, book!) });
}

async function zone(requestId: number, layer: string, id: string): Promise<void> {
  // Where the search index does not know the zone, the whole layer is read (rare: a zone page of a layer not indexed).
  const box = (await zoneBox(layer, id)) ?? ([-180, -90, 180, 90] as Box);
  const ds = await near(box);
  post({ type: 'zone-done', requestId, zone: zoneInfo(layer, id, ds, book!, layers!.spec(layer)?.groupField) });
}

self.onmessage = (e: MessageEvent<WorkerIn>) => {
  const m = e.data;
  if (m.type === 'init')
    init(m.manifest, m.baseUrl, m.fontUrl).catch((err: Error) => post({ type: 'init-error', error: err.message }));
  else if (!book) post({ type: 'check-error', requestId: m.requestId, error: 'the checker is not ready' });
  else {
    const failed = (err: Error) => post({ type: 'check-error', requestId: m.requestId, error: err.message });
    if (m.type === 'check') check(m).catch(failed);
    else if (m.type === 'place') place(m.requestId, m.lng, m.lat).catch(failed);
    else if (m.type === 'zone') zone(m.requestId, m.layer, m.id).catch(failed);
    else report(m).catch(failed);
  }
};
