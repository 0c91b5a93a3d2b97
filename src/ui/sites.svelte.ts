// The candidate sites and what the last import said, in runes; every change is saved to IndexedDB and can be undone.

import type { Geometry } from 'geojson';
import type { ImportIssue } from '../lib/io/types';
import { siteStore } from './siteStore';
import type { SiteRecord } from '../lib/sites/model';

const UNDO_DEPTH = 50;

export class SiteState {
  /** Raw: site geometry can be large; every change replaces the list (and the changed record) whole. */
  sites = $state.raw<SiteRecord[]>([]);
  issues = $state<ImportIssue[]>([]);
  /** Set when the browser refuses storage: sites then live only until the page closes. */
  storageError = $state<string | null>(null);
  private history: SiteRecord[][] = [];
  canUndo = $state(false);

  async load(): Promise<void> {
    try {
      this.sites = await siteStore.all();
    } catch (e) {
      this.storageError = (e as Error).message;
    }
  }

  private remember(): void {
    this.history.push(this.sites);
    if (this.history.length > UNDO_DEPTH) this.history.shift();
    this.canUndo = true;
  }

  private persist(put: SiteRecord[], removed: string[]): void {
    Promise.all([...put.map((s) => siteStore.put(s)), ...removed.map((id) => siteStore.remove(id))]).catch(
      (e: Error) => (this.storageError = e.message),
    );
  }

  add(records: SiteRecord[]): void {
    if (!records.length) return;
    this.remember();
    this.sites = [...this.sites, ...records];
    this.persist(records, []);
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
    this.remember();
    this.sites = this.sites.filter((s) => s.id !== id);
    this.persist([], [id]);
  }

  undo(): void {
    const prev = this.history.pop();
    if (!prev) return;
    const gone = this.sites.filter((s) => !prev.some((p) => p.id === s.id)).map((s) => s.id);
    this.sites = prev;
    this.canUndo = this.history.length > 0;
    this.persist(prev, gone);
  }
}

export function newSiteId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `site-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
