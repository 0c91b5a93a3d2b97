// KML and KMZ placemarks (Point, LineString, Polygon with holes, MultiGeometry, gx:Track) as sites in WGS84 lon/lat, with names and ExtendedData.

import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import type { Geometry, Position } from 'geojson';
import { mapGeometry, positions } from '../geo/geometryWalk';
import { toLonLat, WGS84, type Crs } from '../geo/crs';
import { isInChina } from '../geo/gcj02';
import { decodeText } from './decodeText';
import { failure, issue, type ImportIssue, type ImportResult, type ImportedSite } from './types';
import { unzip } from './zip';

const FORMAT = 'kml';

/** Prefixes KML files use, assumed when a file forgets to declare them (a file's own declarations win). */
const KNOWN_PREFIXES = {
  gx: 'http://www.google.com/kml/ext/2.2',
  kml: 'http://www.opengis.net/kml/2.2',
  atom: 'http://www.w3.org/2005/Atom',
  xal: 'urn:oasis:names:tc:ciq:xsdschema:xAL:2.0',
};

/** Parser messages reported one by one before the rest are summed up. */
const MAX_XML_ISSUES = 5;
/** MultiGeometry nested deeper than this is not followed. */
const MAX_DEPTH = 16;
/** Folder names kept at each end of a placemark's folder path. */
const MAX_FOLDER_NAMES = 8;

/** The Document/Folder names above a placemark, innermost first (shared between siblings, so deep nesting stays linear). */
interface FolderPath {
  name: string;
  parent: FolderPath | null;
  depth: number;
}

/** The folder path as "outer / inner", the outermost MAX_FOLDER_NAMES levels and the innermost ones when very deep. */
function folderText(path: FolderPath): string {
  const names: string[] = [];
  for (let p: FolderPath | null = path; p; p = p.parent) {
    if (names.length < MAX_FOLDER_NAMES || p.depth <= MAX_FOLDER_NAMES) names.push(p.name);
    else if (names[names.length - 1] !== '…') names.push('…');
  }
  return names.reverse().join(' / ');
}

type Simple = { type: 'Point'; coordinates: Position } | { type: 'LineString'; coordinates: Position[] } | { type: 'Polygon'; coordinates: Position[][] };

interface Ctx {
  issues: ImportIssue[];
  /** How the placemark is named in messages: zh and en. */
  zh: string;
  en: string;
  where: { line?: number; site?: string };
}

const lineOf = (n: Node): number | undefined => (typeof n.lineNumber === 'number' && n.lineNumber > 0 ? n.lineNumber : undefined);

function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

const childNamed = (el: Element, name: string): Element | undefined => elementChildren(el).find((c) => c.localName === name);
const childrenNamed = (el: Element, name: string): Element[] => elementChildren(el).filter((c) => c.localName === name);
const textOf = (el: Element | undefined): string => (el?.textContent ?? '').trim();

/**
 * Reads a KML document. KML is WGS84 by definition; `opts.crs` may name the geographic datum the file really
 * uses (GCJ-02 or BD-09 from some Chinese map apps), and its coordinates are then converted to WGS84.
 */
export function readKml(text: string, opts: { crs?: Crs | null } = {}): ImportResult {
  try {
    return readKmlText(text, opts.crs ?? null, FORMAT);
  } catch (e) {
    return failure(FORMAT, 'internal-error', `读取 KML 时出现内部错误：${String(e)}`, `internal error while reading the KML: ${String(e)}`);
  }
}

/** Reads a KMZ (zipped KML): doc.kml, else the first .kml in the archive. */
export function readKmz(bytes: Uint8Array, opts: { crs?: Crs | null } = {}): ImportResult {
  try {
    return readKmzBytes(bytes, opts.crs ?? null);
  } catch (e) {
    return failure('kmz', 'internal-error', `读取 KMZ 时出现内部错误：${String(e)}`, `internal error while reading the KMZ: ${String(e)}`);
  }
}

function readKmzBytes(bytes: Uint8Array, crs: Crs | null): ImportResult {
  // A KML renamed to .kmz is read as it is.
  const head = decodeText(bytes.subarray(0, 64))
    .text.replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<')) {
    const r = readKmlText(decodeText(bytes).text, crs, 'kmz');
    r.issues.unshift(issue('warning', 'kmz-is-kml', '该 KMZ 文件实为未压缩的 KML，已按 KML 读取', 'this .kmz file is plain, unzipped KML; read it as KML'));
    return r;
  }
  const z = unzip(bytes, { maxEntries: 2000, maxTotalBytes: 256 * 1024 * 1024, maxRatio: 200 });
  if (!z.ok) return failure('kmz', z.code, `KMZ 解压失败：${z.message.zh}`, `could not unzip the KMZ: ${z.message.en}`);
  const names = [...z.files.keys()].filter((n) => /\.kml$/i.test(n) && !/(^|\/)__MACOSX\//.test(n));
  const name = names.find((n) => n.toLowerCase() === 'doc.kml') ?? names.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1))[0];
  const data = name === undefined ? undefined : z.files.get(name);
  if (name === undefined || !data) return failure('kmz', 'kmz-no-kml', 'KMZ 压缩包中没有 .kml 文件', 'the KMZ archive contains no .kml file');
  const r = readKmlText(decodeText(data).text, crs, 'kmz');
  if (name.toLowerCase() !== 'doc.kml')
    r.issues.unshift(issue('warning', 'kmz-entry', `KMZ 中没有 doc.kml，已读取 ${name}`, `the KMZ has no doc.kml; read ${name}`));
  return r;
}

function readKmlText(input: string, crs: Crs | null, format: string): ImportResult {
  const text = input.replace(/^\uFEFF/, '');
  if (!text.trim()) return failure(format, 'empty-file', '文件为空', 'the file is empty');
  if (crs && crs.kind === 'gk')
    return failure(
      format,
      'crs-not-geographic',
      `KML 坐标为经纬度，不能按投影坐标系 ${crs.name} 读取`,
      `KML coordinates are longitude/latitude; they cannot be read in the projected CRS ${crs.name}`,
    );

  // Entity declarations are refused outright: an internal DTD is how an entity-expansion ("billion laughs") attack comes.
  const dtd = /<!(DOCTYPE|ENTITY)\b/i.exec(text);
  if (dtd) {
    const line = text.slice(0, dtd.index).split('\n').length;
    return failure(
      format,
      'xml-entities',
      `第 ${line} 行：文件含 <!${dtd[1]}> 声明，为防范实体扩展攻击（“十亿笑”）拒绝读取；正常导出的 KML 不含此类声明`,
      `line ${line}: the file has a <!${dtd[1]}> declaration; refused to read it to guard against entity expansion ("billion laughs"). KML that apps export has none`,
      { line },
    );
  }

  const issues: ImportIssue[] = [];
  let fatal: { msg: string; line?: number } | null = null;
  let xmlCount = 0;
  const onError = (level: 'warning' | 'error' | 'fatalError', msg: string, context: unknown) => {
    const raw = (context as { locator?: { lineNumber?: number } } | undefined)?.locator?.lineNumber;
    const line = typeof raw === 'number' && raw > 0 ? raw : undefined;
    const short = String(msg).split('\n')[0]!.slice(0, 200);
    if (level === 'fatalError') {
      fatal ??= { msg: short, line };
      return;
    }
    xmlCount++;
    if (xmlCount > MAX_XML_ISSUES) return;
    const soft = level === 'warning' || /^entity|^EntityRef/i.test(short);
    const at = line ? { zh: `第 ${line} 行：`, en: `line ${line}: ` } : { zh: '', en: '' };
    issues.push(
      soft
        ? issue('warning', 'xml-warning', `${at.zh}XML 不规范（${short}），已尽量读取`, `${at.en}XML irregularity (${short}); read on as best possible`, {
            line,
          })
        : issue('error', 'bad-xml', `${at.zh}XML 格式错误（${short}），部分内容可能缺失`, `${at.en}malformed XML (${short}); some content may be missing`, {
            line,
          }),
    );
  };
  let doc: ReturnType<DOMParser['parseFromString']> | null = null;
  try {
    doc = new DOMParser({ xmlns: KNOWN_PREFIXES, onError }).parseFromString(text, 'text/xml');
  } catch (e) {
    const err = e as { message?: unknown; locator?: { lineNumber?: number } };
    fatal ??= {
      msg: String(err.message ?? e)
        .split('\n')[0]!
        .slice(0, 200),
      line: err.locator?.lineNumber,
    };
  }
  if (fatal || !doc || !doc.documentElement) {
    const f: { msg: string; line?: number } = fatal ?? { msg: 'no document' };
    if (/unclosed xml tag|unexpected end/i.test(f.msg)) {
      const last = text.split(/\r\n|\r|\n/).length;
      return failure(
        format,
        'bad-xml',
        `第 ${last} 行（文件末尾）：XML 标签未闭合，文件可能被截断（${f.msg}）`,
        `line ${last} (end of file): XML elements are left open; the file looks truncated (${f.msg})`,
        { line: last },
      );
    }
    const line = f.line && f.line > 0 ? f.line : undefined;
    return failure(format, 'bad-xml', `${line ? `第 ${line} 行：` : ''}XML 格式错误：${f.msg}`, `${line ? `line ${line}: ` : ''}malformed XML: ${f.msg}`, {
      line,
    });
  }
  if (xmlCount > MAX_XML_ISSUES)
    issues.push(issue('warning', 'xml-warning', `另有 ${xmlCount - MAX_XML_ISSUES} 处 XML 不规范`, `${xmlCount - MAX_XML_ISSUES} more XML irregularities`));

  const root = doc.documentElement as Element;
  if (root.localName !== 'kml')
    issues.push(
      issue(
        'warning',
        'not-kml-root',
        `根元素为 <${root.localName}> 而非 <kml>，仍尝试读取其中的地标`,
        `the root element is <${root.localName}>, not <kml>; looked for placemarks anyway`,
      ),
    );

  const sites: ImportedSite[] = [];
  const usedIds = new Set<string>();
  const skipped = new Map<string, { count: number; line?: number }>();
  let index = 0;
  // Depth-first in document order without recursion, carrying the Document/Folder path.
  const stack: { el: Element; path: FolderPath | null }[] = [{ el: root, path: null }];
  while (stack.length) {
    const { el, path } = stack.pop()!;
    const kind = el.localName ?? '';
    if (kind === 'Placemark') {
      index++;
      readPlacemark(el, index, path, sites, usedIds, issues);
      continue;
    }
    if (kind === 'NetworkLink' || kind === 'GroundOverlay' || kind === 'PhotoOverlay' || kind === 'ScreenOverlay') {
      const s = skipped.get(kind) ?? { count: 0, line: lineOf(el) };
      s.count++;
      skipped.set(kind, s);
      continue;
    }
    const sub = kind === 'Document' || kind === 'Folder' ? { name: textOf(childNamed(el, 'name')) || kind, parent: path, depth: (path?.depth ?? 0) + 1 } : path;
    const kids = elementChildren(el);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ el: kids[i]!, path: sub });
  }
  for (const [kind, s] of skipped)
    issues.push(
      issue(
        'warning',
        kind === 'NetworkLink' ? 'network-link-skipped' : 'overlay-skipped',
        `跳过 ${s.count} 个 <${kind}>（${kind === 'NetworkLink' ? '不读取网络链接' : '图片叠加层不是地块'}）`,
        `skipped ${s.count} <${kind}> element(s) (${kind === 'NetworkLink' ? 'network links are not followed' : 'image overlays are not sites'})`,
        { line: s.line },
      ),
    );

  if (!sites.length) {
    issues.push(
      issue(
        'error',
        'no-placemarks',
        index ? '文件中没有可读取几何的地标' : '文件中没有地标（Placemark）',
        index ? 'no placemark in the file has a readable geometry' : 'the file has no placemarks',
      ),
    );
    return { format, crs: null, sites: [], issues };
  }

  const used: Crs = crs ?? WGS84;
  if (crs && crs.kind !== 'geographic') {
    for (const s of sites) s.geometry = mapGeometry(s.geometry, (p) => toLonLat(crs, p[0]!, p[1]!));
  } else if (!crs && sites.every((s) => positions(s.geometry).every((p) => isInChina([p[0]!, p[1]!])))) {
    issues.push(
      issue(
        'warning',
        'kml-datum-note',
        'KML 规定使用 WGS84 坐标，已按 WGS84 读取。国内地图 App（奥维互动地图、两步路、六只脚等）导出的 KML 有时是 GCJ-02（火星坐标）：若地块在底图上整体偏移约 500 米，请将坐标系改选为 GCJ-02 后重新读取。',
        'KML is WGS84 by definition and was read as WGS84. KML exported by Chinese map apps (Ovital 奥维互动地图, 2bulu 两步路, foooooot 六只脚) is sometimes in GCJ-02: if the site appears shifted by about 500 m on the map, choose GCJ-02 and read it again.',
      ),
    );
  }
  return { format, crs: used, sites, issues };
}

function readPlacemark(el: Element, index: number, path: FolderPath | null, sites: ImportedSite[], usedIds: Set<string>, issues: ImportIssue[]): void {
  const name = textOf(childNamed(el, 'name')) || `地标${index}`;
  const description = textOf(childNamed(el, 'description'));
  const extended = readExtendedData(childNamed(el, 'ExtendedData'));
  const idKey = Object.keys(extended).find((k) => /^\s*(id|编号)\s*$/i.test(k) && String(extended[k]).trim() !== '');
  let id = (idKey ? String(extended[idKey]).trim() : '') || (el.getAttribute('id') ?? '').trim() || String(index);
  if (usedIds.has(id)) {
    let k = 2;
    while (usedIds.has(`${id}~${k}`)) k++;
    issues.push(
      issue(
        'warning',
        'duplicate-id',
        `地标“${name}”的编号 ${id} 重复，改记为 ${id}~${k}`,
        `placemark "${name}" repeats the id ${id}; recorded as ${id}~${k}`,
        { line: lineOf(el), site: id },
      ),
    );
    id = `${id}~${k}`;
  }
  usedIds.add(id);
  const ctx: Ctx = { issues, zh: `地标“${name}”（${id}）`, en: `placemark "${name}" (${id})`, where: { line: lineOf(el), site: id } };

  const geomEls = elementChildren(el).filter((c) => GEOMETRY_NAMES.has(c.localName ?? ''));
  if (!geomEls.length) {
    issues.push(issue('warning', 'no-geometry', `${ctx.zh}没有几何，已跳过`, `${ctx.en} has no geometry; skipped`, ctx.where));
    return;
  }
  const parts: Simple[] = [];
  for (const g of geomEls) {
    const got = readGeometry(g, ctx, 0);
    if (!got) return;
    parts.push(...got);
  }
  if (!parts.length) {
    issues.push(issue('warning', 'no-geometry', `${ctx.zh}的几何为空，已跳过`, `${ctx.en} has an empty geometry; skipped`, ctx.where));
    return;
  }
  const properties: Record<string, unknown> = { ...extended, name };
  if (description) properties.description = description;
  if (path) properties.folder = folderText(path);
  const combined = combine(parts);
  if (combined) {
    sites.push({ id, name, geometry: combined, properties });
    return;
  }
  // Mixed kinds (say a polygon with a point label): one site per part.
  issues.push(
    issue(
      'warning',
      'multigeometry-split',
      `${ctx.zh}含不同类型的几何，已拆为 ${parts.length} 个地块`,
      `${ctx.en} mixes geometry types; split into ${parts.length} sites`,
      ctx.where,
    ),
  );
  parts.forEach((p, k) => {
    const partId = `${id}-${k + 1}`;
    usedIds.add(partId);
    sites.push({ id: partId, name: `${name}-${k + 1}`, geometry: p, properties: { ...properties, part: k + 1 } });
  });
}

const GEOMETRY_NAMES = new Set(['Point', 'LineString', 'LinearRing', 'Polygon', 'MultiGeometry', 'Track', 'MultiTrack', 'Model']);

function combine(parts: Simple[]): Geometry | null {
  if (parts.length === 1) return parts[0]!;
  const type = parts[0]!.type;
  if (!parts.every((p) => p.type === type)) return null;
  if (type === 'Point') return { type: 'MultiPoint', coordinates: parts.map((p) => p.coordinates as Position) };
  if (type === 'LineString') return { type: 'MultiLineString', coordinates: parts.map((p) => p.coordinates as Position[]) };
  return { type: 'MultiPolygon', coordinates: parts.map((p) => p.coordinates as Position[][]) };
}

function readExtendedData(el: Element | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!el) return out;
  for (const c of elementChildren(el)) {
    if (c.localName === 'Data') {
      const key = (c.getAttribute('name') ?? '').trim();
      if (key) out[key] = textOf(childNamed(c, 'value'));
    } else if (c.localName === 'SchemaData') {
      for (const s of childrenNamed(c, 'SimpleData')) {
        const key = (s.getAttribute('name') ?? '').trim();
        if (key) out[key] = textOf(s);
      }
    } else if (c.localName) {
      // Arbitrary namespaced elements some apps put in ExtendedData.
      out[c.localName] = textOf(c);
    }
  }
  return out;
}

/** Parses a <coordinates> text: "lon,lat[,alt]" tuples separated by any whitespace; null (with an issue) when one is unreadable. */
function parseCoordinates(el: Element | undefined, ctx: Ctx): Position[] | null {
  const raw = (el?.textContent ?? '').replace(/\s*,\s*/g, ',').trim();
  if (!raw) return [];
  const out: Position[] = [];
  for (const tuple of raw.split(/\s+/)) {
    const f = tuple.split(',');
    const ok = f.length >= 2 && f.length <= 3 && f[0] !== '' && f[1] !== '';
    const lon = ok ? Number(f[0]) : NaN,
      lat = ok ? Number(f[1]) : NaN;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || (f[2] !== undefined && f[2] !== '' && !Number.isFinite(Number(f[2])))) {
      badCoordinate(ctx, el, tuple, '不是“经度,纬度[,高程]”', 'is not "lon,lat[,alt]"');
      return null;
    }
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      badCoordinate(ctx, el, tuple, '超出经纬度范围（经纬度是否颠倒？）', 'is out of the longitude/latitude range (lat and lon swapped?)');
      return null;
    }
    out.push([lon, lat]);
  }
  return out;
}

function badCoordinate(ctx: Ctx, el: Element | undefined, tuple: string, zh: string, en: string): void {
  const line = (el && lineOf(el)) ?? ctx.where.line;
  const t = tuple.slice(0, 60);
  ctx.issues.push(
    issue('error', 'bad-coordinate', `${ctx.zh}第 ${line ?? '?'} 行附近的坐标“${t}”${zh}`, `${ctx.en}: coordinate "${t}" near line ${line ?? '?'} ${en}`, {
      ...ctx.where,
      line,
    }),
  );
}

function readRing(ringEl: Element | undefined, ctx: Ctx, role: { zh: string; en: string }): Position[] | null {
  const lr = ringEl?.localName === 'LinearRing' ? ringEl : ringEl && childNamed(ringEl, 'LinearRing');
  const pts = parseCoordinates(lr && childNamed(lr, 'coordinates'), ctx);
  if (!pts) return null;
  const first = pts[0],
    last = pts[pts.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) pts.push([first[0]!, first[1]!]);
  const distinct = new Set(pts.map((p) => `${p[0]},${p[1]}`)).size;
  if (distinct < 3) {
    ctx.issues.push(
      issue('error', 'ring-too-short', `${ctx.zh}的${role.zh}少于 3 个不同的点`, `${ctx.en}: its ${role.en} has fewer than 3 distinct points`, {
        ...ctx.where,
        line: (lr && lineOf(lr)) ?? ctx.where.line,
      }),
    );
    return null;
  }
  return pts;
}

function readLine(pts: Position[] | null, el: Element, ctx: Ctx): Simple[] | null {
  if (!pts) return null;
  if (pts.length < 2) {
    ctx.issues.push(
      issue('error', 'line-too-short', `${ctx.zh}的线少于 2 个点`, `${ctx.en}: its line has fewer than 2 points`, {
        ...ctx.where,
        line: lineOf(el) ?? ctx.where.line,
      }),
    );
    return null;
  }
  return [{ type: 'LineString', coordinates: pts }];
}

function readTrack(el: Element, ctx: Ctx): Position[] | null {
  const out: Position[] = [];
  for (const c of childrenNamed(el, 'coord')) {
    const f = textOf(c).split(/[\s,]+/);
    const lon = Number(f[0]),
      lat = Number(f[1]);
    if (f.length < 2 || f[0] === '' || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      badCoordinate(ctx, c, textOf(c), '不是“经度 纬度 高程”', 'is not "lon lat alt"');
      return null;
    }
    out.push([lon, lat]);
  }
  return out;
}

/** One KML geometry element as simple geometries; null (with an error issue) when it cannot be read. */
function readGeometry(el: Element, ctx: Ctx, depth: number): Simple[] | null {
  const where = { ...ctx.where, line: lineOf(el) ?? ctx.where.line };
  switch (el.localName) {
    case 'Point': {
      const pts = parseCoordinates(childNamed(el, 'coordinates'), ctx);
      if (!pts) return null;
      if (!pts[0]) {
        ctx.issues.push(issue('error', 'empty-point', `${ctx.zh}的点没有坐标`, `${ctx.en}: its point has no coordinates`, where));
        return null;
      }
      return [{ type: 'Point', coordinates: pts[0] }];
    }
    case 'LineString':
      return readLine(parseCoordinates(childNamed(el, 'coordinates'), ctx), el, ctx);
    case 'LinearRing': {
      const ring = readRing(el, ctx, { zh: '环', en: 'ring' });
      return ring ? [{ type: 'Polygon', coordinates: [ring] }] : null;
    }
    case 'Polygon': {
      const outerEl = childNamed(el, 'outerBoundaryIs');
      if (!outerEl) {
        ctx.issues.push(issue('error', 'no-outer-ring', `${ctx.zh}的面没有外边界（outerBoundaryIs）`, `${ctx.en}: its polygon has no outerBoundaryIs`, where));
        return null;
      }
      const outer = readRing(outerEl, ctx, { zh: '外边界', en: 'outer boundary' });
      if (!outer) return null;
      const rings = [outer];
      for (const inner of childrenNamed(el, 'innerBoundaryIs')) {
        // KML 2.2 puts one ring in each innerBoundaryIs, but files with several rings in one are common.
        for (const lr of childrenNamed(inner, 'LinearRing')) {
          const hole = readRing(lr, ctx, { zh: `第 ${rings.length} 个内边界（洞）`, en: `inner boundary (hole) ${rings.length}` });
          if (!hole) return null;
          rings.push(hole);
        }
      }
      return [{ type: 'Polygon', coordinates: rings }];
    }
    case 'MultiGeometry': {
      if (depth >= MAX_DEPTH) {
        ctx.issues.push(issue('error', 'geometry-too-deep', `${ctx.zh}的 MultiGeometry 嵌套过深`, `${ctx.en}: its MultiGeometry is nested too deeply`, where));
        return null;
      }
      const out: Simple[] = [];
      for (const c of elementChildren(el)) {
        if (!GEOMETRY_NAMES.has(c.localName ?? '')) continue;
        const got = readGeometry(c, ctx, depth + 1);
        if (!got) return null;
        out.push(...got);
      }
      return out;
    }
    case 'Track':
      return readLine(readTrack(el, ctx), el, ctx);
    case 'MultiTrack': {
      const out: Simple[] = [];
      for (const t of childrenNamed(el, 'Track')) {
        const got = readLine(readTrack(t, ctx), t, ctx);
        if (!got) return null;
        out.push(...got);
      }
      return out;
    }
    default:
      ctx.issues.push(
        issue(
          'warning',
          'model-skipped',
          `${ctx.zh}的三维模型（Model）不是地块几何，已忽略`,
          `${ctx.en}: its 3-D Model is not a site geometry; ignored`,
          where,
        ),
      );
      return [];
  }
}
