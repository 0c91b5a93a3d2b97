// KML and KMZ placemarks (Point, LineString, Polygon with holes, MultiGeometry, gx:Track) as sites in WGS84 lon/lat, with names and ExtendedData.

import { DOMParser, type Element } from '@xmldom/xmldom';
import { mapGeometry, positions } from '../geo/geometryWalk';
import { toLonLat, WGS84, type Crs } from '../geo/crs';
import { isInChina } from '../geo/gcj02';
import { decodeText } from './decodeText';
import { failure, issue, type ImportIssue, type ImportResult, type ImportedSite } from './types';
import { unzip } from './zip';
import {
  FORMAT,
  KNOWN_PREFIXES,
  MAX_XML_ISSUES,
  childNamed,
  elementChildren,
  folderText,
  lineOf,
  textOf,
  type Ctx,
  type FolderPath,
  type Simple,
} from './kml/model';
import { GEOMETRY_NAMES, combine, readExtendedData, readGeometry } from './kml/geometry';

/**
 * Reads a KML document. KML is WGS84 by definition; `opts.crs` may name the geographic datum the file really
 * uses (GCJ-02 or BD-09 from some Chinese map apps), and its coordinates are then converted to WGS84.
 */
export function readKml(text: string, opts: { crs?: Crs | null } = {}): ImportResult {
  try {
    return readKmlText(text, opts.crs ?? null, FORMAT);
  } catch (e) {
    return failure(
      FORMAT,
      'internal-error',
      `读取 KML 时出现内部错误：${String(e)}`,
      `internal error while reading the KML: ${String(e)}`,
    );
  }
}

/** Reads a KMZ (zipped KML): doc.kml, else the first .kml in the archive. */
export function readKmz(bytes: Uint8Array, opts: { crs?: Crs | null } = {}): ImportResult {
  try {
    return readKmzBytes(bytes, opts.crs ?? null);
  } catch (e) {
    return failure(
      'kmz',
      'internal-error',
      `读取 KMZ 时出现内部错误：${String(e)}`,
      `internal error while reading the KMZ: ${String(e)}`,
    );
  }
}

function readKmzBytes(bytes: Uint8Array, crs: Crs | null): ImportResult {
  // A KML renamed to .kmz is read as it is.
  const head = decodeText(bytes.subarray(0, 64))
    .text.replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<')) {
    const r = readKmlText(decodeText(bytes).text, crs, 'kmz');
    r.issues.unshift(
      issue(
        'warning',
        'kmz-is-kml',
        '该 KMZ 文件实为未压缩的 KML，已按 KML 读取',
        'this .kmz file is plain, unzipped KML; read it as KML',
      ),
    );
    return r;
  }
  const z = unzip(bytes, { maxEntries: 2000, maxTotalBytes: 256 * 1024 * 1024, maxRatio: 200 });
  if (!z.ok) return failure('kmz', z.code, `KMZ 解压失败：${z.message.zh}`, `could not unzip the KMZ: ${z.message.en}`);
  const names = [...z.files.keys()].filter((n) => /\.kml$/i.test(n) && !/(^|\/)__MACOSX\//.test(n));
  const name =
    names.find((n) => n.toLowerCase() === 'doc.kml') ??
    names.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1))[0];
  const data = name === undefined ? undefined : z.files.get(name);
  if (name === undefined || !data)
    return failure('kmz', 'kmz-no-kml', 'KMZ 压缩包中没有 .kml 文件', 'the KMZ archive contains no .kml file');
  const r = readKmlText(decodeText(data).text, crs, 'kmz');
  if (name.toLowerCase() !== 'doc.kml')
    r.issues.unshift(
      issue('warning', 'kmz-entry', `KMZ 中没有 doc.kml，已读取 ${name}`, `the KMZ has no doc.kml; read ${name}`),
    );
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
        ? issue(
            'warning',
            'xml-warning',
            `${at.zh}XML 不规范（${short}），已尽量读取`,
            `${at.en}XML irregularity (${short}); read on as best possible`,
            {
              line,
            },
          )
        : issue(
            'error',
            'bad-xml',
            `${at.zh}XML 格式错误（${short}），部分内容可能缺失`,
            `${at.en}malformed XML (${short}); some content may be missing`,
            {
              line,
            },
          ),
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
    return failure(
      format,
      'bad-xml',
      `${line ? `第 ${line} 行：` : ''}XML 格式错误：${f.msg}`,
      `${line ? `line ${line}: ` : ''}malformed XML: ${f.msg}`,
      {
        line,
      },
    );
  }
  if (xmlCount > MAX_XML_ISSUES)
    issues.push(
      issue(
        'warning',
        'xml-warning',
        `另有 ${xmlCount - MAX_XML_ISSUES} 处 XML 不规范`,
        `${xmlCount - MAX_XML_ISSUES} more XML irregularities`,
      ),
    );

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
    const sub =
      kind === 'Document' || kind === 'Folder'
        ? { name: textOf(childNamed(el, 'name')) || kind, parent: path, depth: (path?.depth ?? 0) + 1 }
        : path;
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

function readPlacemark(
  el: Element,
  index: number,
  path: FolderPath | null,
  sites: ImportedSite[],
  usedIds: Set<string>,
  issues: ImportIssue[],
): void {
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
  const ctx: Ctx = {
    issues,
    zh: `地标“${name}”（${id}）`,
    en: `placemark "${name}" (${id})`,
    where: { line: lineOf(el), site: id },
  };

  const geomEls = elementChildren(el).filter((c) => GEOMETRY_NAMES.has(c.localName ?? ''));
  if (!geomEls.length) {
    issues.push(
      issue('warning', 'no-geometry', `${ctx.zh}没有几何，已跳过`, `${ctx.en} has no geometry; skipped`, ctx.where),
    );
    return;
  }
  const parts: Simple[] = [];
  for (const g of geomEls) {
    const got = readGeometry(g, ctx, 0);
    if (!got) return;
    parts.push(...got);
  }
  if (!parts.length) {
    issues.push(
      issue(
        'warning',
        'no-geometry',
        `${ctx.zh}的几何为空，已跳过`,
        `${ctx.en} has an empty geometry; skipped`,
        ctx.where,
      ),
    );
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
