// Candidate sites kept in the browser (IndexedDB), so they survive a reload; falls back to memory where storage is refused.
// Writes and reads go in batches, each its own transaction, so that thousands of sites never hold the page in one task.

import type { SiteRecord } from '../lib/sites/model';

const DB = 'ecozone';
const STORE = 'sites';
/** Records per transaction: a batch's structured clone stays a few milliseconds. */
export const STORE_BATCH = 500;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

function run<T>(
  db: IDBDatabase,
  mode: IDBTransactionMode,
  fn: (s: IDBObjectStore) => IDBRequest<T> | undefined,
): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req ? req.result : undefined);
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** The next task: lets the page paint and answer input between batches. */
export const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

async function withDb<T>(fn: (db: IDBDatabase) => Promise<T>): Promise<T> {
  const db = await open();
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

export const siteStore = {
  /** Every stored site, read a batch at a time, in the order they were made. */
  all: (onBatch?: (read: number) => void): Promise<SiteRecord[]> =>
    withDb(async (db) => {
      const out: SiteRecord[] = [];
      let after: IDBValidKey | null = null;
      for (;;) {
        const from: IDBValidKey | null = after;
        const batch = ((await run(db, 'readonly', (s) =>
          s.getAll(from === null ? null : IDBKeyRange.lowerBound(from, true), STORE_BATCH),
        )) ?? []) as SiteRecord[];
        out.push(...batch);
        onBatch?.(out.length);
        if (batch.length < STORE_BATCH) break;
        after = batch[batch.length - 1]!.id;
        await nextTask();
      }
      return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.order ?? 0) - (b.order ?? 0));
    }),
  /**
   * Writes these sites and deletes those ids, a batch per transaction. Callers pass plain objects: a Svelte state proxy
   * cannot be structured-cloned into IndexedDB.
   */
  apply: (put: readonly SiteRecord[], remove: readonly string[]): Promise<void> =>
    withDb(async (db) => {
      for (let i = 0; i < remove.length; i += STORE_BATCH * 4) {
        const ids = remove.slice(i, i + STORE_BATCH * 4);
        await run(db, 'readwrite', (s) => void ids.forEach((id) => s.delete(id)));
        if (i + STORE_BATCH * 4 < remove.length || put.length) await nextTask();
      }
      for (let i = 0; i < put.length; i += STORE_BATCH) {
        const batch = put.slice(i, i + STORE_BATCH);
        await run(db, 'readwrite', (s) => void batch.forEach((r) => s.put(r)));
        if (i + STORE_BATCH < put.length) await nextTask();
      }
    }),
};
