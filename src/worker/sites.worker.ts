// The site-file worker: reads, parses and validates an imported site file off the main thread, telling the page how
// far it is and handing over the valid sites in batches as they pass, so the first sites of a big file show at once.
// Cancelling is the page terminating this worker: nothing here writes anywhere.

import type { Crs } from '../lib/geo/crs';
import { importFile } from '../lib/io/importFile';
import type { ImportedSite, ImportIssue } from '../lib/io/types';
import { displayCopy, pack, PACK_FROM, type PackedGeometry } from '../lib/geo/packed';
import { bboxOf, positions, vertexCount } from '../lib/geo/geometryWalk';
import { areaM2, lengthM } from '../lib/geo/ellipsoid';

/** A site as handed over: a large one with its full geometry packed and `geometry` a display copy. */
export type SiteOut = ImportedSite & { packed?: PackedGeometry; areaM2?: number; lengthM?: number; vertices?: number };

/** Packs a large site (and measures it once, here, off the page's thread); a small one goes as it is. */
function handOver(s: ImportedSite): SiteOut {
  const g = s.geometry;
  const n = vertexCount(g);
  if (n < PACK_FROM || g.type === 'GeometryCollection') return s;
  return {
    ...s,
    geometry: displayCopy(g, bboxOf(positions(g))),
    packed: pack(g),
    areaM2: areaM2(g),
    lengthM: lengthM(g),
    vertices: n,
  };
}

export type SitesIn = { type: 'import'; name: string; bytes: Uint8Array; crs: Crs | null };

export type SitesOut =
  | { type: 'progress'; done: number; total: number }
  | { type: 'sites'; sites: SiteOut[]; crs: Crs | null }
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
      if (sites.length) {
        const out = sites.map(handOver);
        // The packed coordinates move to the page without a copy.
        const moved = out.flatMap((x) =>
          x.packed ? [x.packed.coords.buffer, x.packed.ends.buffer, x.packed.parts.buffer] : [],
        );
        (self as unknown as Worker).postMessage({ type: 'sites', sites: out, crs } satisfies SitesOut, moved);
      }
      post({ type: 'progress', done, total });
    },
  });
  // A file refused before validation (size, format, parse error) never reached onValidated: its sites are none.
  post({ type: 'done', format: r.format, crs: r.crs, issues: r.issues, count });
};
