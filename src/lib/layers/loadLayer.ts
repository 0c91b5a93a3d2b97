// Loads a built layer: fetches its FlatGeobuf, verifies the checksum the data build recorded, decodes it.

import type { Feature, FeatureCollection } from 'geojson';
import type { BuiltLayerInfo } from './manifest';
import { flatGeobufProblem } from './checkFlatGeobuf';

export type LoadResult = { ok: true; data: FeatureCollection } | { ok: false; error: string };

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fetches a built data file and checks it against the checksum the data build recorded; throws "HTTP n" or "checksum mismatch …". */
export async function fetchVerified(url: string, sha256: string, fetchFn: typeof fetch = fetch): Promise<Uint8Array> {
  const res = await fetchFn(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const sum = await sha256Hex(bytes);
  if (sum !== sha256) throw new Error(`checksum mismatch (${sum.slice(0, 12)}… ≠ ${sha256.slice(0, 12)}…)`);
  return bytes;
}

/** A built JSON file (rules, search index, targets), verified like the layers. */
export async function fetchVerifiedJson<T>(url: string, sha256: string): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await fetchVerified(url, sha256))) as T;
}

/** Decodes a whole FlatGeobuf file into GeoJSON; an empty, cut-off or foreign file throws a plain error first. */
export async function fromFlatGeobuf(bytes: Uint8Array): Promise<FeatureCollection> {
  const problem = flatGeobufProblem(bytes);
  if (problem) throw new Error(problem);
  // Loaded when first needed: the decoder (and its decompressor) stays out of the first view's bundle.
  const { geojson: fgb } = await import('flatgeobuf');
  const features: Feature[] = [];
  for await (const f of fgb.deserialize(bytes)) features.push(f as Feature);
  return { type: 'FeatureCollection', features };
}

/**
 * Never throws: a failed fetch, a checksum that disagrees with the manifest, a corrupt file or a
 * feature count that disagrees all come back as an error the UI shows, so a layer is never silently empty.
 */
export async function loadLayer(
  url: string,
  built: BuiltLayerInfo,
  fetchFn: typeof fetch = fetch,
): Promise<LoadResult> {
  try {
    const bytes = await fetchVerified(url, built.sha256, fetchFn);
    const data = await fromFlatGeobuf(bytes);
    if (data.features.length !== built.features)
      return { ok: false, error: `${data.features.length} features, manifest says ${built.features}` };
    return { ok: true, data };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
