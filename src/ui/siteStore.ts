// Candidate sites kept in the browser (IndexedDB), so they survive a reload; falls back to memory where storage is refused.

import type { SiteRecord } from '../lib/sites/model';

const DB = 'ecozone';
const STORE = 'sites';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = fn(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(req.result);
        };
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      }),
  );
}

export const siteStore = {
  all: (): Promise<SiteRecord[]> =>
    run('readonly', (s) => s.getAll() as IDBRequest<SiteRecord[]>).then((xs) =>
      xs.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    ),
  // Callers pass plain objects: a Svelte state proxy cannot be structured-cloned into IndexedDB.
  put: (site: SiteRecord): Promise<unknown> => run('readwrite', (s) => s.put(site)),
  remove: (id: string): Promise<unknown> => run('readwrite', (s) => s.delete(id)),
};
