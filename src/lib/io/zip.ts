// Unzips an uploaded .zip in memory with fflate, refusing zip bombs, unsafe names and corrupt data before or while inflating.

import { unzipSync, type UnzipFileInfo } from 'fflate';
import { decodeText } from './decodeText';
import { crc32 } from './crc32';

export interface UnzipLimits {
  /** Most entries the central directory may list (default 1000). */
  maxEntries?: number;
  /** Most uncompressed bytes the extracted entries may declare in total (default 200 MiB). */
  maxTotalBytes?: number;
  /** Highest uncompressed/compressed ratio of an entry over RATIO_FLOOR bytes (default 200). */
  maxRatio?: number;
}

export type UnzipResult =
  { ok: true; files: Map<string, Uint8Array> } | { ok: false; code: string; message: { zh: string; en: string } };

/** Entries this small cannot be bombs, and blank-padded tables legitimately compress past 200:1. */
const RATIO_FLOOR = 1 << 20;

const MiB = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

function refuse(code: string, zh: string, en: string): UnzipResult {
  return { ok: false, code, message: { zh, en } };
}

/** What the central directory says about one entry, read the way fflate reads it, plus what fflate does not report. */
interface Entry {
  info: UnzipFileInfo;
  name: string;
  crc: number;
}

/**
 * The central directory's names, flags and CRC-32s, walked exactly as fflate's unzipSync walks it (so the
 * i-th entry here is the i-th entry fflate reports), or null when it or a local header is not where it should be.
 */
function centralDirectory(d: Uint8Array, count: number): { name: string; flags: number; crc: number }[] | null {
  const b2 = (i: number) => (d[i] ?? 0) | ((d[i + 1] ?? 0) << 8);
  const b4 = (i: number) => (b2(i) | (b2(i + 2) << 16)) >>> 0;
  let e = d.length - 22;
  while (b4(e) !== 0x06054b50) {
    if (e <= 0 || d.length - e > 65558) return null;
    e--;
  }
  let o = b4(e + 16);
  if (b4(e - 20) === 0x07064b50) {
    const ze = b4(e - 12);
    if (b4(ze) === 0x06064b50) o = b4(ze + 48);
  }
  const out: { name: string; flags: number; crc: number }[] = [];
  for (let i = 0; i < count; i++) {
    // Each central directory header, and the local header it points to, starts with its signature.
    if (b4(o) !== 0x02014b50) return null;
    const local = b4(o + 42);
    if (local !== 0xffffffff && b4(local) !== 0x04034b50) return null;
    const flags = b2(o + 8);
    const fnl = b2(o + 28);
    const raw = d.subarray(o + 46, o + 46 + fnl);
    // Bit 11 says UTF-8; without it Windows tools write the local code page, GBK on Chinese systems.
    let name: string;
    if (flags & 0x800) name = new TextDecoder('utf-8').decode(raw);
    else name = decodeText(raw).text;
    out.push({ name, flags, crc: b4(o + 16) });
    o = o + 46 + fnl + b2(o + 30) + b2(o + 32);
  }
  return out;
}

/** A name that would escape the folder it is extracted into: `..` segments, absolute paths, drive letters. */
function unsafeName(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.startsWith('/') || /^[A-Za-z]:/.test(n) || n.split('/').includes('..') || n.includes('\0');
}

class TooManyEntries extends Error {}

/**
 * The files of a .zip, keyed by their path inside it. The central directory is read first and the
 * archive refused, before anything is inflated, when it lists too many entries, declares too many
 * uncompressed bytes, compresses an entry suspiciously well, or names a file outside its own folder.
 * fflate inflates each entry into a buffer of the size it declares, so a lying size cannot exhaust memory;
 * sizes and CRC-32s are checked after inflating. Directory entries and macOS `__MACOSX/` metadata are skipped.
 */
export function unzip(bytes: Uint8Array, limits: UnzipLimits = {}): UnzipResult {
  const maxEntries = limits.maxEntries ?? 1000;
  const maxTotalBytes = limits.maxTotalBytes ?? 200 * 2 ** 20;
  const maxRatio = limits.maxRatio ?? 200;
  const corrupt = (zh: string, en: string) =>
    refuse('zip-corrupt', `压缩包已损坏或不是 ZIP 文件：${zh}`, `the archive is damaged or not a ZIP file: ${en}`);
  if (bytes.length < 22) return corrupt('文件太短', 'the file is too short');

  // Pass 1: list the central directory; the filter declines every entry, so nothing is inflated.
  const infos: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        infos.push({ name: f.name, size: f.size, originalSize: f.originalSize, compression: f.compression });
        if (infos.length > maxEntries) throw new TooManyEntries();
        return false;
      },
    });
  } catch (e) {
    if (e instanceof TooManyEntries)
      return refuse(
        'zip-too-many-entries',
        `压缩包中的文件超过 ${maxEntries} 个，已拒绝`,
        `the archive lists more than ${maxEntries} entries; refused`,
      );
    return corrupt('找不到或无法读取中央目录', 'its central directory is missing or unreadable');
  }
  const dir = centralDirectory(bytes, infos.length);
  if (!dir || dir.length !== infos.length)
    return corrupt(
      '中央目录或文件头不在应在的位置',
      'its central directory or a file header is not where it should be',
    );

  const wanted: Entry[] = [];
  let total = 0;
  let compressedTotal = 0;
  for (let i = 0; i < infos.length; i++) {
    const info = infos[i]!;
    const cd = dir[i]!;
    const name = cd.name;
    if (unsafeName(name) || unsafeName(info.name))
      return refuse(
        'zip-unexpected-content',
        `压缩包中的文件名“${name}”不安全（含 ..、绝对路径或控制字符，可能写到压缩包以外的位置），已拒绝`,
        `the archive entry "${name}" is unsafe (a .. segment, an absolute path or a control character could place it outside the archive); refused`,
      );
    if (name.endsWith('/') || name.endsWith('\\') || /(^|\/)__MACOSX\//.test(name)) continue;
    if (cd.flags & 1)
      return refuse(
        'zip-encrypted',
        `压缩包中的“${name}”已加密，请解密后重新打包`,
        `the archive entry "${name}" is encrypted; re-pack it without a password`,
      );
    if (info.compression !== 0 && info.compression !== 8)
      return refuse(
        'zip-unsupported-compression',
        `压缩包中的“${name}”使用了不支持的压缩方式（${info.compression}），请用标准 ZIP（Deflate）重新打包`,
        `the archive entry "${name}" uses unsupported compression method ${info.compression}; re-pack it as a standard (Deflate) ZIP`,
      );
    if (info.size > bytes.length || info.originalSize < 0 || info.size < 0)
      return corrupt(
        `“${name}”声明的大小超出文件本身`,
        `the entry "${name}" declares more compressed bytes than the file holds`,
      );
    if (info.compression === 0 && info.size !== info.originalSize)
      return corrupt(`未压缩的“${name}”前后大小不一致`, `the stored entry "${name}" declares two different sizes`);
    total += info.originalSize;
    compressedTotal += info.size;
    if (total > maxTotalBytes)
      return refuse(
        'zip-too-large',
        `压缩包解压后超过 ${MiB(maxTotalBytes)}（至“${name}”已达 ${MiB(total)}），已拒绝`,
        `the archive would unpack to more than ${MiB(maxTotalBytes)} (${MiB(total)} up to "${name}"); refused`,
      );
    if (info.originalSize > RATIO_FLOOR && info.originalSize > maxRatio * info.size)
      return refuse(
        'zip-ratio',
        `压缩包中的“${name}”压缩比异常（${MiB(info.originalSize)} 压缩为 ${info.size} 字节），疑似压缩炸弹，已拒绝`,
        `the archive entry "${name}" compresses suspiciously well (${MiB(info.originalSize)} into ${info.size} bytes), as a zip bomb does; refused`,
      );
    wanted.push({ info, name, crc: cd.crc });
  }
  if (compressedTotal > bytes.length)
    return corrupt(
      '各文件声明的压缩大小之和超出文件本身',
      'the entries declare more compressed bytes than the file holds',
    );

  // Pass 2: inflate only the entries that passed, each into a buffer of its declared size. A name listed
  // twice keeps its last entry, as fflate does.
  const keep = new Set(wanted.map((w) => w.info));
  const last = new Map(wanted.map((w) => [w.info.name, w]));
  let index = -1;
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(bytes, {
      filter: (f) => {
        index++;
        const info = infos[index];
        return info !== undefined && keep.has(info) && info.name === f.name;
      },
    });
  } catch {
    return corrupt('解压时数据出错', 'its compressed data is broken');
  }
  const files = new Map<string, Uint8Array>();
  for (const w of last.values()) {
    const data = Object.hasOwn(raw, w.info.name) ? raw[w.info.name] : undefined;
    if (!data) return corrupt(`无法解压“${w.name}”`, `the entry "${w.name}" could not be unpacked`);
    if (data.length !== w.info.originalSize)
      return refuse(
        'zip-size-mismatch',
        `压缩包中的“${w.name}”声明 ${w.info.originalSize} 字节，解压得到 ${data.length} 字节：文件已损坏或被篡改`,
        `the archive entry "${w.name}" declares ${w.info.originalSize} bytes but unpacks to ${data.length}: the archive is damaged or forged`,
      );
    if (crc32(data) !== w.crc)
      return refuse(
        'zip-crc-mismatch',
        `压缩包中的“${w.name}”校验和（CRC-32）不符：文件已损坏`,
        `the archive entry "${w.name}" fails its CRC-32 check: the archive is damaged`,
      );
    files.set(w.name.replace(/\\/g, '/'), data);
  }
  return { ok: true, files };
}
