// The drawing's coordinate system: the user's choice checked against the coordinates, else guessed from them (and said).

import { CGCS2000, zoneFromEasting, type Crs } from '../../geo/crs';
import { issue, type ImportIssue } from '../types';
import { surveyCoordinates } from '../surveyCoordinates';
import { controlPoints } from './geometry';
import type { Item, XY } from './model';

export function hasControlBytes(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 9) return true;
  return false;
}

export const looksNorthing = (v: number) => v >= 1_000_000 && v < 10_000_000;
export const looksLonLat = ([x, y]: XY) => x >= 73 && x <= 136 && y >= 3 && y <= 54;

export function decideCrs(items: Item[], chosen: Crs | null, issues: ImportIssue[]): Crs | null {
  const pts = items.flatMap((it) => controlPoints(it.shape));
  const prefixes = pts.map(([x]) => zoneFromEasting(x));
  const allPrefixed = prefixes.every((z) => z !== null);
  if (chosen) {
    if (chosen.kind === 'gk') {
      if (allPrefixed !== chosen.prefixed) {
        issues.push(
          issue(
            'error',
            'prefix-mismatch',
            `所选坐标系 ${chosen.name} ${chosen.prefixed ? '要求' : '不应'}在 X（东坐标）前带带号，而图中的 X 坐标${allPrefixed ? '带' : '不都带'}带号`,
            `the chosen CRS ${chosen.name} ${chosen.prefixed ? 'expects' : 'does not expect'} the zone prefix on X (the easting), but the drawing's X values ${allPrefixed ? 'have' : 'do not all have'} it`,
          ),
        );
        return null;
      }
      const other = prefixes.find((z) => z && z.zone !== chosen.zone);
      if (chosen.prefixed && other) {
        issues.push(
          issue(
            'error',
            'zone-mismatch',
            `所选坐标系为 ${chosen.zone} 带，而图中 X 坐标的带号为 ${other.zone}`,
            `the chosen CRS is zone ${chosen.zone} but the drawing's X values carry zone ${other.zone}`,
          ),
        );
        return null;
      }
    } else if (!pts.every(([x, y]) => Math.abs(x) <= 180 && Math.abs(y) <= 90)) {
      issues.push(
        issue(
          'error',
          'coordinate-out-of-range',
          `图中坐标超出经纬度范围，不能按 ${chosen.name} 读取（是否应选投影坐标系？）`,
          `the drawing's coordinates exceed lon/lat ranges and cannot be read in ${chosen.name} (a projected CRS?)`,
        ),
      );
      return null;
    }
    return chosen;
  }
  const survey = surveyCoordinates(pts);
  // A drawing's northings (China: 2,000–6,000 km) must look like northings too before its X prefixes are believed.
  if (survey.allPrefixed && pts.every(([, y]) => looksNorthing(y))) {
    if (!survey.prefixedCrs) {
      const zones = survey.zones.map((z) => z.zone);
      issues.push(
        issue(
          'error',
          'mixed-zones',
          `X 坐标的带号不一致：${zones.join('、')}`,
          `the X values carry different zone prefixes: ${zones.join(', ')}`,
        ),
      );
      return null;
    }
    const z = survey.zones[0]!;
    const crs = survey.prefixedCrs;
    issues.push(
      issue(
        'warning',
        'dxf-crs-guessed',
        `DXF 不记录坐标系；X 坐标带带号 ${z.zone}，按 ${crs.name} 读取，如有误请选择正确的坐标系`,
        `DXF records no CRS; the X values carry zone prefix ${z.zone}, so the drawing was read as ${crs.name}; choose the CRS if that is wrong`,
      ),
    );
    return crs;
  }
  if (survey.chinaLonLat) {
    issues.push(
      issue(
        'warning',
        'dxf-crs-guessed',
        'DXF 不记录坐标系；坐标像经纬度，按 CGCS2000 经纬度（EPSG:4490）读取，如有误请选择正确的坐标系',
        'DXF records no CRS; the coordinates look like longitude/latitude, so the drawing was read as CGCS2000 geographic (EPSG:4490); choose the CRS if that is wrong',
      ),
    );
    return CGCS2000;
  }
  const unprefixed = pts.every(([x, y]) => x >= 100_000 && x < 1_000_000 && looksNorthing(y));
  const swapped = pts.every(
    ([x, y]) => looksNorthing(x) && (zoneFromEasting(y) !== null || (y >= 100_000 && y < 1_000_000)),
  );
  const hint = unprefixed
    ? {
        zh: '坐标像不带带号的高斯-克吕格坐标',
        en: 'the coordinates look like Gauss-Kruger coordinates without the zone prefix',
      }
    : swapped
      ? {
          zh: 'X、Y 似乎颠倒（CAD 中 X 为东坐标、Y 为北坐标）',
          en: 'X and Y look swapped (in CAD, X is the easting and Y the northing)',
        }
      : {
          zh: '坐标不像经纬度或带带号的高斯-克吕格坐标（可能是独立坐标系）',
          en: 'the coordinates look like neither lon/lat nor prefixed Gauss-Kruger (a local grid?)',
        };
  issues.push(
    issue(
      'error',
      'crs-required',
      `DXF 不记录坐标系，${hint.zh}：请选择图纸所用的坐标系，如郑州用 EPSG:4547（CGCS2000 3 度带，中央经线 114°，不带带号），济源西部可能为 EPSG:4546（中央经线 111°）`,
      `DXF records no CRS and ${hint.en}: choose the drawing's CRS, e.g. EPSG:4547 for Zhengzhou (CGCS2000 3° zone, central meridian 114°E, no zone prefix); western Jiyuan may use EPSG:4546 (central meridian 111°E)`,
    ),
  );
  return null;
}
