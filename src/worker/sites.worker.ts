// The site-file worker: reads, parses and validates an imported site file off the main thread, telling the page how
// far it is and handing over the valid sites in batches as they pass, so the first sites of a big file show at once.
// Cancelling is the page terminating this worker: nothing here writes anywhere.

import type { Crs } from '../lib/geo/crs';
import { importFile } from '../lib/io/importFile';
import type { ImportedSite, ImportIssue } from '../lib/io/types';

export type SitesIn = { type: 'import'; name: string; bytes: Uint8Array; crs: Crs | null };

export type SitesOut =
  | { type: 'progress'; done: number; total: number }
  | { type: 'sites'; sites: ImportedSite[]; crs: Crs | null }
  | { type: 'done'; format: string; crs: Crs | null; issues: ImportIssue[]; count: number };

const post = (m: SitesOut) => (self as unknown as Worker).postMessage(m);

self.onmessage = (e: MessageEvent<SitesIn>) => {
  const m = e.data;
  if (m.type !== 'import') return;
  let count = 0;
  const r = importFile(m.name, m.bytes, {
    crs: m.crs,
    onValidated: (sites, done, total, crs) => {
      count += sites.length;
      if (sites.length) post({ type: 'sites', sites, crs });
      post({ type: 'progress', done, total });
    },
  });
  // A file refused before validation (size, format, parse error) never reached onValidated: its sites are none.
  post({ type: 'done', format: r.format, crs: r.crs, issues: r.issues, count });
};
