// The candidate sites and what the last import said, in runes; every change is saved to IndexedDB (in batches, in the
// order made) and can be undone, an import or a deletion of thousands of sites as one step.

import type { Geometry } from 'geojson';
import type { ImportIssue } from '../lib/io/types';
import { siteStore } from './siteStore';
import type { SiteRecord } from '../lib/sites/model';

const UNDO_DEPTH = 50;

/** An import adding its sites batch by batch: one undo step, and cancelled as if it never began. */
export interface SiteBatch {
  append(records: SiteRecord[]): void;
  /** Takes back every site this import added. */
  cancel(): void;
}

export class SiteState {
  /** Raw: site geometry can be large; every change replaces the list (and the changed record) whole. */
  sites = $state.raw<SiteRecord[]>([]);
  issues = $state<ImportIssue[]>([]);
  /** Set when the browser refuses storage: sites then live only until the page closes. */
  storageError = $state<string | null>(null);
  /** Stored sites read so far while the page starts (null once read). */
  loading = $state<number | null>(null);
  private history: SiteRecord[][] = [];
  canUndo = $state(false);
  /** Writes, one after another, so that a later change never lands before an earlier one. */
  private saving: Promise<void> = Promise.resolve();

  async load(): Promise<void> {
    this.loading = 0;
    try {
      this.sites = await siteStore.all((n) => (this.loading = n));
    } catch (e) {
      this.storageError = (e as Error).message;
    } finally {
      this.loading = null;
    }
  }

  /** Resolves once every change so far is stored (or refused). */
  saved(): Promise<void> {
    return this.saving;
  }

  private remember(): void {
    this.history.push(this.sites);
    if (this.history.length > UNDO_DEPTH) this.history.shift();
    this.canUndo = true;
  }

  private persist(put: readonly SiteRecord[], removed: readonly string[]): void {
    if (!put.length && !removed.length) return;
    this.saving = this.saving
      .then(() => siteStore.apply(put, removed))
      .catch((e: Error) => {
        this.storageError = e.message;
      });
  }

  add(records: SiteRecord[]): void {
    if (!records.length) return;
    this.remember();
    this.sites = [...this.sites, ...records];
    this.persist(records, []);
  }

  /** Starts adding sites in batches (a big import), as one undo step. */
  batch(): SiteBatch {
    let added: SiteRecord[] = [];
    let remembered = false;
    return {
      append: (records) => {
        if (!records.length) return;
        if (!remembered) this.remember();
        remembered = true;
        added = added.concat(records);
        this.sites = this.sites.concat(records);
        this.persist(records, []);
      },
      cancel: () => {
        if (!added.length) return;
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup while changing the list, never rendered
        const gone = new Set(added.map((r) => r.id));
        this.sites = this.sites.filter((s) => !gone.has(s.id));
        this.persist([], [...gone]);
        // The step that added them is gone with them.
        this.history.pop();
        this.canUndo = this.history.length > 0;
        added = [];
      },
    };
  }

  update(id: string, change: Partial<Pick<SiteRecord, 'name' | 'geometry' | 'repair'>>): void {
    const i = this.sites.findIndex((s) => s.id === id);
    if (i < 0) return;
    this.remember();
    const next = { ...this.sites[i]!, ...change };
    this.sites = this.sites.map((s, k) => (k === i ? next : s));
    this.persist([next], []);
  }

  /** Replaces a site's geometry with the repair offered at import, and drops the offer. */
  acceptRepair(id: string): void {
    const s = this.sites.find((x) => x.id === id);
    if (!s?.repair) return;
    this.remember();
    const next: SiteRecord = { ...s, geometry: s.repair as Geometry };
    delete next.repair;
    this.sites = this.sites.map((x) => (x.id === id ? next : x));
    this.persist([next], []);
  }

  remove(id: string): void {
    this.removeMany([id]);
  }

  /** Deletes these sites (all of them, if asked) as one step that undo brings back. */
  removeMany(ids: readonly string[]): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup while changing the list, never rendered
    const gone = new Set(ids);
    const kept = this.sites.filter((s) => !gone.has(s.id));
    if (kept.length === this.sites.length) return;
    this.remember();
    const removed = this.sites.filter((s) => gone.has(s.id)).map((s) => s.id);
    this.sites = kept;
    this.persist([], removed);
  }

  undo(): void {
    const prev = this.history.pop();
    if (!prev) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup while changing the list, never rendered
    const before = new Set(prev.map((p) => p.id));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup while changing the list, never rendered
    const now = new Map(this.sites.map((s) => [s.id, s]));
    const gone = this.sites.filter((s) => !before.has(s.id)).map((s) => s.id);
    // Only what differs is written back: the sites deleted since, and those changed since.
    const back = prev.filter((p) => now.get(p.id) !== p);
    this.sites = prev;
    this.canUndo = this.history.length > 0;
    this.persist(back, gone);
  }
}

export function newSiteId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `site-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
