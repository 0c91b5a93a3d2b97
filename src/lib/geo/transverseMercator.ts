// Transverse Mercator on the ellipsoid by Krüger's series to sixth order in n (Karney 2011): the
// algorithm behind PROJ's tmerc and the Gauss-Krüger grids, accurate to nanometres within 4,000 km of the meridian.

export interface Ellipsoid {
  a: number;
  f: number;
}

export const WGS84_ELLIPSOID: Ellipsoid = { a: 6378137, f: 1 / 298.257223563 };
export const CGCS2000_ELLIPSOID: Ellipsoid = { a: 6378137, f: 1 / 298.257222101 };

export interface TmParams {
  ellipsoid: Ellipsoid;
  /** Central meridian, degrees. */
  lon0: number;
  k0: number;
  falseEasting: number;
  falseNorthing: number;
}

const RAD = Math.PI / 180;

/** The complex sum Σⱼ aⱼ sin 2j(ξ + iη), j = 1…, by Clenshaw's recurrence: four transcendental calls, not 4·J. */
const sum: [number, number] = [0, 0];
function sinSeries(a: number[], xi: number, eta: number, out: [number, number]): void {
  const s = Math.sin(2 * xi),
    c = Math.cos(2 * xi),
    sh = Math.sinh(2 * eta),
    ch = Math.cosh(2 * eta);
  // 2 cos 2z, with z = ξ + iη
  const ar = 2 * c * ch,
    ai = -2 * s * sh;
  let br = 0,
    bi = 0,
    br2 = 0,
    bi2 = 0;
  for (let j = a.length - 1; j >= 0; j--) {
    const tr = ar * br - ai * bi - br2 + a[j]!;
    const ti = ar * bi + ai * br - bi2;
    br2 = br;
    bi2 = bi;
    br = tr;
    bi = ti;
  }
  // b₁ · sin 2z
  const sr = s * ch,
    si = c * sh;
  out[0] = br * sr - bi * si;
  out[1] = br * si + bi * sr;
}

/** The real sum Σⱼ aⱼ sin 2jx, j = 1…, by Clenshaw's recurrence. */
function realSinSeries(a: number[], x: number): number {
  const r = 2 * Math.cos(2 * x);
  let b = 0,
    b2 = 0;
  for (let j = a.length - 1; j >= 0; j--) {
    const t = r * b - b2 + a[j]!;
    b2 = b;
    b = t;
  }
  return b * Math.sin(2 * x);
}

export class TransverseMercator {
  private readonly e: number;
  private readonly scale: number; // k0 · A, the rectifying radius scaled
  private readonly alpha: number[];
  private readonly beta: number[];
  /** Conformal → geodetic latitude: φ = χ + Σ γⱼ sin 2jχ (Krüger's series, as in Karney 2011 and Engsager & Poder). */
  private readonly gamma: number[];

  constructor(readonly p: TmParams) {
    const { a, f } = p.ellipsoid;
    const n = f / (2 - f);
    const n2 = n * n,
      n3 = n2 * n,
      n4 = n3 * n,
      n5 = n4 * n,
      n6 = n5 * n;
    this.e = Math.sqrt(f * (2 - f));
    this.scale = p.k0 * (a / (1 + n)) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
    this.alpha = [
      n / 2 - (2 * n2) / 3 + (5 * n3) / 16 + (41 * n4) / 180 - (127 * n5) / 288 + (7891 * n6) / 37800,
      (13 * n2) / 48 - (3 * n3) / 5 + (557 * n4) / 1440 + (281 * n5) / 630 - (1983433 * n6) / 1935360,
      (61 * n3) / 240 - (103 * n4) / 140 + (15061 * n5) / 26880 + (167603 * n6) / 181440,
      (49561 * n4) / 161280 - (179 * n5) / 168 + (6601661 * n6) / 7257600,
      (34729 * n5) / 80640 - (3418889 * n6) / 1995840,
      (212378941 * n6) / 319334400,
    ];
    this.beta = [
      n / 2 - (2 * n2) / 3 + (37 * n3) / 96 - n4 / 360 - (81 * n5) / 512 + (96199 * n6) / 604800,
      n2 / 48 + n3 / 15 - (437 * n4) / 1440 + (46 * n5) / 105 - (1118711 * n6) / 3870720,
      (17 * n3) / 480 - (37 * n4) / 840 - (209 * n5) / 4480 + (5569 * n6) / 90720,
      (4397 * n4) / 161280 - (11 * n5) / 504 - (830251 * n6) / 7257600,
      (4583 * n5) / 161280 - (108847 * n6) / 3991680,
      (20648693 * n6) / 638668800,
    ];
    this.gamma = [
      2 * n - (2 * n2) / 3 - 2 * n3 + (116 * n4) / 45 + (26 * n5) / 45 - (2854 * n6) / 675,
      (7 * n2) / 3 - (8 * n3) / 5 - (227 * n4) / 45 + (2704 * n5) / 315 + (2323 * n6) / 945,
      (56 * n3) / 15 - (136 * n4) / 35 - (1262 * n5) / 105 + (73814 * n6) / 2835,
      (4279 * n4) / 630 - (332 * n5) / 35 - (399572 * n6) / 14175,
      (4174 * n5) / 315 - (144838 * n6) / 6237,
      (601676 * n6) / 22275,
    ];
  }

  /** lon/lat (degrees) → [easting, northing] in metres. */
  forward(lon: number, lat: number): [number, number] {
    const phi = lat * RAD;
    const lam = (lon - this.p.lon0) * RAD;
    const s = Math.sin(phi);
    const t = Math.sinh(Math.atanh(s) - this.e * Math.atanh(this.e * s));
    const xiP = Math.atan2(t, Math.cos(lam));
    const etaP = Math.atanh(Math.sin(lam) / Math.sqrt(1 + t * t));
    sinSeries(this.alpha, xiP, etaP, sum);
    return [this.p.falseEasting + this.scale * (etaP + sum[1]), this.p.falseNorthing + this.scale * (xiP + sum[0])];
  }

  /** [easting, northing] in metres → lon/lat (degrees). */
  inverse(x: number, y: number): [number, number] {
    const xi = (y - this.p.falseNorthing) / this.scale;
    const eta = (x - this.p.falseEasting) / this.scale;
    sinSeries(this.beta, xi, eta, sum);
    const xiP = xi - sum[0];
    const etaP = eta - sum[1];
    const chi = Math.asin(Math.sin(xiP) / Math.cosh(etaP));
    const lam = Math.atan2(Math.sinh(etaP), Math.cos(xiP));
    const phi = chi + realSinSeries(this.gamma, chi);
    return [this.p.lon0 + lam / RAD, phi / RAD];
  }
}

/** A metric plane around a point, for distances: scale error under 1e-7 within 50 km. */
export function localMetric(lon0: number): TransverseMercator {
  return new TransverseMercator({ ellipsoid: WGS84_ELLIPSOID, lon0, k0: 1, falseEasting: 0, falseNorthing: 0 });
}
