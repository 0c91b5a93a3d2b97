// FlatGeobuf's spatial index, written here because the flatgeobuf package writes none: a packed Hilbert R-tree (the
// features sorted by the Hilbert value of their box centres, 16 to a node, built bottom up), laid out as the format
// specifies and as GDAL and the flatgeobuf readers search it (root first; a leaf holds its feature's byte offset, an
// inner node the number of its first child). Tested by reading it back with both.

import { calcTreeSize, generateLevelBounds, NODE_ITEM_BYTE_LEN } from 'flatgeobuf/lib/mjs/packedrtree.js';

export const NODE_SIZE = 16;

/** The Hilbert curve index of (x, y) on a 2^16 × 2^16 grid (the bit-twiddling form used by FlatGeobuf and Flatbush). */
export function hilbert(x: number, y: number): number {
  let a = x ^ y;
  let b = 0xffff ^ a;
  let c = 0xffff ^ (x | y);
  let d = x & (y ^ 0xffff);
  let A = a | (b >> 1);
  let B = (a >> 1) ^ a;
  let C = (c >> 1) ^ (b & (d >> 1)) ^ c;
  let D = (a & (c >> 1)) ^ (d >> 1) ^ d;
  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
  a = A;
  b = B;
  c = C;
  d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
  a = C ^ (C >> 1);
  b = D ^ (D >> 1);
  let i0 = x ^ y;
  let i1 = b | (0xffff ^ (i0 | a));
  i0 = (i0 | (i0 << 8)) & 0x00ff00ff;
  i0 = (i0 | (i0 << 4)) & 0x0f0f0f0f;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;
  i1 = (i1 | (i1 << 8)) & 0x00ff00ff;
  i1 = (i1 | (i1 << 4)) & 0x0f0f0f0f;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;
  return ((i1 << 1) | i0) >>> 0;
}

/** The items (boxes as [minX, minY, maxX, maxY] × n) in Hilbert order of their centres within the boxes' extent. */
export function hilbertOrder(boxes: Float64Array): Uint32Array {
  const n = boxes.length / 4;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, boxes[i * 4]!);
    minY = Math.min(minY, boxes[i * 4 + 1]!);
    maxX = Math.max(maxX, boxes[i * 4 + 2]!);
    maxY = Math.max(maxY, boxes[i * 4 + 3]!);
  }
  const sx = maxX > minX ? 0xffff / (maxX - minX) : 0;
  const sy = maxY > minY ? 0xffff / (maxY - minY) : 0;
  const hilbertOf = (i: number) =>
    hilbert(
      Math.floor(sx * ((boxes[i * 4]! + boxes[i * 4 + 2]!) / 2 - minX)),
      Math.floor(sy * ((boxes[i * 4 + 1]! + boxes[i * 4 + 3]!) / 2 - minY)),
    );
  if (n >= 2 ** 21) {
    const values = Float64Array.from({ length: n }, (_, i) => hilbertOf(i));
    return Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  }
  const h = new Float64Array(n);
  // Hilbert value (32 bits) above, item number below: one number sorts both, ties in input order.
  for (let i = 0; i < n; i++) h[i] = hilbertOf(i) * 2 ** 21 + i;
  h.sort();
  return Uint32Array.from(h, (v) => v % 2 ** 21);
}

/**
 * The packed R-tree of items already in Hilbert order: `boxes` their boxes in that order, `offsets` each one's byte
 * offset within the features section. Returns the index section's bytes.
 */
export function packedRTree(boxes: Float64Array, offsets: number[]): Uint8Array {
  const n = offsets.length;
  const bytes = new Uint8Array(calcTreeSize(n, NODE_SIZE));
  const view = new DataView(bytes.buffer);
  const levels = generateLevelBounds(n, NODE_SIZE); // [start, end) of each level, leaves first, as node numbers
  const node = (k: number, b: ArrayLike<number>, at: number, offset: number) => {
    const p = k * NODE_ITEM_BYTE_LEN;
    view.setFloat64(p, b[at]!, true);
    view.setFloat64(p + 8, b[at + 1]!, true);
    view.setFloat64(p + 16, b[at + 2]!, true);
    view.setFloat64(p + 24, b[at + 3]!, true);
    view.setBigUint64(p + 32, BigInt(offset), true);
  };
  const [leafStart] = levels[0]!;
  for (let i = 0; i < n; i++) node(leafStart + i, boxes, i * 4, offsets[i]!);
  for (let l = 1; l < levels.length; l++) {
    const [start, end] = levels[l]!;
    const [childStart, childEnd] = levels[l - 1]!;
    for (let k = start; k < end; k++) {
      const first = childStart + (k - start) * NODE_SIZE;
      const last = Math.min(first + NODE_SIZE, childEnd);
      const box = [Infinity, Infinity, -Infinity, -Infinity];
      for (let c = first; c < last; c++) {
        const p = c * NODE_ITEM_BYTE_LEN;
        box[0] = Math.min(box[0]!, view.getFloat64(p, true));
        box[1] = Math.min(box[1]!, view.getFloat64(p + 8, true));
        box[2] = Math.max(box[2]!, view.getFloat64(p + 16, true));
        box[3] = Math.max(box[3]!, view.getFloat64(p + 24, true));
      }
      node(k, box, 0, first);
    }
  }
  return bytes;
}

/**
 * A header written by the flatgeobuf package (which records index_node_size 0, no index) made to say `nodeSize`:
 * the field is found through the header table's vtable and rewritten in place.
 */
export function withIndexNodeSize(header: Uint8Array, nodeSize: number): Uint8Array {
  const out = header.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  // Size-prefixed: [u32 size][u32 root offset]…; the root table's first i32 is the distance back to its vtable.
  const table = 4 + view.getUint32(4, true);
  const vtable = table - view.getInt32(table, true);
  const slot = 4 + 9 * 2; // field 9: index_node_size
  const field = slot < view.getUint16(vtable, true) ? view.getUint16(vtable + slot, true) : 0;
  if (!field) throw new Error('FlatGeobuf header without an index_node_size field to set');
  view.setUint16(table + field, nodeSize, true);
  return out;
}
