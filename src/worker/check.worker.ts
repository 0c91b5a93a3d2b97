// The check worker: the one place that loads and decodes layer geometry. It loads the layers and the access list once,
// hands each layer to the main thread for drawing as it arrives, then checks sites off the main thread.

import type { Geometry, Position } from 'geojson';
import { buildDataset, type Dataset, type LayerLoad } from '../lib/check/dataset';
import { checkSite, type SiteResult } from '../lib/check/checkSite';
import { overlapPolygons } from '../lib/check/relate';
import { isSiteError, prepareSite } from '../lib/check/site';
import type { BuiltManifest } from '../lib/layers/manifest';
import { fetchVerifiedJson, loadLayer } from '../lib/layers/loadLayer';
import type { ProjectType, RuleFile } from '../lib/rules/model';
import { resolveProjectType } from '../lib/rules/projectTypes';
import { RuleBook } from '../lib/rules/ruleBook';
import type { CheckRequest, ReportRequest, WorkerIn, WorkerOut } from './protocol';
import { buildReport } from '../lib/report/reportModel';
import { reportDocument } from '../lib/report/reportHtml';
import { reportDocx } from '../lib/report/reportDocx';
import resvgWasm from '@resvg/resvg-wasm/index_bg.wasm?url';
import { protectionsAt, zoneInfo } from '../lib/public/place';

let loads: LayerLoad[] = [];
let book: RuleBook | null = null;
let types: ProjectType[] = [];
let rulesSha256 = '';
let fontUrl = '';
const datasets = new Map<string, Dataset>();

const post = (m: WorkerOut) => (self as unknown as Worker).postMessage(m);

async function init(manifest: BuiltManifest, baseUrl: string, fonts: string): Promise<void> {
  fontUrl = fonts;
  loads = await Promise.all(
    manifest.layers.map(async (spec): Promise<LayerLoad> => {
      const r = await loadLayer(`${baseUrl}${spec.built.file}`, spec.built);
      post(
        r.ok
          ? { type: 'layer', id: spec.id, features: r.data.features.length }
          : { type: 'layer-error', id: spec.id, error: r.error },
      );
      return r.ok ? { spec, id: spec.id, data: r.data } : { spec, id: spec.id, data: null, error: r.error };
    }),
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
    loads.push({ id: 'rules', data: null, error: `rules.json: ${(e as Error).message}` });
  }
  const ds = dataset(new Set());
  post({ type: 'ready', layers: ds.layers, types });
}

function dataset(excluded: Set<string>): Dataset {
  const key = [...excluded].sort().join(',');
  let ds = datasets.get(key);
  if (!ds) {
    ds = buildDataset(loads, null, excluded);
    datasets.set(key, ds);
  }
  return ds;
}

/** The shared geometry of each hit, for highlighting: polygons are clipped here, where there is time for it. */
function withOverlaps(result: SiteResult, geometry: Geometry, ds: Dataset): SiteResult {
  const site = prepareSite(geometry);
  if (isSiteError(site) || site.kind !== 'polygon') return result;
  for (const h of result.hits) {
    if (h.overlapM2 <= 0 || !h.overlap) continue;
    const z = ds.zones.get(h.layer, h.zone);
    if (z) h.overlap = { ...h.overlap, polygons: overlapPolygons(site.polygon!, z.shape) as Position[][][] };
  }
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
  const ds = dataset(new Set(req.excluded));
  const layers = ds.layers.map((state) => {
    const spec = loads.find((l) => l.id === state.id)?.spec as BuiltManifest['layers'][number] | undefined;
    return { state, ...(spec ? { spec, sha256: spec.built.sha256 } : {}) };
  });
  const now = new Date();
  const models = await Promise.all(
    req.sites.map((s) =>
      buildReport({
        site: s,
        result: checkSite(s.id, s.geometry, ds, book!, {
          nearM: req.nearM,
          projectTypes: project.ids,
          ...(project.label ? { projectLabel: project.label } : {}),
        }),
        layers,
        rulesSha256,
        zoneGeometry: (layer, zone) => ds.zones.get(layer, zone)?.geometry ?? null,
        nearM: req.nearM,
        projectType: project.label ?? null,
        now,
        types,
      }),
    ),
  );
  if (req.format === 'html') post({ type: 'report-done', requestId: req.requestId, html: reportDocument(models) });
  else if (req.format === 'docx')
    post({
      type: 'report-done',
      requestId: req.requestId,
      docx: await reportDocx(models, { wasm: fetchResvg, fonts: fetchFont }),
    });
  else {
    // The PDF writer and its font library load only when a PDF is first asked for.
    const { reportPdf } = await import('../lib/report/reportPdf');
    post({ type: 'report-done', requestId: req.requestId, pdf: await reportPdf(models, fetchFont) });
  }
}

function check(req: CheckRequest): void {
  const project = projectOf(req);
  if (!project) return;
  const projectTypes = project.ids;
  const projectLabel = project.label;
  const ds = dataset(new Set(req.excluded));
  const results: SiteResult[] = [];
  req.sites.forEach((s, i) => {
    const r = checkSite(s.id, s.geometry, ds, book!, {
      nearM: req.nearM,
      projectTypes,
      ...(projectLabel ? { projectLabel } : {}),
    });
    results.push(withOverlaps(r, s.geometry, ds));
    if (req.sites.length > 20 && i % 20 === 19)
      post({ type: 'progress', requestId: req.requestId, done: i + 1, total: req.sites.length });
  });
  post({ type: 'result', requestId: req.requestId, results, layers: ds.layers });
}

self.onmessage = (e: MessageEvent<WorkerIn>) => {
  const m = e.data;
  if (m.type === 'init')
    init(m.manifest, m.baseUrl, m.fontUrl).catch((err: Error) => post({ type: 'init-error', error: err.message }));
  else if (!book) post({ type: 'check-error', requestId: m.requestId, error: 'the checker is not ready' });
  else if (m.type === 'check') check(m);
  else if (m.type === 'place')
    post({ type: 'place-done', requestId: m.requestId, place: protectionsAt(m.lng, m.lat, dataset(new Set()), book) });
  else if (m.type === 'zone')
    post({
      type: 'zone-done',
      requestId: m.requestId,
      zone: zoneInfo(m.layer, m.id, dataset(new Set()), book, loads.find((l) => l.id === m.layer)?.spec?.groupField),
    });
  else report(m).catch((err: Error) => post({ type: 'check-error', requestId: m.requestId, error: err.message }));
};
