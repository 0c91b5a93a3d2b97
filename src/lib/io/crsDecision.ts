// The one place that decides the coordinate system of an imported file, for every importer: the user's choice
// (checked against the coordinates), else what the file declares, else a guess from the numbers themselves (said as
// a warning to confirm), else an error asking the user to choose. Importers only say how their file names its CRS.

import { CGCS2000, gkCrs, zoneFromEasting, type Crs } from '../geo/crs';
import { issue, type ImportIssue } from './types';

type Text2 = { zh: string; en: string };

export interface CrsQuestion {
  /** The coordinates as the file holds them, [x, y]. */
  points: Iterable<readonly [number, number]>;
  /** False where the easting is the second value (surveyors' order, 国土 TXT). */
  eastIsX?: boolean;
  /** The CRS the user chose; wins, once the coordinates can be in it. */
  chosen?: Crs | null;
  /** What the file declares (a .prj): the CRS read from it, or null with its name when it is not supported. */
  declared?: { crs: Crs | null; name: string };
  /** A zone the file's header names (国土 TXT 带号), with the zone width when the header says it. */
  headerZone?: { zone: number; width: 3 | 6 | null };
  /** How the file's silence about its CRS is put, as the start of a sentence: "a.shp 缺少 .prj 坐标系文件". */
  silence: Text2;
  /** Lon/lat is the format's own default (GeoJSON, CSV): numbers that look like it are read so without a warning. */
  lonLatIsDefault?: boolean;
}

/** A northing in China: 1,000–10,000 km (the South China Sea islands near 1,000 km, Mohe near 5,900 km). */
const looksNorthing = (v: number) => v >= 1_000_000 && v < 10_000_000;
/** An easting without the zone prefix: within a few hundred km of the 500 km false easting. */
const looksBareEasting = (v: number) => v >= 100_000 && v < 1_000_000;

/** Whether a coordinate can be in the CRS: lon/lat ranges, or the eastings of its Gauss-Krüger zone. */
export function fits(crs: Crs, [x, y]: readonly [number, number]): boolean {
  if (crs.kind !== 'gk') return Math.abs(x) <= 180 && Math.abs(y) <= 90;
  if (y < 0 || y >= 10_000_000) return false;
  return crs.prefixed ? zoneFromEasting(x)?.zone === crs.zone : x > 100_000 && x < 900_000;
}

interface Survey {
  count: number;
  /** All within ±180° / ±90°. */
  lonLat: boolean;
  /** All within China's lon/lat box (73–136° E, 3–54° N). */
  chinaLonLat: boolean;
  /** All look like Chinese latitudes where longitudes belong, and the reverse. */
  latFirst: boolean;
  /** Every easting carries a zone prefix and every northing looks like one. */
  allPrefixed: boolean;
  /** Some easting carries a zone prefix. */
  somePrefixed: boolean;
  /** Every easting carries a zone prefix (whatever the northings). */
  everyPrefixed: boolean;
  /** The zones the eastings' prefixes name. */
  zones: { width: 3 | 6; zone: number }[];
  /** Every coordinate looks like an unprefixed Gauss-Krüger easting and northing. */
  bare: boolean;
  /** Every coordinate looks like a northing where the easting belongs, and the reverse. */
  swapped: boolean;
  first: readonly [number, number] | null;
}

function survey(points: Iterable<readonly [number, number]>, eastIsX: boolean): Survey {
  const s: Survey = {
    count: 0,
    lonLat: true,
    chinaLonLat: true,
    latFirst: true,
    allPrefixed: true,
    somePrefixed: false,
    everyPrefixed: true,
    zones: [],
    bare: true,
    swapped: true,
    first: null,
  };
  const zones = new Map<string, { width: 3 | 6; zone: number }>();
  for (const p of points) {
    const [x, y] = p;
    s.first ??= p;
    s.count++;
    if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) s.lonLat = false;
    if (!(x >= 73 && x <= 136 && y >= 3 && y <= 54)) s.chinaLonLat = false;
    if (!(x >= 3 && x <= 54 && y >= 73 && y <= 136)) s.latFirst = false;
    const [east, north] = eastIsX ? [x, y] : [y, x];
    const z = zoneFromEasting(east);
    if (z) {
      s.somePrefixed = true;
      zones.set(`${z.width}:${z.zone}`, z);
    } else s.everyPrefixed = false;
    if (!z || !looksNorthing(north)) s.allPrefixed = false;
    if (!(looksBareEasting(east) && looksNorthing(north))) s.bare = false;
    if (!(looksNorthing(east) && (zoneFromEasting(north) !== null || looksBareEasting(north)))) s.swapped = false;
  }
  if (!s.count)
    for (const k of ['lonLat', 'chinaLonLat', 'latFirst', 'allPrefixed', 'everyPrefixed', 'bare', 'swapped'] as const)
      s[k] = false;
  s.zones = [...zones.values()];
  return s;
}

/** Whether the coordinates can be in the chosen CRS; an error says why not. */
function checkChosen(chosen: Crs, s: Survey, issues: ImportIssue[]): boolean {
  if (chosen.kind === 'gk') {
    // Some stray coordinates may still misfit: the importer skips those records and says so.
    const mismatch = chosen.prefixed ? !s.somePrefixed : s.everyPrefixed;
    if (mismatch) {
      issues.push(
        issue(
          'error',
          'prefix-mismatch',
          `所选坐标系 ${chosen.name} ${chosen.prefixed ? '要求' : '不应'}在横坐标（东坐标）前带带号，而文件中的横坐标${chosen.prefixed ? '不带' : '带'}带号`,
          `the chosen CRS ${chosen.name} ${chosen.prefixed ? 'expects' : 'does not expect'} the zone prefix on eastings, but the file's eastings ${chosen.prefixed ? 'lack' : 'have'} it`,
        ),
      );
      return false;
    }
    const other = s.zones.find((z) => z.zone !== chosen.zone);
    if (chosen.prefixed && other) {
      issues.push(
        issue(
          'error',
          'zone-mismatch',
          `所选坐标系为 ${chosen.zone} 带，而文件中横坐标的带号为 ${other.zone}`,
          `the chosen CRS is zone ${chosen.zone} but the file's eastings carry zone ${other.zone}`,
        ),
      );
      return false;
    }
    return true;
  }
  if (s.count && !s.lonLat && !s.latFirst) {
    issues.push(
      issue(
        'error',
        'coordinate-out-of-range',
        `文件中的坐标超出经纬度范围，不能按 ${chosen.name} 读取（是否应选投影坐标系？）`,
        `the file's coordinates exceed lon/lat ranges and cannot be read in ${chosen.name} (a projected CRS?)`,
      ),
    );
    return false;
  }
  return true;
}

/** The prefixed zone the eastings name, checked against the header's 带号 and zone width; null after an error. */
function fromPrefix(q: CrsQuestion, s: Survey, issues: ImportIssue[]): Crs | null {
  if (s.zones.length > 1) {
    const list = s.zones.map((z) => z.zone);
    issues.push(
      issue(
        'error',
        'mixed-zones',
        `横坐标的带号不一致：${list.join('、')}`,
        `the eastings carry different zone prefixes: ${list.join(', ')}`,
      ),
    );
    return null;
  }
  const z = s.zones[0]!;
  const crs = gkCrs(z.width, z.zone, true)!;
  const header = q.headerZone;
  if (header && header.zone !== z.zone)
    issues.push(
      issue(
        'warning',
        'zone-mismatch',
        `文件头带号 ${header.zone} 与横坐标带号 ${z.zone} 不一致，按横坐标带号读取`,
        `the header's zone ${header.zone} differs from the eastings' prefix ${z.zone}; used the prefix`,
      ),
    );
  if (header?.width && header.width !== z.width)
    issues.push(
      issue(
        'warning',
        'width-mismatch',
        `文件头为 ${header.width} 度分带，但带号 ${z.zone} 属于 ${z.width} 度带`,
        `the header says ${header.width}° zones but zone ${z.zone} is a ${z.width}° zone`,
      ),
    );
  if (!header)
    issues.push(
      issue(
        'warning',
        'crs-guessed',
        `${q.silence.zh}；横坐标带带号 ${z.zone}，按 ${crs.name} 读取，如有误请选择正确的坐标系`,
        `${q.silence.en}; the eastings carry the zone prefix ${z.zone}, so they were read as ${crs.name}; choose the CRS if that is wrong`,
      ),
    );
  return crs;
}

/** Decides the CRS of a file's coordinates, or returns null with an error in `issues` that tells the user what to do. */
export function decideCrs(q: CrsQuestion, issues: ImportIssue[]): Crs | null {
  const s = survey(q.points, q.eastIsX ?? true);
  if (q.chosen) return checkChosen(q.chosen, s, issues) ? q.chosen : null;
  if (q.declared) {
    if (q.declared.crs) return q.declared.crs;
    issues.push(
      issue(
        'error',
        'unsupported-crs',
        `文件声明的坐标系“${q.declared.name}”不受支持（支持 WGS84、CGCS2000 经纬度及 CGCS2000 高斯-克吕格 3 度/6 度带）：请转换为 CGCS2000，或手动选择坐标系`,
        `the file declares a coordinate system "${q.declared.name}" that is not supported (WGS 84, CGCS2000 geographic and CGCS2000 Gauss-Kruger 3°/6° zones are): convert it to CGCS2000 or choose the CRS by hand`,
      ),
    );
    return null;
  }
  if (!s.count) return q.lonLatIsDefault ? CGCS2000 : null;
  // Latitude first (Chinese latitudes where longitudes belong) is read as degrees: the site checks swap and say so.
  if (q.lonLatIsDefault && (s.lonLat || s.latFirst)) return CGCS2000;
  if (s.allPrefixed) return fromPrefix(q, s, issues);
  if (q.headerZone) {
    const { zone, width } = q.headerZone;
    const w = width ?? (zone <= 23 ? 6 : 3);
    const crs = Number.isInteger(zone) ? gkCrs(w, zone, false) : null;
    if (crs) return crs;
    issues.push(
      issue(
        'error',
        'bad-zone',
        `带号 ${zone} 不是 CGCS2000 ${w} 度带的带号`,
        `zone ${zone} is not a CGCS2000 ${w}° zone`,
      ),
    );
    return null;
  }
  if (s.chinaLonLat) {
    issues.push(
      issue(
        'warning',
        'crs-guessed',
        `${q.silence.zh}；坐标看起来是经纬度，按 CGCS2000 经纬度（EPSG:4490）读取，如有误请选择正确的坐标系`,
        `${q.silence.en}; the coordinates look like longitude/latitude and were read as CGCS2000 geographic (EPSG:4490); choose the CRS if that is wrong`,
      ),
    );
    return CGCS2000;
  }
  const hint: Text2 = s.bare
    ? {
        zh: '坐标像不带带号的高斯-克吕格坐标，无法判断带号',
        en: 'the coordinates look like Gauss-Kruger coordinates without the zone prefix, so the zone cannot be told',
      }
    : s.swapped
      ? {
          zh: '横、纵坐标似乎颠倒（X 应为东坐标、Y 为北坐标）',
          en: 'X and Y look swapped (X is the easting, Y the northing)',
        }
      : {
          zh: '坐标不像经纬度或带带号的高斯-克吕格坐标（可能是独立坐标系）',
          en: 'the coordinates look like neither lon/lat nor prefixed Gauss-Kruger (a local grid?)',
        };
  issues.push(
    issue(
      'error',
      'crs-required',
      `${q.silence.zh}，${hint.zh}：请选择坐标系，如郑州用 EPSG:4547（CGCS2000 3 度带，中央经线 114°，不带带号），济源西部可能为 EPSG:4546（中央经线 111°）`,
      `${q.silence.en} and ${hint.en}: choose the CRS, e.g. EPSG:4547 for Zhengzhou (CGCS2000 3° zone, central meridian 114°E, no zone prefix); western Jiyuan may use EPSG:4546 (central meridian 111°E)`,
    ),
  );
  return null;
}
