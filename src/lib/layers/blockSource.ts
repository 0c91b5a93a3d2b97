// Reading parts of a large built file (a layer's FlatGeobuf) without fetching it whole, and without trusting what
// arrives: the file is read in aligned blocks, each checked against the block checksums the data build recorded
// (`<file>.sums`: the first 8 bytes of each block's SHA-256), and kept in a cache bounded in bytes. A server that
// ignores Range sends the whole file once; it is then checked whole against the manifest's SHA-256.

import { sha256Hex } from './fetchVerified';

export const BLOCK_SIZE = 64 * 1024;
/** Bytes of SHA-256 kept per block. */
export const SUM_BYTES = 8;

/** One block's checksum: the first SUM_BYTES bytes of its SHA-256. */
async function blockSum(block: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', block as Uint8Array<ArrayBuffer>), 0, SUM_BYTES);
}

/** The block checksums of a file, as the data build writes them (`<file>.sums`). */
export async function blockSums(bytes: Uint8Array, blockSize = BLOCK_SIZE): Promise<Uint8Array> {
  const n = Math.ceil(bytes.length / blockSize);
  const out = new Uint8Array(n * SUM_BYTES);
  for (let i = 0; i < n; i++)
    out.set(await blockSum(bytes.subarray(i * blockSize, Math.min(bytes.length, (i + 1) * blockSize))), i * SUM_BYTES);
  return out;
}

/**
 * How bytes are got: `range(start, end)` (end exclusive) answers with the bytes and whether they are that range
 * (HTTP 206) or the whole file (a server that ignores Range, HTTP 200).
 */
export interface RangeFetcher {
  range(start: number, end: number): Promise<{ bytes: Uint8Array; whole: boolean }>;
}

/** HTTP range requests with fetch; any status but 200 and 206 is an error naming the status. */
export function httpRanges(url: string, fetchFn: typeof fetch = fetch): RangeFetcher {
  return {
    async range(start, end) {
      const res = await fetchFn(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
      if (res.status !== 206 && res.status !== 200) throw new Error(`HTTP ${res.status}`);
      return { bytes: new Uint8Array(await res.arrayBuffer()), whole: res.status === 200 };
    },
  };
}

export class BlockSource {
  private readonly blocks = new Map<number, Uint8Array>();
  private cached = 0;
  private whole: Uint8Array | null = null;
  private wholeChecked: Promise<void> | null = null;
  /** Bytes fetched so far (for the benchmarks and the tests). */
  fetched = 0;

  constructor(
    private readonly fetcher: RangeFetcher,
    /** The file's size and SHA-256 (the manifest's), and its block checksums. */
    private readonly file: { bytes: number; sha256: string; sums: Uint8Array },
    private readonly maxCached = 64 * 2 ** 20,
    private readonly blockSize = BLOCK_SIZE,
  ) {
    if (file.sums.length !== Math.ceil(file.bytes / blockSize) * SUM_BYTES)
      throw new Error(`the block checksums do not fit a file of ${file.bytes} bytes`);
  }

  get size(): number {
    return this.file.bytes;
  }

  /** Bytes `offset` … `offset + length` of the file, checked. */
  async read(offset: number, length: number): Promise<Uint8Array> {
    if (offset < 0 || length < 0 || offset + length > this.file.bytes)
      throw new Error(`read past the end of the file (${offset}+${length} of ${this.file.bytes} bytes)`);
    if (this.whole) return this.whole.subarray(offset, offset + length);
    const first = Math.floor(offset / this.blockSize);
    const last = Math.floor((offset + Math.max(length, 1) - 1) / this.blockSize);
    const got = await this.load(first, last);
    if (this.whole) return (this.whole as Uint8Array).subarray(offset, offset + length);
    const out = new Uint8Array(length);
    for (let b = first; b <= last; b++) {
      const block = got.get(b)!;
      const from = Math.max(offset, b * this.blockSize);
      const to = Math.min(offset + length, (b + 1) * this.blockSize);
      out.set(block.subarray(from - b * this.blockSize, to - b * this.blockSize), from - offset);
    }
    return out;
  }

  /** Fetches the missing blocks first…last, each run of them in one request, and checks each block. */
  private async load(first: number, last: number): Promise<Map<number, Uint8Array>> {
    // The blocks of this read, held here too: the cache may let some go before the read is assembled.
    const got = new Map<number, Uint8Array>();
    let b = first;
    while (b <= last) {
      const cached = this.blocks.get(b);
      if (cached) {
        // Most recently used last.
        this.blocks.delete(b);
        this.blocks.set(b, cached);
        got.set(b, cached);
        b++;
        continue;
      }
      let e = b;
      while (e + 1 <= last && !this.blocks.has(e + 1)) e++;
      const start = b * this.blockSize;
      const end = Math.min(this.file.bytes, (e + 1) * this.blockSize);
      const answer = await this.fetcher.range(start, end);
      this.fetched += answer.bytes.length;
      if (answer.whole) {
        await this.takeWhole(answer.bytes);
        return got;
      }
      if (answer.bytes.length !== end - start)
        throw new Error(`the server sent ${answer.bytes.length} bytes for a range of ${end - start}`);
      for (let k = b; k <= e; k++) {
        const block = answer.bytes.slice(
          (k - b) * this.blockSize,
          Math.min(answer.bytes.length, (k - b + 1) * this.blockSize),
        );
        await this.check(k, block);
        this.keep(k, block);
        got.set(k, block);
      }
      b = e + 1;
    }
    return got;
  }

  private async check(k: number, block: Uint8Array): Promise<void> {
    const digest = await blockSum(block);
    const want = this.file.sums.subarray(k * SUM_BYTES, (k + 1) * SUM_BYTES);
    for (let i = 0; i < SUM_BYTES; i++)
      if (digest[i] !== want[i]) throw new Error(`checksum mismatch in block ${k} (bytes ${k * this.blockSize}…)`);
  }

  private keep(k: number, block: Uint8Array): void {
    this.blocks.set(k, block);
    this.cached += block.length;
    for (const [old, v] of this.blocks) {
      if (this.cached <= this.maxCached) break;
      this.blocks.delete(old);
      this.cached -= v.length;
    }
  }

  /** The whole file, sent by a server that ignores Range: checked against the manifest's SHA-256, then kept. */
  private async takeWhole(bytes: Uint8Array): Promise<void> {
    this.wholeChecked ??= (async () => {
      if (bytes.length !== this.file.bytes)
        throw new Error(`the server sent ${bytes.length} bytes, the manifest says ${this.file.bytes}`);
      const sum = await sha256Hex(bytes);
      if (sum !== this.file.sha256)
        throw new Error(`checksum mismatch (${sum.slice(0, 12)}… ≠ ${this.file.sha256.slice(0, 12)}…)`);
      this.whole = bytes;
      this.blocks.clear();
      this.cached = 0;
    })();
    await this.wholeChecked;
  }
}
