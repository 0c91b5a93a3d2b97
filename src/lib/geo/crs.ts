// Coordinate reference systems a planner's file may use: WGS84, CGCS2000 geographic, CGCS2000
// Gauss-Krüger 3° and 6° zones (with or without the zone prefix on the easting), GCJ-02 and BD-09.

import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02';
import { CGCS2000_ELLIPSOID, TransverseMercator } from './transverseMercator';

export type Crs =
  | { kind: 'geographic'; epsg: 4326 | 4490; name: string }
  | { kind: 'gk'; width: 3 | 6; zone: number; prefixed: boolean; epsg: number; name: string }
  | { kind: 'gcj02'; name: string }
  | { kind: 'bd09'; name: string };

export const WGS84: Crs = { kind: 'geographic', epsg: 4326, name: 'WGS 84 (EPSG:4326)' };
export const CGCS2000: Crs = { kind: 'geographic', epsg: 4490, name: 'CGCS2000 (EPSG:4490)' };

/** Zones of the CGCS2000 Gauss-Krüger grids that EPSG defines: 3° zones 25–45, 6° zones 13–23. */
export function gkCrs(width: 3 | 6, zone: number, prefixed: boolean): Crs | null {
  if (width === 3 && (zone < 25 || zone > 45)) return null;
  if (width === 6 && (zone < 13 || zone > 23)) return null;
  const epsg = width === 3 ? (prefixed ? 4513 : 4534) + zone - 25 : (prefixed ? 4491 : 4502) + zone - 13;
  const cm = width === 3 ? 3 * zone : 6 * zone - 3;
  return {
    kind: 'gk',
    width,
    zone,
    prefixed,
    epsg,
    name: `CGCS2000 / ${width}-degree Gauss-Kruger ${prefixed ? `zone ${zone}` : `CM ${cm}E`} (EPSG:${epsg})`,
  };
}

export function centralMeridian(c: Extract<Crs, { kind: 'gk' }>): number {
  return c.width === 3 ? 3 * c.zone : 6 * c.zone - 3;
}

/** The CRS an EPSG code names, when it is one of the above. */
export function crsFromEpsg(epsg: number): Crs | null {
  if (epsg === 4326) return WGS84;
  if (epsg === 4490) return CGCS2000;
  if (epsg >= 4513 && epsg <= 4533) return gkCrs(3, epsg - 4513 + 25, true);
  if (epsg >= 4534 && epsg <= 4554) return gkCrs(3, epsg - 4534 + 25, false);
  if (epsg >= 4491 && epsg <= 4501) return gkCrs(6, epsg - 4491 + 13, true);
  if (epsg >= 4502 && epsg <= 4512) return gkCrs(6, epsg - 4502 + 13, false);
  return null;
}

/** A CRS as a user names it: EPSG:4547, 4547, gcj02, bd09, wgs84, cgcs2000. */
export function parseCrs(spec: string): Crs | null {
  const s = spec.trim().toLowerCase();
  if (s === 'gcj02' || s === 'gcj-02') return { kind: 'gcj02', name: 'GCJ-02' };
  if (s === 'bd09' || s === 'bd-09') return { kind: 'bd09', name: 'BD-09' };
  if (s === 'wgs84' || s === 'wgs 84') return WGS84;
  if (s === 'cgcs2000') return CGCS2000;
  const m = /^(?:epsg:)?(\d{4,5})$/.exec(s);
  return m ? crsFromEpsg(Number(m[1])) : null;
}

/** The zone an easting's integer prefix names (8-digit eastings: 2-digit zone + 6 digits), or null. */
export function zoneFromEasting(easting: number): { width: 3 | 6; zone: number } | null {
  if (!Number.isFinite(easting) || easting < 10_000_000 || easting >= 100_000_000) return null;
  const zone = Math.floor(easting / 1_000_000);
  if (zone >= 13 && zone <= 23) return { width: 6, zone };
  if (zone >= 25 && zone <= 45) return { width: 3, zone };
  return null;
}

/**
 * The CRS an ESRI .prj (WKT1) describes: the projection's name when it is a CGCS2000 GK zone,
 * otherwise its central meridian and false easting; GEOGCS alone means geographic.
 */
export function crsFromPrj(wkt: string): Crs | null {
  const text = wkt.replace(/\s+/g, ' ');
  const epsg = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\s*\]\s*$/i.exec(text);
  if (epsg) {
    const c = crsFromEpsg(Number(epsg[1]));
    if (c) return c;
  }
  const isCgcs = /CGCS[_ ]?2000|China[_ ]Geodetic[_ ]Coordinate[_ ]System[_ ]2000|2000国家大地坐标系/i.test(text);
  if (!/^PROJCS/i.test(text.trim())) {
    if (/^GEOGCS/i.test(text.trim())) return isCgcs ? CGCS2000 : /WGS[_ ]?(19)?84/i.test(text) ? WGS84 : null;
    return null;
  }
  if (!/Transverse_Mercator|Gauss_Kruger|Gauss-Kruger/i.test(text) || !isCgcs) return null;
  const param = (name: string) => {
    const m = new RegExp(`PARAMETER\\["${name}",\\s*(-?[\\d.]+)\\]`, 'i').exec(text);
    return m ? Number(m[1]) : null;
  };
  const cm = param('Central_Meridian');
  const fe = param('False_Easting');
  if (cm === null || fe === null) return null;
  const prefixed = fe > 1_000_000;
  // The name says 3° or 6°; else a prefixed false easting's zone number does; else a central meridian
  // on a 3° zone is taken as one (without a prefix, a 6° zone on the same meridian projects identically).
  let width: 3 | 6 | null = /6[_ ]Degree|6度/i.test(text) ? 6 : /3[_ ]Degree|3度/i.test(text) ? 3 : null;
  if (!width && prefixed) width = Math.round((fe - 500_000) / 1_000_000) <= 23 ? 6 : 3;
  if (!width) width = cm % 3 === 0 ? 3 : 6;
  const zone = width === 3 ? cm / 3 : (cm + 3) / 6;
  if (!Number.isInteger(zone)) return null;
  if (prefixed && Math.round((fe - 500_000) / 1_000_000) !== zone) return null;
  return gkCrs(width, zone, prefixed);
}

const X_PI = (Math.PI * 3000) / 180;

function gcj02ToBd09([lon, lat]: [number, number]): [number, number] {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** BD-09 → WGS84 through GCJ-02, each inverse iterated to well under a millimetre. */
export function bd09ToWgs84(p: [number, number]): [number, number] {
  let g: [number, number] = [p[0] - 0.0065, p[1] - 0.006];
  for (let i = 0; i < 30; i++) {
    const b = gcj02ToBd09(g);
    const dx = b[0] - p[0],
      dy = b[1] - p[1];
    g = [g[0] - dx, g[1] - dy];
    if (Math.abs(dx) < 1e-10 && Math.abs(dy) < 1e-10) break;
  }
  return gcj02ToWgs84(g);
}

export function wgs84ToBd09(p: [number, number]): [number, number] {
  return gcj02ToBd09(wgs84ToGcj02(p));
}

const gkCache = new Map<number, TransverseMercator>();

function gkProjection(c: Extract<Crs, { kind: 'gk' }>): TransverseMercator {
  let tm = gkCache.get(c.epsg);
  if (!tm) {
    tm = new TransverseMercator({
      ellipsoid: CGCS2000_ELLIPSOID,
      lon0: centralMeridian(c),
      k0: 1,
      falseEasting: 500_000 + (c.prefixed ? c.zone * 1_000_000 : 0),
      falseNorthing: 0,
    });
    gkCache.set(c.epsg, tm);
  }
  return tm;
}

/**
 * A coordinate in the CRS (x east/longitude, y north/latitude) as WGS84/CGCS2000 lon/lat.
 * CGCS2000 and WGS84 coincide within centimetres, so geographic CGCS2000 passes unchanged.
 */
export function toLonLat(c: Crs, x: number, y: number): [number, number] {
  switch (c.kind) {
    case 'geographic':
      return [x, y];
    case 'gcj02':
      return gcj02ToWgs84([x, y]);
    case 'bd09':
      return bd09ToWgs84([x, y]);
    case 'gk':
      return gkProjection(c).inverse(x, y);
  }
}

export function fromLonLat(c: Crs, lon: number, lat: number): [number, number] {
  switch (c.kind) {
    case 'geographic':
      return [lon, lat];
    case 'gcj02':
      return wgs84ToGcj02([lon, lat]);
    case 'bd09':
      return wgs84ToBd09([lon, lat]);
    case 'gk':
      return gkProjection(c).forward(lon, lat);
  }
}

export function crsLabel(c: Crs): string {
  return c.kind === 'geographic' || c.kind === 'gk' ? `EPSG:${c.epsg}` : c.kind;
}
