// The one place measures become text: m², 公顷 (ha) and 亩 with the rounding every table and report uses, and the
// compact forms the lists use.

import type { Lang } from '../layers/manifest';
import { M2_PER_HA, M2_PER_MU } from '../geo/ellipsoid';

/** An area's figures: m² to 0.1, 公顷 to 0.0001, 亩 to 0.01 (as the EIA tables give them). */
export function areaFigures(m2: number): { m2: string; ha: string; mu: string } {
  return { m2: m2.toFixed(1), ha: (m2 / M2_PER_HA).toFixed(4), mu: (m2 / M2_PER_MU).toFixed(2) };
}

/** An area in m², 公顷 and 亩 joined by `sep`; '—' for none (zero, or not measured). */
export function areaTriple(m2: number, lang: Lang, sep = ' / '): string {
  if (!(m2 > 0)) return '—';
  const f = areaFigures(m2);
  return [`${f.m2} m²`, `${f.ha} ${lang === 'zh' ? '公顷' : 'ha'}`, `${f.mu} ${lang === 'zh' ? '亩' : 'mu'}`].join(sep);
}

/** An area for a list: m² below a hectare, 公顷 (ha) below a km², km² above. */
export function areaCompact(m2: number, lang: Lang): string {
  if (!(m2 > 0)) return '—';
  if (m2 < M2_PER_HA) return `${m2.toFixed(0)} m²`;
  if (m2 < 1e6) return `${(m2 / M2_PER_HA).toFixed(2)} ${lang === 'zh' ? '公顷' : 'ha'}`;
  return `${(m2 / 1e6).toFixed(2)} km²`;
}

/** A length for a list: m below a kilometre, km above. */
export function lengthCompact(m: number): string {
  if (!(m > 0)) return '—';
  return m < 1000 ? `${m.toFixed(0)} m` : `${(m / 1000).toFixed(2)} km`;
}

/** A length or a distance in metres, to 0.1 m (as the tables give it). */
export const metresFigure = (m: number): string => m.toFixed(1);

/** A share in per cent (given as a percentage), to 0.01 %. */
export const percentFigure = (pct: number): string => pct.toFixed(2);

/** A coordinate in degrees, to 1e-7° (about a centimetre), as reports list vertices and centroids. */
export const degreesFigure = (deg: number): string => deg.toFixed(7);
