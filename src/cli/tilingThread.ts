// The import's tiling check in a worker thread (tilingWorker.ts), so that it runs beside the rest of the import on a
// second core. Whatever goes wrong with the thread (it cannot start, it fails, it dies), the caller is told and runs
// the same check itself: the check is never skipped.

import { Worker } from 'node:worker_threads';
import type { FeatureCollection } from 'geojson';
import type { LayerSpec } from '../lib/layers/manifest';
import type { MappingDecision } from '../lib/layers/fieldMapping';
import type { DataIssue } from '../lib/layers/validateLayer';
import { tilingOf } from '../lib/layers/importLayer';

export type TilingRequest =
  { type: 'file'; path: string } | { type: 'run'; spec: LayerSpec; decision: MappingDecision };
export type TilingReply = { type: 'issues'; issues: DataIssue[] } | { type: 'error'; message: string };

export class TilingThread {
  private worker: Worker | null = null;
  private failure: string | null = null;
  private readonly files: (() => void)[] = [];
  private reply: Promise<TilingReply>;

  constructor() {
    let settle: (r: TilingReply) => void = () => {};
    this.reply = new Promise((r) => (settle = r));
    try {
      const w = new Worker(new URL('./tilingWorkerEntry.mjs', import.meta.url));
      w.on('message', (m: TilingReply) => settle(m));
      w.on('error', (e: unknown) => settle({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
      w.on('exit', (code) => settle({ type: 'error', message: `the tiling thread stopped (exit code ${code})` }));
      this.worker = w;
    } catch (e) {
      this.failure = e instanceof Error ? e.message : String(e);
    }
  }

  /** A source's FlatGeobuf file, in the order of the sources: the thread reads it itself; `release` removes it. */
  send(path: string, release: () => void): void {
    this.files.push(release);
    this.worker?.postMessage({ type: 'file', path } satisfies TilingRequest);
  }

  /** Starts the check on the sent sources, once the mapping (which field is the id) is decided. */
  start(spec: LayerSpec, decision: MappingDecision): void {
    this.worker?.postMessage({ type: 'run', spec, decision } satisfies TilingRequest);
  }

  /**
   * The tiling problems found by the thread. `source` (the same features, decoded by the caller) is checked here
   * instead when the thread could not do it; `onFallback` is told why.
   */
  async problems(
    spec: LayerSpec,
    decision: MappingDecision,
    source: FeatureCollection,
    onFallback: (why: string) => void,
  ): Promise<DataIssue[]> {
    if (this.worker) {
      const r = await this.reply;
      if (r.type === 'issues') return r.issues;
      onFallback(r.message);
    } else onFallback(this.failure ?? 'no worker thread');
    return tilingOf(spec, decision, source);
  }

  /** Stops the thread and releases the files it was sent. */
  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
    for (const release of this.files.splice(0)) release();
  }
}
