// Checks a FlatGeobuf file's structure (magic, header, index, every feature's length) before anything decodes it,
// so an empty, cut-off or foreign file is a clear error rather than a reader that spins or returns too few features.

const MAGIC = [0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62];
const NODE_BYTES = 40;

/** Bytes of the packed Hilbert R-tree for n features (FlatGeobuf's calcTreeSize), 0 without an index. */
function indexBytes(n: number, nodeSize: number): number {
  if (nodeSize < 2 || n === 0) return 0;
  let levelItems = n,
    nodes = n;
  do {
    levelItems = Math.ceil(levelItems / nodeSize);
    nodes += levelItems;
  } while (levelItems !== 1);
  return nodes * NODE_BYTES;
}

/** features_count (field 8, uint64) and index_node_size (field 9, uint16, default 16) from the header table, bounds-checked. */
function headerCounts(v: DataView, start: number, end: number): { features: number; nodeSize: number } | null {
  const inside = (p: number, n: number) => p >= start && p + n <= end;
  if (!inside(start, 4)) return null;
  const table = start + v.getUint32(start, true);
  if (!inside(table, 4)) return null;
  const vtable = table - v.getInt32(table, true);
  if (!inside(vtable, 4)) return null;
  const vtableSize = v.getUint16(vtable, true);
  if (vtableSize < 4 || !inside(vtable, vtableSize)) return null;
  const field = (i: number) => (4 + 2 * i + 2 <= vtableSize ? v.getUint16(vtable + 4 + 2 * i, true) : 0);
  const fc = field(8),
    ns = field(9);
  if ((fc && !inside(table + fc, 8)) || (ns && !inside(table + ns, 2))) return null;
  const features = fc ? Number(v.getBigUint64(table + fc, true)) : 0;
  return { features, nodeSize: ns ? v.getUint16(table + ns, true) : 16 };
}

/** Null when the file is whole; otherwise what is wrong with it, in English. */
export function flatGeobufProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'the file is empty';
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b))
    return bytes.length < 8 ? 'the file is too short to be FlatGeobuf' : 'not a FlatGeobuf file (version 3)';
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) return 'the file ends after the FlatGeobuf signature: it has no header';
  const headerSize = v.getUint32(8, true);
  const headerEnd = 12 + headerSize;
  if (headerSize < 8 || headerEnd > bytes.length) return 'the FlatGeobuf header is cut off';
  const counts = headerCounts(v, 12, headerEnd);
  if (!counts) return 'the FlatGeobuf header is damaged';
  let pos = headerEnd + indexBytes(counts.features, counts.nodeSize);
  if (pos > bytes.length) return 'the FlatGeobuf spatial index is cut off';
  let n = 0;
  while (pos < bytes.length) {
    if (pos + 4 > bytes.length) return `feature ${n + 1} is cut off`;
    const size = v.getUint32(pos, true);
    if (size === 0 || pos + 4 + size > bytes.length) return `feature ${n + 1} is cut off or damaged`;
    pos += 4 + size;
    n++;
  }
  if (counts.features && n !== counts.features)
    return `the file holds ${n} features, its header says ${counts.features}`;
  return null;
}
