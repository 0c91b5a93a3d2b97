// The shapefile's coordinate system: from its .prj, else guessed from the coordinates (and said), else asked for.

import { CGCS2000, crsFromPrj, zoneFromEasting, type Crs } from '../../geo/crs';
import { issue, type ImportIssue } from '../types';
import { surveyCoordinates } from '../surveyCoordinates';
import type { RawRecord, XY } from './shp';
import type { ShapefileOptions } from '../shapefile';

export function prjName(prj: string): string {
  const m = /^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|COMPD_CS|COMPOUNDCRS)\s*\[\s*"([^"]*)"/i.exec(prj);
  return m ? m[1]! : prj.trim().slice(0, 60);
}

export function* allPoints(records: RawRecord[]): Generator<XY> {
  for (const r of records) {
    if ('points' in r.shape) yield* r.shape.points;
    else for (const part of r.shape.parts) yield* part;
  }
}

/** Whether a coordinate can be in the CRS: lon/lat ranges, or the eastings of its Gauss-Krüger zone. */
export function fits(crs: Crs, [x, y]: XY): boolean {
  if (crs.kind !== 'gk') return Math.abs(x) <= 180 && Math.abs(y) <= 90;
  if (y < 0 || y >= 10_000_000) return false;
  // Without the prefix an easting lies within a few hundred km of the 500 km false easting.
  return crs.prefixed ? zoneFromEasting(x)?.zone === crs.zone : x > 100_000 && x < 900_000;
}

export function decideCrs(
  file: string,
  opts: ShapefileOptions,
  prj: string | undefined,
  records: RawRecord[],
  issues: ImportIssue[],
): Crs | null {
  if (opts.crs) return opts.crs;
  if (prj !== undefined && prj.trim()) {
    const crs = crsFromPrj(prj);
    if (crs) return crs;
    const name = prjName(prj);
    issues.push(
      issue(
        'error',
        'unsupported-prj',
        `${file} 的 .prj 坐标系“${name}”不受支持（支持 WGS84、CGCS2000 经纬度及 CGCS2000 高斯-克吕格 3 度/6 度带）：请转换为 CGCS2000，或手动选择坐标系`,
        `the .prj of ${file} names a coordinate system "${name}" that is not supported (WGS 84, CGCS2000 geographic and CGCS2000 Gauss-Kruger 3°/6° zones are): convert it to CGCS2000 or choose the CRS by hand`,
      ),
    );
    return null;
  }
  const survey = surveyCoordinates(allPoints(records));
  if (!survey.count) return null;
  if (survey.lonLat) {
    issues.push(
      issue(
        'warning',
        'no-prj-geographic',
        `${file} 缺少 .prj 坐标系文件：坐标看起来是经纬度，按 CGCS2000 经纬度（EPSG:4490）读取`,
        `${file} has no .prj: its coordinates look like longitude/latitude and were read as CGCS2000 geographic (EPSG:4490)`,
      ),
    );
    return CGCS2000;
  }
  const crs = survey.prefixedCrs;
  const z = survey.zones[0];
  if (crs && z) {
    issues.push(
      issue(
        'warning',
        'no-prj-guessed-zone',
        `${file} 缺少 .prj 坐标系文件：横坐标带带号 ${z!.zone}，按 ${crs.name} 读取，请核对`,
        `${file} has no .prj: its eastings carry the zone prefix ${z!.zone}, so they were read as ${crs.name}; please check`,
      ),
    );
    return crs;
  }
  issues.push(
    issue(
      'error',
      'crs-required',
      `${file} 缺少 .prj 坐标系文件，且无法从坐标判断坐标系：请选择坐标系（如郑州市区 CGCS2000 3 度带不带带号 EPSG:4547）`,
      `${file} has no .prj and its coordinates do not reveal the coordinate system: choose it (e.g. EPSG:4547, CGCS2000 3° Gauss-Kruger CM 114E without zone prefix, for Zhengzhou)`,
    ),
  );
  return null;
}
