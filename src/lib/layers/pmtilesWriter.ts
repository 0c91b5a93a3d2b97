// A PMTiles v3 archive writer (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): header, root and leaf
// directories (varint columns, gzip), JSON metadata, and tile data in tile-id order with identical tiles stored once.
// Archives are read back with the `pmtiles` reader in the tests, and tile ids compared with its zxyToTileId.

import { gzipSync } from 'fflate';

/**
 * The PMTiles tile id of z/x/y: the tiles of all lower zooms counted, then the position along the Hilbert curve of
 * zoom z. Plain arithmetic, not bit operations: ids pass 2^32 from zoom 16 on.
 */
export function tileId(z: number, x: number, y: number): number {
  if (z > 26) throw new Error(`zoom ${z} is beyond PMTiles' 26`);
  const n = 2 ** z;
  if (!(x >= 0 && x < n && y >= 0 && y < n)) throw new Error(`tile ${z}/${x}/${y} is outside zoom ${z}`);
  let acc = ((4 ** z - 1) / 3) as number;
  let d = 0;
  let tx = x,
    ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // Rotate the quadrant.
    if (ry === 0) {
      if (rx === 1) {
        tx = s - 1 - tx;
        ty = s - 1 - ty;
      }
      [tx, ty] = [ty, tx];
    }
  }
  acc += d;
  return acc;
}

export interface PmTile {
  z: number;
  x: number;
  y: number;
  /** The tile's bytes as stored (already compressed as `tileCompression` says). */
  data: Uint8Array;
}

export interface PmArchiveOptions {
  /** 1 none, 2 gzip (the tiles' own compression). */
  tileCompression: 1 | 2;
  /** 1 MVT. */
  tileType: 1;
  minZoom: number;
  maxZoom: number;
  /** west, south, east, north in degrees. */
  bounds: [number, number, number, number];
  center: [number, number, number];
  metadata: Record<string, unknown>;
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

const HEADER_BYTES = 127;
/** The header and root directory must fit in the first 16 KiB, so that one request reads both. */
const ROOT_MAX = 16_384 - HEADER_BYTES;

function pushVarint(out: number[], n: number): void {
  // Tile ids exceed 2^32 from zoom 16 on: no bitwise operators.
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

function serializeDirectory(entries: Entry[]): Uint8Array {
  const out: number[] = [];
  pushVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    pushVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) pushVarint(out, e.runLength);
  for (const e of entries) pushVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    pushVarint(out, i > 0 && prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return gzipSync(new Uint8Array(out), { mtime: 0 });
}

/** The root directory, and the leaf directories it points to when all entries do not fit in the root. */
function directories(entries: Entry[]): { root: Uint8Array; leaves: Uint8Array } {
  const whole = serializeDirectory(entries);
  if (whole.length <= ROOT_MAX) return { root: whole, leaves: new Uint8Array(0) };
  for (let leafSize = 4096; ; leafSize *= 2) {
    const rootEntries: Entry[] = [];
    const leafParts: Uint8Array[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = serializeDirectory(entries.slice(i, i + leafSize));
      rootEntries.push({ tileId: entries[i]!.tileId, offset, length: leaf.length, runLength: 0 });
      leafParts.push(leaf);
      offset += leaf.length;
    }
    const root = serializeDirectory(rootEntries);
    if (root.length <= ROOT_MAX) return { root, leaves: concat(leafParts) };
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A content key for deduplication: FNV-1a over the bytes, with the length (equal keys are compared byte by byte). */
function contentKey(b: Uint8Array): string {
  let h1 = 0x811c9dc5,
    h2 = 0x01000193;
  for (let i = 0; i < b.length; i++) {
    h1 = Math.imul(h1 ^ b[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ b[i]!, 0x5bd1e995);
  }
  return `${b.length}:${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}`;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Writes the tiles (any order, each z/x/y once) as one PMTiles v3 archive. */
export function writePmtiles(tiles: PmTile[], opts: PmArchiveOptions): Uint8Array {
  const sorted = tiles.map((t) => ({ id: tileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.id === sorted[i - 1]!.id) throw new Error(`tile ${sorted[i]!.id} given twice`);
  const stored = new Map<string, { offset: number; data: Uint8Array }[]>();
  const parts: Uint8Array[] = [];
  const entries: Entry[] = [];
  let dataLength = 0;
  for (const t of sorted) {
    const key = contentKey(t.data);
    const same = stored.get(key)?.find((s) => sameBytes(s.data, t.data));
    let offset: number;
    if (same) offset = same.offset;
    else {
      offset = dataLength;
      parts.push(t.data);
      dataLength += t.data.length;
      stored.set(key, [...(stored.get(key) ?? []), { offset, data: t.data }]);
    }
    const last = entries[entries.length - 1];
    // Consecutive ids with the same content are one entry with a run length.
    if (last && same && last.offset === offset && last.tileId + last.runLength === t.id) last.runLength++;
    else entries.push({ tileId: t.id, offset, length: t.data.length, runLength: 1 });
  }
  const { root, leaves } = directories(entries);
  const metadata = gzipSync(new TextEncoder().encode(JSON.stringify(opts.metadata)), { mtime: 0 });

  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set(new TextEncoder().encode('PMTiles'), 0);
  header[7] = 3;
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leavesOffset = metadataOffset + metadata.length;
  const dataOffset = leavesOffset + leaves.length;
  const u64 = (at: number, v: number) => view.setBigUint64(at, BigInt(v), true);
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leavesOffset);
  u64(48, leaves.length);
  u64(56, dataOffset);
  u64(64, dataLength);
  u64(72, sorted.length);
  u64(80, entries.length);
  u64(88, parts.length);
  header[96] = 1; // clustered: tile data in tile-id order
  header[97] = 2; // directories and metadata gzipped
  header[98] = opts.tileCompression;
  header[99] = opts.tileType;
  header[100] = opts.minZoom;
  header[101] = opts.maxZoom;
  const e7 = (at: number, deg: number) => view.setInt32(at, Math.round(deg * 1e7), true);
  e7(102, opts.bounds[0]);
  e7(106, opts.bounds[1]);
  e7(110, opts.bounds[2]);
  e7(114, opts.bounds[3]);
  header[118] = opts.center[2];
  e7(119, opts.center[0]);
  e7(123, opts.center[1]);
  return concat([header, root, metadata, leaves, ...parts]);
}
