// The app's side of the check worker: options, the latest results per site, progress, and readiness, in runes.

import type { Geometry } from 'geojson';
import { vertexCount } from '../lib/geo/geometryWalk';
import type { PackedGeometry } from '../lib/geo/packed';
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

/** A site as the checker is given it. */
export interface CheckSite {
  id: string;
  geometry: Geometry;
  /** A large site's full geometry (then `geometry` is its display copy). */
  packed?: PackedGeometry;
  vertices?: number;
}

/** What the checker knows of one site: the geometry it checked (or is checking) and the result, once there. */
interface Entry {
  site: CheckSite;
  result: SiteResult | null;
  /** Left unchecked when a check was stopped. */
  skipped: boolean;
}

/** One batch of sites sent to one worker. */
interface Chunk {
  gen: number;
  sites: CheckSite[];
  slot: Slot;
  /** The verdicts are in. */
  answered: boolean;
  /** The shared polygons are still to come. */
  overlaps: boolean;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  inFlight: number;
}

/** Sites and vertices in one batch sent to a worker: small enough for results to stream, big enough to keep it busy. */
const CHUNK_SITES = 40;
const CHUNK_VERTICES = 40_000;
/** How often results reach the page while a check runs, ms. */
const PUBLISH_MS = 250;
/** Batches in flight per worker: the next one waits in its queue while it answers the last. */
const IN_FLIGHT = 2;
/** Sites waiting before more workers are started. */
const POOL_FROM = 60;

export class Checker {
  ready = $state(false);
  error = $state<string | null>(null);
  types = $state<ProjectType[]>([]);
  layers = $state.raw<LayerState[]>([]);
  /** Raw: results carry overlap geometry, which is replaced whole, never edited in place. In the sites' order. */
  results = $state.raw<SiteResult[]>([]);
  running = $state(false);
  /** Some results' shared polygons are still being clipped (highlights and the GeoJSON export wait for them). */
  overlapsPending = $state(false);
  /** The check under way: sites done of those asked for, and the time left (s) once it can be told. */
  progress = $state<{ done: number; total: number; etaS: number | null } | null>(null);
  /** Sites left without a verdict when checking was stopped. */
  stopped = $state(0);
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
  private init: WorkerIn | null = null;
  /** The workers that check batches: the first is `worker`; more start when many sites wait. */
  private slots: Slot[] = [];
  // Plain state, never rendered itself: `results` and `progress` are made from it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, published through `results`
  private entries = new Map<string, Entry>();
  private order: string[] = [];
  private queue: CheckSite[] = [];
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, by request id
  private chunks = new Map<number, Chunk>();
  /** The options' generation: a result of older options is dropped. */
  private gen = 0;
  private seq = 0;
  private run0 = { started: 0, done: 0, total: 0 };
  private publishing = 0;
  private published = 0;
  private settled: (() => void)[] = [];
  /** Ids of reports, places and zones asked for, apart from the checks' own. */
  private askSeq = 1_000_000;
  /** Reports, places and zones awaiting their answer, by request id (plain, not reactive: nothing renders them). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, never rendered
  private asked = new Map<number, (m: WorkerOut) => void>();

  start(manifest: BuiltManifest, baseUrl: string, fontUrl: string): void {
    this.init = { type: 'init', manifest: JSON.parse(JSON.stringify(manifest)) as BuiltManifest, baseUrl, fontUrl };
    const slot = this.spawn(true);
    this.worker = slot.worker;
  }

  private spawn(primary: boolean): Slot {
    const worker = new CheckWorker();
    const slot: Slot = { worker, ready: false, inFlight: 0 };
    worker.onmessage = (e: MessageEvent<WorkerOut>) => this.receive(e.data, slot, primary);
    worker.onerror = (e) => {
      if (primary) this.failed(e.message || 'the check worker failed');
      else this.retire(slot);
    };
    worker.postMessage(this.init);
    this.slots.push(slot);
    return slot;
  }

  /** A helper worker that failed: its batches go back to the queue, and it is not used again. */
  private retire(slot: Slot): void {
    slot.worker.terminate();
    this.slots = this.slots.filter((s) => s !== slot);
    for (const [id, c] of this.chunks)
      if (c.slot === slot) {
        this.chunks.delete(id);
        if (c.gen === this.gen) this.queue.unshift(...c.sites);
      }
    this.pump();
  }

  private send(m: WorkerIn): void {
    this.worker?.postMessage(m);
  }

  private failed(error: string): void {
    this.error = error;
    this.onInitError?.(error);
  }

  private receive(m: WorkerOut, slot: Slot, primary: boolean): void {
    if (m.type === 'ready') {
      slot.ready = true;
      if (primary) {
        this.ready = true;
        this.types = m.types;
        this.layers = m.layers;
      }
      this.pump();
      return;
    }
    if (!primary && (m.type === 'layer' || m.type === 'layer-error')) return;
    if (m.type === 'init-error') {
      if (primary) this.failed(m.error);
      else this.retire(slot);
      return;
    }
    if (m.type === 'layer') this.onLayer?.(m.id, { features: m.features });
    else if (m.type === 'layer-error') this.onLayer?.(m.id, { error: m.error });
    else if ('requestId' in m && this.asked.has(m.requestId)) {
      const answer = this.asked.get(m.requestId)!;
      this.asked.delete(m.requestId);
      answer(m);
    } else if ('requestId' in m) this.answered(m, slot);
  }

  /** A batch's results, shared polygons or error. */
  private answered(m: WorkerOut & { requestId: number }, slot: Slot): void {
    const chunk = this.chunks.get(m.requestId);
    if (!chunk) return;
    const current = chunk.gen === this.gen;
    // Only where the site is still the one sent (not edited, deleted or re-queued since).
    const mine = (id: string) => {
      const e = this.entries.get(id);
      const sent = chunk.sites.find((s) => s.id === id);
      return current && e && sent && e.site.geometry === sent.geometry ? e : null;
    };
    if (m.type === 'result') {
      slot.inFlight--;
      for (const r of m.results) {
        const e = mine(r.id);
        if (e) e.result = r;
      }
      if (current) {
        this.layers = m.layers;
        this.run0.done += chunk.sites.length;
      }
      chunk.answered = true;
      chunk.overlaps = m.results.some((r) => r.hits.some((h) => h.overlapM2 > 0));
      if (!chunk.overlaps) this.chunks.delete(m.requestId);
      this.pump();
    } else if (m.type === 'overlaps') {
      this.chunks.delete(m.requestId);
      for (const o of m.sites) {
        const e = mine(o.id);
        if (!e?.result) continue;
        e.result = {
          ...e.result,
          hits: e.result.hits.map((h, i) =>
            h.overlap && o.polygons[i] ? { ...h, overlap: { ...h.overlap, polygons: o.polygons[i] } } : h,
          ),
        };
      }
    } else if (m.type === 'check-error') {
      slot.inFlight--;
      this.chunks.delete(m.requestId);
      if (current) {
        this.error = m.error;
        for (const s of chunk.sites) {
          const e = mine(s.id);
          if (e) e.skipped = true;
        }
        this.run0.done += chunk.sites.length;
      }
      this.pump();
    } else if (m.type === 'progress') return;
    this.publish();
  }

  /** Sends waiting sites to the workers with room, and starts more workers when many wait. */
  private pump(): void {
    const want = Math.max(1, Math.min(typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1, 4));
    if (this.ready && this.queue.length >= POOL_FROM && this.slots.length < want) this.spawn(false);
    for (;;) {
      if (!this.queue.length) break;
      const slot = this.slots
        .filter((s) => s.ready && s.inFlight < IN_FLIGHT)
        .sort((a, b) => a.inFlight - b.inFlight)[0];
      if (!slot) break;
      const sites: CheckSite[] = [];
      let vertices = 0;
      while (this.queue.length && sites.length < CHUNK_SITES) {
        const q = this.queue[0]!;
        const v = q.vertices ?? vertexCount(q.geometry);
        if (sites.length && vertices + v > CHUNK_VERTICES) break;
        sites.push(this.queue.shift()!);
        vertices += v;
      }
      const requestId = ++this.seq;
      this.chunks.set(requestId, { gen: this.gen, sites, slot, answered: false, overlaps: false });
      slot.inFlight++;
      slot.worker.postMessage({
        type: 'check',
        requestId,
        sites,
        nearM: this.nearM,
        excluded: [...this.excluded],
        projectType: this.projectType.trim() || null,
      } satisfies WorkerIn);
    }
    this.publish();
  }

  /** Puts the entries into `results`, `running`, `progress`: at once after a quiet spell, else every PUBLISH_MS. */
  private publish(): void {
    if (this.publishing) return;
    // The last answer of a check shows at once; while more are coming, the page is updated every PUBLISH_MS.
    const more = this.queue.length > 0 || [...this.chunks.values()].some((c) => c.gen === this.gen && !c.answered);
    const wait = more ? Math.max(0, this.published + PUBLISH_MS - performance.now()) : 0;
    this.publishing = setTimeout(() => {
      this.publishing = 0;
      this.published = performance.now();
      this.results = this.order.flatMap((id) => {
        const r = this.entries.get(id)?.result;
        return r ? [r] : [];
      });
      const current = [...this.chunks.values()].filter((c) => c.gen === this.gen);
      this.running = this.queue.length > 0 || current.some((c) => !c.answered);
      this.overlapsPending = current.some((c) => c.overlaps);
      this.stopped = [...this.entries.values()].filter((e) => e.skipped).length;
      const { started, done, total } = this.run0;
      if (this.running && total > 0) {
        const elapsed = (performance.now() - started) / 1000;
        this.progress = { done, total, etaS: done > 0 && elapsed > 1 ? (elapsed / done) * (total - done) : null };
      } else this.progress = null;
      if (!this.running && !this.overlapsPending) for (const f of this.settled.splice(0)) f();
    }, wait) as unknown as number;
  }

  /** Resolves once every site has its result (or was stopped) with its shared polygons. */
  complete(): Promise<void> {
    const busy = [...this.chunks.values()].some((c) => c.gen === this.gen);
    if (!this.queue.length && !busy) return Promise.resolve();
    return new Promise((resolve) => this.settled.push(resolve));
  }

  /**
   * Keeps the results in step with the sites: new or reshaped sites are checked, deleted ones dropped, the rest kept.
   * Many sites are checked in batches across workers, the results arriving as they are decided.
   */
  sync(sites: readonly CheckSite[]): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup while syncing, never rendered
    const seen = new Set<string>();
    const add: CheckSite[] = [];
    for (const s of sites) {
      seen.add(s.id);
      const e = this.entries.get(s.id);
      if (e && e.site.geometry === s.geometry) continue;
      this.entries.set(s.id, { site: s, result: null, skipped: false });
      add.push(s);
    }
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.entries.delete(id);
    this.order = sites.map((s) => s.id);
    this.queue = this.queue.filter((q) => this.entries.get(q.id)?.site.geometry === q.geometry);
    this.enqueue(add);
  }

  private enqueue(add: CheckSite[]): void {
    if (add.length) {
      if (!this.queue.length && ![...this.chunks.values()].some((c) => c.gen === this.gen && !c.answered))
        this.run0 = { started: performance.now(), done: 0, total: 0 };
      this.run0.total += add.length;
      this.queue.push(...add);
      this.error = null;
    }
    this.pump();
  }

  /** Checks every site again with the current options (an option changed). */
  run(sites: readonly CheckSite[]): void {
    this.gen++;
    this.entries.clear();
    this.queue = [];
    this.run0 = { started: performance.now(), done: 0, total: 0 };
    this.sync(sites);
  }

  /** Stops checking: sites not yet sent keep no verdict (and say so) until `resume`. */
  cancel(): void {
    for (const s of this.queue) {
      const e = this.entries.get(s.id);
      if (e) e.skipped = true;
    }
    this.queue = [];
    this.run0.total = this.run0.done;
    this.publish();
  }

  /** Checks the sites a stop left without a verdict. */
  resume(): void {
    const again: CheckSite[] = [];
    for (const id of this.order) {
      const e = this.entries.get(id);
      if (e?.skipped) {
        e.skipped = false;
        again.push(e.site);
      }
    }
    this.enqueue(again);
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
    sites: { id: string; name: string; geometry: Geometry; packed?: PackedGeometry; source?: string; crs?: string }[],
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
    for (const s of this.slots) s.worker.terminate();
    this.slots = [];
  }
}
