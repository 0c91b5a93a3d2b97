// GCJ-02 conversion: agreement with an independent implementation (gcoord), inverse precision, and a pinned offset.
import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { gcj02ToWgs84, isInChina, wgs84ToGcj02 } from '../../src/lib/geo/gcj02';
import { geodesicDistanceM } from './support/geodesic';

function rng(seed: number) {
  return () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('GCJ-02', () => {
  it('matches gcoord forward on 2,000 points across China', () => {
    const r = rng(7);
    for (let i = 0; i < 2000; i++) {
      const p: [number, number] = [75 + r() * 60, 18 + r() * 35];
      const ours = wgs84ToGcj02(p);
      const theirs = gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as [number, number];
      expect(Math.abs(ours[0] - theirs[0])).toBeLessThan(1e-9);
      expect(Math.abs(ours[1] - theirs[1])).toBeLessThan(1e-9);
    }
  });

  it('inverts to within 1 mm, where the one-step inverse misses by metres', () => {
    const r = rng(11);
    let worstOneStep = 0;
    for (let i = 0; i < 2000; i++) {
      const w: [number, number] = [111.9 + r() * 2.5, 34.1 + r() * 1.3];
      const g = wgs84ToGcj02(w);
      expect(geodesicDistanceM(gcj02ToWgs84(g), w)).toBeLessThan(0.001);
      const back = wgs84ToGcj02(g);
      worstOneStep = Math.max(worstOneStep, geodesicDistanceM([2 * g[0] - back[0], 2 * g[1] - back[1]], w));
    }
    expect(worstOneStep).toBeGreaterThan(0.01);
  });

  it('shifts Zhengzhou by about +556 m east and -125 m north (independently measured offset)', () => {
    const w: [number, number] = [113.665, 34.757];
    const g = wgs84ToGcj02(w);
    const east = geodesicDistanceM(w, [g[0], w[1]]) * Math.sign(g[0] - w[0]);
    const north = geodesicDistanceM(w, [w[0], g[1]]) * Math.sign(g[1] - w[1]);
    expect(east).toBeGreaterThan(536);
    expect(east).toBeLessThan(576);
    expect(north).toBeGreaterThan(-145);
    expect(north).toBeLessThan(-105);
  });

  it('leaves coordinates outside China unchanged', () => {
    expect(isInChina([2.35, 48.85])).toBe(false);
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85]);
    expect(gcj02ToWgs84([-74, 40.7])).toEqual([-74, 40.7]);
  });
});
