// Exact rational arithmetic for the rare boundary piece whose float test point lies too near the other boundary to trust.

import type { PreparedPolygon } from './preparedPolygon';

/** Every finite double is an integer multiple of 2^-1074; scaled by 2^1074 it is an exact BigInt. */
const SCALE_BITS = 1074n;
const view = new DataView(new ArrayBuffer(8));

export function toBig(x: number): bigint {
  if (x === 0) return 0n;
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp = -1074;
  if (biased !== 0) {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  const v = mant << (BigInt(exp) + SCALE_BITS);
  return hi >>> 31 ? -v : v;
}

/** A rational number n/d with d > 0. */
export interface Ratio {
  n: bigint;
  d: bigint;
}

const ratio = (n: bigint, d: bigint): Ratio => (d < 0n ? { n: -n, d: -d } : { n, d });

/** Twice the signed area of a, b, c in scaled units (> 0 counter-clockwise), exactly. */
function orientBig(ax: bigint, ay: bigint, bx: bigint, by: bigint, cx: bigint, cy: bigint): bigint {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** How a point on edge p→q came about, so its parameter along the edge can be recomputed exactly. */
export type ExactPoint =
  { kind: 'vertex'; x: number; y: number } | { kind: 'cross'; cx: number; cy: number; dx: number; dy: number };

/** The exact parameter t (p + t(q − p)) of a vertex on edge p→q, or of the crossing of p→q with c→d. */
export function exactParam(px: number, py: number, qx: number, qy: number, at: ExactPoint): Ratio {
  const Px = toBig(px),
    Py = toBig(py),
    Qx = toBig(qx),
    Qy = toBig(qy);
  if (at.kind === 'vertex') {
    if (at.x === px && at.y === py) return { n: 0n, d: 1n };
    if (at.x === qx && at.y === qy) return { n: 1n, d: 1n };
    const Vx = toBig(at.x),
      Vy = toBig(at.y);
    const ex = Qx - Px,
      ey = Qy - Py;
    return ratio((Vx - Px) * ex + (Vy - Py) * ey, ex * ex + ey * ey);
  }
  const Cx = toBig(at.cx),
    Cy = toBig(at.cy),
    Dx = toBig(at.dx),
    Dy = toBig(at.dy);
  const o3 = orientBig(Cx, Cy, Dx, Dy, Px, Py);
  const o4 = orientBig(Cx, Cy, Dx, Dy, Qx, Qy);
  return ratio(o3, o3 - o4);
}

/**
 * The exact location in `poly` of the point halfway (in parameter) between t0 and t1 on edge p→q.
 * `near` is a float approximation of that point, used only to pick the candidate edges.
 */
export function exactLocateBetween(
  poly: PreparedPolygon,
  px: number,
  py: number,
  qx: number,
  qy: number,
  t0: Ratio,
  t1: Ratio,
  near: [number, number],
): 'in' | 'on' | 'out' {
  // M = p + tm (q − p), tm = (t0 + t1) / 2, as (Mx, My) / D in scaled units.
  const N = t0.n * t1.d + t1.n * t0.d;
  const D = 2n * t0.d * t1.d;
  const Px = toBig(px),
    Py = toBig(py);
  const Mx = Px * D + N * (toBig(qx) - Px);
  const My = Py * D + N * (toBig(qy) - Py);
  // Candidate edges: any that may reach the rightward ray from M; the float point is within far less than this margin of M.
  const margin = 1e-9 * (1 + Math.abs(near[0]) + Math.abs(near[1]));
  let inside = false;
  let on = false;
  poly.forEdges(near[0] - margin, near[1] - margin, poly.bbox[2] + margin, near[1] + margin, (ax, ay, bx, by) => {
    const Ax = toBig(ax),
      Ay = toBig(ay),
      Bx = toBig(bx),
      By = toBig(by);
    // orient(A, B, M) · D, with D > 0.
    const o = (Bx - Ax) * (My - Ay * D) - (By - Ay) * (Mx - Ax * D);
    if (o === 0n) {
      const within = (a: bigint, b: bigint, m: bigint) => (a < b ? a * D <= m && m <= b * D : b * D <= m && m <= a * D);
      if (within(Ax, Bx, Mx) && within(Ay, By, My)) {
        on = true;
        return true;
      }
    }
    const aBelow = Ay * D <= My,
      bBelow = By * D <= My;
    if (aBelow && !bBelow && o > 0n) inside = !inside;
    else if (bBelow && !aBelow && o < 0n) inside = !inside;
    return false;
  });
  return on ? 'on' : inside ? 'in' : 'out';
}

/**
 * The sign of the plane area of a closed ring given as flat x, y pairs (the last pair joins the first), exactly:
 * 1 counter-clockwise, -1 clockwise, 0 when it encloses nothing. For rings whose float shoelace sum is rounding noise.
 */
export function exactRingSign(xy: readonly number[]): -1 | 0 | 1 {
  const n = xy.length >> 1;
  if (n < 3) return 0;
  // Relative to the first vertex: smaller products, the same sum.
  const x0 = toBig(xy[0]!),
    y0 = toBig(xy[1]!);
  let sum = 0n;
  let px = 0n,
    py = 0n;
  for (let i = 1; i < n; i++) {
    const x = toBig(xy[2 * i]!) - x0,
      y = toBig(xy[2 * i + 1]!) - y0;
    sum += px * y - x * py;
    px = x;
    py = y;
  }
  return sum > 0n ? 1 : sum < 0n ? -1 : 0;
}
