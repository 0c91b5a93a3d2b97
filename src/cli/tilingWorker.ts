// The tiling check of an import (overlaps and gaps between control units, src/lib/layers/qa.ts) in a second thread,
// beside the main thread's attribute work and FlatGeobuf writing. It reads GDAL's output file itself as soon as it is written,
// as flat rings (no GeoJSON), so that the threads share nothing and nothing is copied between them. Started by
// tilingWorkerEntry.mjs; driven by TilingThread (tilingThread.ts).

import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { flatGeobufUnits } from '../lib/layers/loadLayer';
import { tilingOf } from '../lib/layers/importLayer';
import type { TilingRequest, TilingReply } from './tilingThread';

const port = parentPort!;
const read: ReturnType<typeof flatGeobufUnits>[] = [];

port.on('message', (m: TilingRequest) => {
  if (m.type === 'file') {
    read.push(readFile(m.path).then((b) => flatGeobufUnits(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))));
    read[read.length - 1]!.catch(() => {}); // reported when the check runs
    return;
  }
  void (async (): Promise<TilingReply> => {
    try {
      const units = (await Promise.all(read)).flat();
      const issues = tilingOf(m.spec, m.decision, units);
      return { type: 'issues', issues };
    } catch (e) {
      return { type: 'error', message: e instanceof Error ? e.message : String(e) };
    }
  })().then((reply) => port.postMessage(reply));
});
