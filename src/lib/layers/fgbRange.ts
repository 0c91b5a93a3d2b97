// A built layer read by parts: the FlatGeobuf's header, then only the features whose boxes meet a query box, found
// through the file's packed Hilbert R-tree (searched level by level, as flatgeobuf's streamSearch does, without its
// per-node logging, which was a third of a check's time) and read through a checked BlockSource.
// Decoded features are kept in a cache bounded in vertices, so a reviewer working in one area reads it once.

import * as flatbuffers from 'flatbuffers';
import type { Feature, Geometry } from 'geojson';
import { Feature as FgbFeature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { fromByteBuffer, type HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize, generateLevelBounds, NODE_ITEM_BYTE_LEN } from 'flatgeobuf/lib/mjs/packedrtree.js';
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js';
import { parseProperties } from 'flatgeobuf/lib/mjs/generic/feature.js';
import type { BlockSource } from './blockSource';
import { fastGeometry } from './loadLayer';
import { vertexCount } from '../geo/geometryWalk';

const MAGIC = [0x66, 0x67, 0x62, 0x03];
/** Header bytes read first: most headers fit; a larger one is read in a second request. */
const FIRST_READ = 16 * 1024;
/** Index nodes between two wanted ranges of a level below which they are read as one. */
const MERGE_GAP = 64;

export type Box = [number, number, number, number];

export class FgbRangeReader {
  private readonly decoded = new Map<number, Feature>();
  private decodedVertices = 0;

  private constructor(
    private readonly source: BlockSource,
    readonly header: HeaderMeta,
    private readonly treeStart: number,
    private readonly featuresStart: number,
    private readonly maxVertices: number,
  ) {}

  /** Reads and checks the header; a file with no spatial index cannot be read by parts and is refused. */
  static async open(source: BlockSource, maxVertices = 4_000_000): Promise<FgbRangeReader> {
    const head = await source.read(0, Math.min(FIRST_READ, source.size));
    if (head.length < 12 || !MAGIC.every((b, i) => head[i] === b)) throw new Error('not a FlatGeobuf file');
    const headerLength = new DataView(head.buffer, head.byteOffset).getUint32(8, true);
    if (headerLength < 8 || 12 + headerLength > source.size) throw new Error('the FlatGeobuf header is cut off');
    const headerBytes =
      12 + headerLength <= head.length ? head.subarray(8, 12 + headerLength) : await source.read(8, 4 + headerLength);
    const header = fromByteBuffer(new flatbuffers.ByteBuffer(headerBytes.slice()));
    if (!header.indexNodeSize) throw new Error('the FlatGeobuf has no spatial index');
    const treeStart = 12 + headerLength;
    const featuresStart = treeStart + calcTreeSize(header.featuresCount, header.indexNodeSize);
    if (featuresStart > source.size) throw new Error('the FlatGeobuf index is cut off');
    return new FgbRangeReader(source, header, treeStart, featuresStart, maxVertices);
  }

  get featureCount(): number {
    return this.header.featuresCount;
  }

  /** The features whose boxes meet `box` (west, south, east, north), in file order, each with its index as `id`. */
  async select([minX, minY, maxX, maxY]: Box): Promise<Feature[]> {
    const count = this.header.featuresCount;
    if (!count) return [];
    const nodeSize = this.header.indexNodeSize;
    const bounds = (this.levelBounds ??= generateLevelBounds(count, nodeSize));
    const firstLeaf = bounds[0]![0];
    const hits: [number, number, number | null][] = [];
    // The node ranges to visit on each level, from the root down; children of neighbouring nodes read as one range.
    let ranges: [number, number][] = [[0, 1]];
    for (let level = bounds.length - 1; level >= 0 && ranges.length; level--) {
      const levelEnd = bounds[level]![1];
      const leaf = level === 0;
      const next: [number, number][] = [];
      for (const [a, b] of ranges) {
        // A leaf range reads one node more: the next feature's offset gives this one's length.
        const end = leaf ? Math.min(b + 1, levelEnd) : b;
        const bytes = await this.source.read(this.treeStart + a * NODE_ITEM_BYTE_LEN, (end - a) * NODE_ITEM_BYTE_LEN);
        const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        for (let i = a; i < b; i++) {
          const p = (i - a) * NODE_ITEM_BYTE_LEN;
          if (
            maxX < dv.getFloat64(p, true) ||
            maxY < dv.getFloat64(p + 8, true) ||
            minX > dv.getFloat64(p + 16, true) ||
            minY > dv.getFloat64(p + 24, true)
          )
            continue;
          const offset = Number(dv.getBigUint64(p + 32, true));
          if (leaf) {
            const length = i + 1 < end ? Number(dv.getBigUint64(p + NODE_ITEM_BYTE_LEN + 32, true)) - offset : null;
            hits.push([offset, i - firstLeaf, length]);
            continue;
          }
          const childEnd = Math.min(offset + nodeSize, bounds[level - 1]![1]);
          const last = next[next.length - 1];
          if (last && offset <= last[1] + MERGE_GAP) last[1] = Math.max(last[1], childEnd);
          else next.push([offset, childEnd]);
        }
      }
      ranges = next;
    }
    hits.sort((a, b) => a[0] - b[0]);
    const out: Feature[] = [];
    for (const [offset, index, length] of hits) out.push(await this.feature(offset, index, length));
    return out;
  }

  private levelBounds: [number, number][] | null = null;

  private async feature(offset: number, index: number, length: number | null): Promise<Feature> {
    const cached = this.decoded.get(index);
    if (cached) {
      this.decoded.delete(index);
      this.decoded.set(index, cached);
      return cached;
    }
    const at = this.featuresStart + offset;
    // Where the search does not know a feature's length (the last one; streamSearch also gives 0 at the end of a
    // batch of index nodes), its size prefix says it.
    let size = length || null;
    if (size === null) {
      const prefix = await this.source.read(at, 4);
      size = 4 + new DataView(prefix.buffer, prefix.byteOffset, 4).getUint32(0, true);
    }
    const bytes = await this.source.read(at, size);
    const fgb = FgbFeature.getSizePrefixedRootAsFeature(new flatbuffers.ByteBuffer(bytes.slice()));
    const g = fgb.geometry();
    const fast = g && fastGeometry(g, this.header.geometryType || g.type());
    // Anything the fast path does not build (z or m values, collections, curves) is decoded by the package itself.
    const f: Feature = fast
      ? { type: 'Feature', id: index, geometry: fast, properties: parseProperties(fgb, this.header.columns) }
      : { ...(fromFeature(index, fgb, this.header) as Feature), id: index };
    this.keep(index, f);
    return f;
  }

  private keep(index: number, f: Feature): void {
    const n = featureVertices(f.geometry);
    this.decoded.set(index, f);
    this.decodedVertices += n;
    for (const [old, v] of this.decoded) {
      if (this.decodedVertices <= this.maxVertices || old === index) break;
      this.decoded.delete(old);
      this.decodedVertices -= featureVertices(v.geometry);
    }
  }
}

/** The vertices a decoded feature holds: what the decode cache is bounded by. */
const featureVertices = (g: Geometry | null): number => (g ? vertexCount(g) : 0);
