// The app's side of the check worker: options, the latest results per site, progress, and readiness, in runes.

import type { Geometry } from 'geojson';
import type { LayerState } from '../lib/check/dataset';
import type { SiteResult } from '../lib/check/checkSite';
import type { BuiltManifest } from '../lib/layers/manifest';
import type { ProjectType } from '../lib/rules/model';
import type { WorkerIn, WorkerOut } from '../worker/protocol';
import type { PlaceResult, ZoneInfo } from '../lib/public/place';
import CheckWorker from '../worker/check.worker.ts?worker';

export interface ReportOut {
  html?: string;
  docx?: Uint8Array;
  pdf?: Uint8Array;
  error?: string;
}

export class Checker {
  ready = $state(false);
  error = $state<string | null>(null);
  types = $state<ProjectType[]>([]);
  layers = $state.raw<LayerState[]>([]);
  /** Raw: results carry overlap geometry, which is replaced whole, never edited in place. */
  results = $state.raw<SiteResult[]>([]);
  running = $state(false);
  /** The latest result's shared polygons are still being clipped (highlights and the GeoJSON export wait for them). */
  overlapsPending = $state(false);
  private overlapsDone: (() => void)[] = [];
  progress = $state<{ done: number; total: number } | null>(null);
  // Options the reviewer sets.
  nearM = $state(500);
  projectType = $state('');
  excluded = $state<string[]>([]);
  /** Reports being rendered. */
  reporting = $state(0);
  /** Each layer the worker loaded (its features, for the map) or could not load. */
  onLayer: ((id: string, r: { features: number } | { error: string }) => void) | null = null;
  /** The worker could not start: no layer will arrive. */
  onInitError: ((error: string) => void) | null = null;
  private worker: Worker | null = null;
  private latest = 0;
  /** Ids of reports, places and zones asked for, apart from the checks' own (`latest`). */
  private askSeq = 1_000_000;
  /** Reports, places and zones awaiting their answer, by request id (plain, not reactive: nothing renders them). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, never rendered
  private asked = new Map<number, (m: WorkerOut) => void>();

  start(manifest: BuiltManifest, baseUrl: string, fontUrl: string): void {
    this.worker = new CheckWorker();
    this.worker.onmessage = (e: MessageEvent<WorkerOut>) => this.receive(e.data);
    this.worker.onerror = (e) => this.failed(e.message || 'the check worker failed');
    this.send({ type: 'init', manifest: JSON.parse(JSON.stringify(manifest)) as BuiltManifest, baseUrl, fontUrl });
  }

  private send(m: WorkerIn): void {
    this.worker?.postMessage(m);
  }

  private failed(error: string): void {
    this.error = error;
    this.onInitError?.(error);
  }

  private receive(m: WorkerOut): void {
    if (m.type === 'layer') this.onLayer?.(m.id, { features: m.features });
    else if (m.type === 'layer-error') this.onLayer?.(m.id, { error: m.error });
    else if (m.type === 'ready') {
      this.ready = true;
      this.types = m.types;
      this.layers = m.layers;
    } else if (m.type === 'init-error') this.failed(m.error);
    else if ('requestId' in m && this.asked.has(m.requestId)) {
      const answer = this.asked.get(m.requestId)!;
      this.asked.delete(m.requestId);
      answer(m);
    } else if (m.requestId !== this.latest)
      return; // an answer to a question since replaced
    else if (m.type === 'progress') this.progress = { done: m.done, total: m.total };
    else if (m.type === 'overlaps') {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup while merging, never rendered
      const bySite = new Map(m.sites.map((s) => [s.id, s.polygons]));
      this.results = this.results.map((r) => {
        const polygons = bySite.get(r.id);
        if (!polygons) return r;
        return {
          ...r,
          hits: r.hits.map((h, i) =>
            h.overlap && polygons[i] ? { ...h, overlap: { ...h.overlap, polygons: polygons[i] } } : h,
          ),
        };
      });
      this.settleOverlaps();
    } else if (m.type === 'result') {
      this.results = m.results;
      this.layers = m.layers;
      this.running = false;
      this.overlapsPending = true;
      this.progress = null;
      this.error = null;
    } else if (m.type === 'check-error') {
      this.running = false;
      this.error = m.error;
      this.settleOverlaps();
    }
  }

  private settleOverlaps(): void {
    this.overlapsPending = false;
    for (const done of this.overlapsDone.splice(0)) done();
  }

  /** Resolves once the latest result carries its shared polygons (at once when it does). */
  complete(): Promise<void> {
    if (!this.overlapsPending && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.overlapsDone.push(resolve));
  }

  /** Checks the sites with the current options; a newer call supersedes an older one still running. */
  run(sites: { id: string; geometry: Geometry }[]): void {
    if (!this.ready) return;
    this.latest++;
    this.running = true;
    this.send({
      type: 'check',
      requestId: this.latest,
      sites,
      nearM: this.nearM,
      excluded: [...this.excluded],
      projectType: this.projectType.trim() || null,
    });
  }

  /** Sends one question to the worker and resolves with what `read` makes of its answer (a check error included). */
  private ask<T>(question: (requestId: number) => WorkerIn, read: (m: WorkerOut) => T): Promise<T> {
    const requestId = ++this.askSeq;
    return new Promise((resolve) => {
      this.asked.set(requestId, (m) => resolve(read(m)));
      this.send(question(requestId));
    });
  }

  /** Renders the report of these sites with the current options, in the worker. */
  async report(
    format: 'html' | 'docx' | 'pdf',
    sites: { id: string; name: string; geometry: Geometry; source?: string; crs?: string }[],
  ): Promise<ReportOut> {
    this.reporting++;
    try {
      return await this.ask(
        (requestId) => ({
          type: 'report',
          requestId,
          format,
          sites,
          nearM: this.nearM,
          excluded: [...this.excluded],
          projectType: this.projectType.trim() || null,
        }),
        (m): ReportOut =>
          m.type === 'report-done'
            ? {
                ...(m.html ? { html: m.html } : {}),
                ...(m.docx ? { docx: m.docx } : {}),
                ...(m.pdf ? { pdf: m.pdf } : {}),
              }
            : { error: m.type === 'check-error' ? m.error : 'unexpected answer' },
      );
    } finally {
      this.reporting--;
    }
  }

  /** Every zone at a point, across all layers, strongest protection first. */
  place(lng: number, lat: number): Promise<PlaceResult | { error: string }> {
    return this.ask(
      (requestId) => ({ type: 'place', requestId, lng, lat }),
      (m) => (m.type === 'place-done' ? m.place : { error: m.type === 'check-error' ? m.error : 'unexpected answer' }),
    );
  }

  /** A protected area's page, or null when no such zone is loaded. */
  zone(layer: string, id: string): Promise<ZoneInfo | null | { error: string }> {
    return this.ask(
      (requestId) => ({ type: 'zone', requestId, layer, id }),
      (m) => (m.type === 'zone-done' ? m.zone : { error: m.type === 'check-error' ? m.error : 'unexpected answer' }),
    );
  }

  stop(): void {
    this.worker?.terminate();
  }
}
