// GCJ-02 (the obfuscated datum of Chinese web maps) to and from WGS84/CGCS2000 lon/lat.
//
// The forward transform is the published GCJ-02 algorithm (Krasovsky ellipsoid constants).
// The inverse has no closed form; it is solved by fixed-point iteration to better than 1 mm,
// where the common one-step inverse is off by 1-2 m.

export type LonLat = [number, number];

const A = 6378245.0; // Krasovsky 1940 semi-major axis, as the algorithm defines it
const EE = 0.006693421622965943; // its first eccentricity squared

/** GCJ-02 only applies inside mainland China; outside it coordinates are left as they are. */
export function isInChina([lon, lat]: LonLat): boolean {
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

function transformLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function transformLon(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

/** WGS84 → GCJ-02. */
export function wgs84ToGcj02(p: LonLat): LonLat {
  const [lon, lat] = p;
  if (!isInChina(p)) return [lon, lat];
  let dLat = transformLat(lon - 105.0, lat - 35.0);
  let dLon = transformLon(lon - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** GCJ-02 → WGS84, iterated until the forward transform reproduces the input within ~1e-9° (0.1 mm). */
export function gcj02ToWgs84(p: LonLat): LonLat {
  if (!isInChina(p)) return [p[0], p[1]];
  let lon = p[0];
  let lat = p[1];
  for (let i = 0; i < 30; i++) {
    const [gLon, gLat] = wgs84ToGcj02([lon, lat]);
    const dLon = gLon - p[0];
    const dLat = gLat - p[1];
    lon -= dLon;
    lat -= dLat;
    if (Math.abs(dLon) < 1e-10 && Math.abs(dLat) < 1e-10) break;
  }
  return [lon, lat];
}
