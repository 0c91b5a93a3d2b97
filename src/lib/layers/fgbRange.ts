// A built layer read by parts: the FlatGeobuf's header, then only the features whose boxes meet a query box, found
// through the file's packed Hilbert R-tree (flatgeobuf's own streamSearch) and read through a checked BlockSource.
// Decoded features are kept in a cache bounded in vertices, so a reviewer working in one area reads it once.

import * as flatbuffers from 'flatbuffers';
import type { Feature, Geometry } from 'geojson';
import { Feature as FgbFeature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { fromByteBuffer, type HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize, streamSearch } from 'flatgeobuf/lib/mjs/packedrtree.js';
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js';
import { parseProperties } from 'flatgeobuf/lib/mjs/generic/feature.js';
import type { BlockSource } from './blockSource';
import { fastGeometry } from './loadLayer';
import { positions } from '../geo/geometryWalk';

const MAGIC = [0x66, 0x67, 0x62, 0x03];
/** Header bytes read first: most headers fit; a larger one is read in a second request. */
const FIRST_READ = 16 * 1024;

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
    if (!this.header.featuresCount) return [];
    const hits: [number, number, number | null][] = [];
    for await (const hit of streamSearch(
      this.header.featuresCount,
      this.header.indexNodeSize,
      { minX, minY, maxX, maxY },
      async (offset, size) => {
        const b = await this.source.read(this.treeStart + offset, size);
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      },
    ))
      hits.push(hit);
    hits.sort((a, b) => a[0] - b[0]);
    const out: Feature[] = [];
    for (const [offset, index, length] of hits) out.push(await this.feature(offset, index, length));
    return out;
  }

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
    const n = vertexCount(f.geometry);
    this.decoded.set(index, f);
    this.decodedVertices += n;
    for (const [old, v] of this.decoded) {
      if (this.decodedVertices <= this.maxVertices || old === index) break;
      this.decoded.delete(old);
      this.decodedVertices -= vertexCount(v.geometry);
    }
  }
}

/** The vertices a decoded feature holds: what the decode cache is bounded by. */
const vertexCount = (g: Geometry | null): number => (g ? positions(g).length : 0);
