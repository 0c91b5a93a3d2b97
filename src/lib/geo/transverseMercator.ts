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

export class TransverseMercator {
  private readonly e: number;
  private readonly scale: number; // k0 · A, the rectifying radius scaled
  private readonly alpha: number[];
  private readonly beta: number[];

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
  }

  /** lon/lat (degrees) → [easting, northing] in metres. */
  forward(lon: number, lat: number): [number, number] {
    const phi = lat * RAD;
    const lam = (lon - this.p.lon0) * RAD;
    const s = Math.sin(phi);
    const t = Math.sinh(Math.atanh(s) - this.e * Math.atanh(this.e * s));
    const xiP = Math.atan2(t, Math.cos(lam));
    const etaP = Math.atanh(Math.sin(lam) / Math.sqrt(1 + t * t));
    let xi = xiP;
    let eta = etaP;
    for (let j = 1; j <= 6; j++) {
      const a = this.alpha[j - 1]!;
      xi += a * Math.sin(2 * j * xiP) * Math.cosh(2 * j * etaP);
      eta += a * Math.cos(2 * j * xiP) * Math.sinh(2 * j * etaP);
    }
    return [this.p.falseEasting + this.scale * eta, this.p.falseNorthing + this.scale * xi];
  }

  /** [easting, northing] in metres → lon/lat (degrees). */
  inverse(x: number, y: number): [number, number] {
    const xi = (y - this.p.falseNorthing) / this.scale;
    const eta = (x - this.p.falseEasting) / this.scale;
    let xiP = xi;
    let etaP = eta;
    for (let j = 1; j <= 6; j++) {
      const b = this.beta[j - 1]!;
      xiP -= b * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
      etaP -= b * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
    }
    const chi = Math.asin(Math.sin(xiP) / Math.cosh(etaP));
    const lam = Math.atan2(Math.sinh(etaP), Math.cos(xiP));
    // Conformal latitude χ → geodetic latitude φ by fixed-point iteration (converges in a few steps).
    let phi = chi;
    for (let i = 0; i < 15; i++) {
      const es = this.e * Math.sin(phi);
      const next =
        2 * Math.atan(Math.tan(Math.PI / 4 + chi / 2) * Math.pow((1 + es) / (1 - es), this.e / 2)) - Math.PI / 2;
      if (Math.abs(next - phi) < 1e-15) {
        phi = next;
        break;
      }
      phi = next;
    }
    return [this.p.lon0 + lam / RAD, phi / RAD];
  }
}

/** A metric plane around a point, for distances: scale error under 1e-7 within 50 km. */
export function localMetric(lon0: number): TransverseMercator {
  return new TransverseMercator({ ellipsoid: WGS84_ELLIPSOID, lon0, k0: 1, falseEasting: 0, falseNorthing: 0 });
}
