// Relations and measures on hand-made cases: holes, multipolygons, shared edges, corners, slivers, lines and points.
import { describe, expect, it } from 'vitest';
import type { Geometry, Position } from 'geojson';
import { PreparedPolygon } from '../../src/lib/check/preparedPolygon';
import * as polyclip from 'polyclip-ts';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { cropToBox, overlapPolygons, relate } from '../../src/lib/check/relate';
import { nationalUnits } from '../../scripts/bench/nationalUnits';
import { generateSites, prepareZones } from '../../scripts/oracle/generate';
import { isSiteError, prepareSite, type PreparedSite } from '../../src/lib/check/site';
import { problemText } from '../../src/lib/check/problems';
import { distanceWithinM } from '../../src/lib/check/distance';
import { geodesicM, polygonAreaM2, ringAreaM2 } from '../../src/lib/geo/ellipsoid';
import { box } from './support/geometry';

const hole = box(113.04, 34.04, 113.06, 34.06).reverse();
/** A 0.1° square with a hole, and a two-part multipolygon. */
const zone = new PreparedPolygon([[box(113, 34, 113.1, 34.1), hole]]);
const multi = new PreparedPolygon([[box(113.2, 34, 113.3, 34.1)], [box(113.4, 34, 113.5, 34.1)]]);

function site(g: Geometry): PreparedSite {
  const s = prepareSite(g);
  if (isSiteError(s)) throw new Error(problemText(s.refused, 'en'));
  return s;
}
const pt = (x: number, y: number) => site({ type: 'Point', coordinates: [x, y] });
const line = (...c: Position[]) => site({ type: 'LineString', coordinates: c });
const poly = (...rings: Position[][]) => site({ type: 'Polygon', coordinates: rings });

describe('points', () => {
  it('inside, on the edge, on a vertex, in the hole, on the hole boundary, outside', () => {
    expect(relate(pt(113.02, 34.02), zone).relation).toBe('inside');
    expect(relate(pt(113.05, 34), zone).relation).toBe('touches');
    expect(relate(pt(113.1, 34.1), zone).relation).toBe('touches');
    expect(relate(pt(113.05, 34.05), zone).relation).toBeNull();
    expect(relate(pt(113.04, 34.05), zone).relation).toBe('touches');
    expect(relate(pt(113.2, 34.05), zone).relation).toBeNull();
  });
  it('multipoints: partly inside overlaps, inside-or-on is inside, on-only touches', () => {
    const mp = (...c: Position[]) => site({ type: 'MultiPoint', coordinates: c });
    expect(relate(mp([113.02, 34.02], [113.5, 34.5]), zone).relation).toBe('overlaps');
    expect(relate(mp([113.02, 34.02], [113.0, 34.05]), zone).relation).toBe('inside');
    expect(relate(mp([113.0, 34.05], [113.1, 34.05]), zone).relation).toBe('touches');
  });
  it('finds either part of a multipolygon zone', () => {
    expect(relate(pt(113.45, 34.05), multi).relation).toBe('inside');
    expect(relate(pt(113.35, 34.05), multi).relation).toBeNull();
  });
});

describe('lines', () => {
  it('measures the length inside, leaving out the hole', () => {
    const r = relate(line([112.95, 34.05], [113.15, 34.05]), zone);
    expect(r.relation).toBe('overlaps');
    const expected = geodesicM([113, 34.05], [113.04, 34.05]) + geodesicM([113.06, 34.05], [113.1, 34.05]);
    expect(r.lengthInM).toBeCloseTo(expected, 3);
    expect(r.overlap.paths).toHaveLength(2);
  });
  it('a line wholly inside is inside, and all of its length counts', () => {
    const l = line([113.01, 34.01], [113.02, 34.09], [113.09, 34.09]);
    const r = relate(l, zone);
    expect(r.relation).toBe('inside');
    expect(r.lengthInM).toBeCloseTo(l.lengthM, 6);
  });
  it('a line along the boundary touches, and its shared length is measured', () => {
    const r = relate(line([113.02, 34], [113.08, 34]), zone);
    expect(r.relation).toBe('touches');
    expect(r.lengthInM).toBeCloseTo(geodesicM([113.02, 34], [113.08, 34]), 3);
  });
  it('a line meeting the boundary at one point touches with no length', () => {
    const r = relate(line([112.9, 33.9], [113, 34]), zone);
    expect(r.relation).toBe('touches');
    expect(r.lengthInM).toBe(0);
  });
});

describe('polygons', () => {
  const areaOf = (x0: number, y0: number, x1: number, y1: number) => ringAreaM2(box(x0, y0, x1, y1));
  it('inside, including when sharing an edge with the zone', () => {
    const r = relate(poly(box(113.01, 34.01, 113.03, 34.03)), zone);
    expect(r.relation).toBe('inside');
    expect(r.overlapM2).toBeCloseTo(areaOf(113.01, 34.01, 113.03, 34.03), 3);
    expect(relate(poly(box(113, 34, 113.03, 34.03)), zone).relation).toBe('inside');
  });
  it('overlaps with the shared area measured on the ellipsoid', () => {
    const r = relate(poly(box(113.08, 34.01, 113.12, 34.03)), zone);
    expect(r.relation).toBe('overlaps');
    expect(r.overlapM2).toBeCloseTo(areaOf(113.08, 34.01, 113.1, 34.03), 2);
  });
  it('covering the hole overlaps and the hole is not counted', () => {
    const r = relate(poly(box(113.03, 34.03, 113.07, 34.07)), zone);
    expect(r.relation).toBe('overlaps');
    expect(r.overlapM2).toBeCloseTo(areaOf(113.03, 34.03, 113.07, 34.07) - areaOf(113.04, 34.04, 113.06, 34.06), 2);
  });
  it('a site wholly in the hole is disjoint; one filling it exactly touches along the hole boundary', () => {
    expect(relate(poly(box(113.045, 34.045, 113.055, 34.055)), zone).relation).toBeNull();
    const r = relate(poly(box(113.04, 34.04, 113.06, 34.06)), zone);
    expect(r.relation).toBe('touches');
    const perimeter =
      geodesicM([113.04, 34.04], [113.06, 34.04]) +
      geodesicM([113.04, 34.06], [113.06, 34.06]) +
      2 * geodesicM([113.04, 34.04], [113.04, 34.06]);
    expect(r.lengthInM).toBeCloseTo(perimeter, 3);
  });
  it('abutting along an edge touches with the shared length; meeting at a corner touches with none', () => {
    const r = relate(poly(box(113.1, 34.02, 113.15, 34.05)), zone);
    expect(r.relation).toBe('touches');
    expect(r.overlapM2).toBe(0);
    expect(r.lengthInM).toBeCloseTo(geodesicM([113.1, 34.02], [113.1, 34.05]), 3);
    const c = relate(poly(box(113.1, 34.1, 113.2, 34.2)), zone);
    expect(c.relation).toBe('touches');
    expect(c.lengthInM).toBe(0);
  });
  it('a zone inside the site overlaps, with the zone area shared', () => {
    const r = relate(poly(box(113.19, 33.99, 113.31, 34.11)), multi);
    expect(r.relation).toBe('overlaps');
    expect(r.overlapM2).toBeCloseTo(areaOf(113.2, 34, 113.3, 34.1), 1);
  });
  it('reports a sliver overlap of a few square metres, not a touch', () => {
    const r = relate(poly(box(113.0999995, 34.02, 113.2, 34.05)), zone);
    expect(r.relation).toBe('overlaps');
    expect(r.overlapM2).toBeGreaterThan(0);
    expect(r.overlapM2).toBeLessThan(200);
  });
  it('normalises a bow-tie site to the area it covers', () => {
    const s = poly([
      [113.01, 34.01],
      [113.03, 34.03],
      [113.03, 34.01],
      [113.01, 34.03],
      [113.01, 34.01],
    ]);
    expect(s.areaM2).toBeCloseTo(areaOf(113.01, 34.01, 113.03, 34.03) / 2, -2);
    expect(relate(s, zone).relation).toBe('inside');
  });
});

describe('distance', () => {
  it('measures a point east of the zone to within a few centimetres of the geodesic', () => {
    const d = distanceWithinM(pt(113.105, 34.05), zone, 1000);
    expect(d).toBeCloseTo(geodesicM([113.105, 34.05], [113.1, 34.05]), 1);
  });
  it('returns Infinity beyond the limit', () => {
    expect(distanceWithinM(pt(113.2, 34.05), zone, 1000)).toBe(Infinity);
  });
  it('measures polygon to polygon and line to polygon within 0.2 % of the geodesic', () => {
    // Like the oracle, edges are straight in the site's transverse Mercator plane; along an 11 km zone
    // edge that chord sits up to ~1 m off the meridian, so the check is relative.
    const near = (d: number, g: number) => expect(Math.abs(d - g) / g).toBeLessThan(2e-3);
    near(
      distanceWithinM(poly(box(113.11, 34.02, 113.12, 34.03)), zone, 2000),
      geodesicM([113.11, 34.02], [113.1, 34.02]),
    );
    near(
      distanceWithinM(line([113.05, 34.11], [113.06, 34.12]), zone, 2000),
      geodesicM([113.05, 34.11], [113.05, 34.1]),
    );
  });
});

describe('invalid sites', () => {
  it('refuse with a typed problem, in both languages, rather than throwing', () => {
    const refused = (g: unknown) => {
      const s = prepareSite(g as Parameters<typeof prepareSite>[0]);
      if (!isSiteError(s)) throw new Error('accepted');
      return {
        code: s.refused.code,
        params: s.refused.params,
        en: problemText(s.refused, 'en'),
        zh: problemText(s.refused, 'zh'),
      };
    };
    expect(refused(null)).toMatchObject({ code: 'site-no-geometry', params: {}, en: 'site has no geometry' });
    expect(refused({ type: 'Point', coordinates: [Number.NaN, 1] }).en).toMatch(/invalid lon\/lat/);
    expect(refused({ type: 'Point', coordinates: [500, 1] })).toMatchObject({
      code: 'site-bad-coordinate',
      params: { coordinate: '[500,1]' },
      en: expect.stringMatching(/invalid lon\/lat/) as unknown as string,
    });
    expect(refused({ type: 'LineString', coordinates: [[1, 1]] }).en).toMatch(/fewer than 2/);
    const sliver = {
      type: 'Polygon',
      coordinates: [
        [
          [1, 1],
          [2, 2],
          [1, 1],
        ],
      ],
    };
    expect(refused(sliver).en).toMatch(/fewer than 4/);
    expect(refused({ type: 'GeometryCollection', geometries: [] }).en).toMatch(/not supported/);
    expect(refused({ type: 'MultiPoint', coordinates: [] }).en).toMatch(/empty/);
    // Every refusal has its Chinese message too, with no English left in it.
    for (const g of [null, { type: 'MultiPoint', coordinates: [] }, sliver])
      expect(refused(g).zh).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('buffer', () => {
  it('puts every outline point at the buffer distance from a point, and covers π r² within 0.2 %', async () => {
    const { bufferSite } = await import('../../src/lib/geo/buffer');
    const { areaM2 } = await import('../../src/lib/geo/ellipsoid');
    const b = bufferSite({ type: 'Point', coordinates: [113.62, 34.76] }, 500)!;
    expect(b.type).toBe('Polygon');
    for (const p of (b as { coordinates: Position[][] }).coordinates[0]!)
      expect(geodesicM(p, [113.62, 34.76])).toBeCloseTo(500, 1);
    // A 64-gon inscribed in the circle has 0.16 % less area than the circle.
    expect(areaM2(b) / (Math.PI * 500 * 500)).toBeGreaterThan(0.998);
    expect(areaM2(b) / (Math.PI * 500 * 500)).toBeLessThan(1);
  });
  it('buffers a line into one polygon whose width is twice the distance', async () => {
    const { bufferSite } = await import('../../src/lib/geo/buffer');
    const b = bufferSite(
      {
        type: 'LineString',
        coordinates: [
          [113.6, 34.76],
          [113.62, 34.76],
          [113.62, 34.78],
        ],
      },
      200,
    )!;
    expect(b.type).toBe('Polygon');
    const s = site(b);
    expect(relate(pt(113.61, 34.7615), s.polygon!).relation).toBe('inside');
    expect(relate(pt(113.61, 34.7625), s.polygon!).relation).toBeNull();
    expect(bufferSite({ type: 'Polygon', coordinates: [] }, 100)).toBeNull();
    expect(bufferSite({ type: 'Point', coordinates: [113.6, 34.7] }, 0)).toBeNull();
  });
});

describe('bboxOf', () => {
  it('bounds 300,000 positions without overflowing the stack', async () => {
    const { bboxOf } = await import('../../src/lib/geo/geometryWalk');
    const pts: Position[] = Array.from({ length: 300_000 }, (_, i) => [113 + (i % 1000) / 1e4, 34 + i / 1e7]);
    expect(() => Math.min(...pts.map((p) => p[0]!))).toThrow(RangeError);
    expect(bboxOf(pts)).toEqual([113, 34, 113.0999, 34 + 299_999 / 1e7]);
  });
});

describe('sites that share boundary with zones (regression: overlaps of up to 90× the site)', () => {
  /** A skewed quadrilateral zone, so that points computed on its edges are not exactly on them. */
  const quad: Position[] = [
    [113.1, 34.2],
    [113.37, 34.23],
    [113.41, 34.47],
    [113.13, 34.44],
    [113.1, 34.2],
  ];
  const zoneQ = new PreparedPolygon([[quad]]);
  /** A point on edge a→b at t, as a digitiser or GEOS computes it: a few ulp off the edge. */
  const on = (a: Position, b: Position, t: number): Position => [
    a[0]! + t * (b[0]! - a[0]!),
    a[1]! + t * (b[1]! - a[1]!),
  ];
  const ccw = (r: Position[]) => r;

  it('a piece cut from the zone along two of its edges overlaps it by its own area, never more', () => {
    const [a, b, c] = [quad[0]!, quad[1]!, quad[2]!];
    for (const t of [0.1, 0.3333333333333333, 0.7071067811865476, 0.9]) {
      const s = poly(ccw([on(a, b, t), b, on(b, c, t), on(a, b, t)]));
      const r = relate(s, zoneQ);
      expect(['inside', 'overlaps']).toContain(r.relation);
      expect(r.overlapM2).toBeLessThanOrEqual(s.areaM2 * (1 + 1e-9));
      expect(r.overlapM2).toBeGreaterThan(s.areaM2 * (1 - 1e-6));
    }
  });

  it('a site equal to the zone is inside it, with its whole area; a site equal to a hole only touches, along the hole ring', () => {
    const same = relate(poly(quad), zoneQ);
    expect(same.relation).toBe('inside');
    expect(same.overlapM2).toBeCloseTo(zoneQ.areaM2, 3);
    const h = relate(poly(hole.slice().reverse()), zone);
    expect(h.relation).toBe('touches');
    expect(h.overlapM2).toBe(0);
    expect(h.lengthInM).toBeCloseTo(
      hole.slice(1).reduce((sum, p, i) => sum + geodesicM(hole[i]!, p), 0),
      3,
    );
  });

  it('a zone minus a piece overlaps the zone by its own area and abuts the piece along their shared boundary', () => {
    const [a, b, c, d] = [quad[0]!, quad[1]!, quad[2]!, quad[3]!];
    const p = on(a, b, 0.37),
      q = on(c, d, 0.61);
    const left = poly([a, p, q, d, a]);
    const right = poly([p, b, c, q, p]);
    const rl = relate(left, zoneQ),
      rr = relate(right, zoneQ);
    // Each piece is inside the zone, with its own area. (Their sum is not the zone's area: the zone's edge a→b is one
    // geodesic, the pieces' a→p→b two, and p lies on the lon/lat line, not on that geodesic.)
    expect(rl.relation).toBe('inside');
    expect(rr.relation).toBe('inside');
    expect(rl.overlapM2).toBe(left.areaM2);
    expect(rr.overlapM2).toBe(right.areaM2);
    const touching = relate(left, right.polygon!);
    expect(touching.relation).toBe('touches');
    expect(touching.overlapM2).toBe(0);
    expect(touching.lengthInM).toBeCloseTo(geodesicM(p, q), 3);
  });

  it('a site over a junction of tiling units gets overlaps that sum to its own area', () => {
    const [a, b, c, d] = [quad[0]!, quad[1]!, quad[2]!, quad[3]!];
    const m = on(a, c, 0.4);
    const ab = on(a, b, 0.55),
      bc = on(b, c, 0.45),
      cd = on(c, d, 0.5);
    const units = [
      [a, ab, m, cd, d, a],
      [ab, b, bc, m, ab],
      [m, bc, c, cd, m],
    ].map((r) => new PreparedPolygon([[r]]));
    for (const r of [0.02, 0.05, 0.09]) {
      const ring: Position[] = Array.from({ length: 41 }, (_, k) => [
        m[0]! + r * Math.cos((k * Math.PI) / 20),
        m[1]! + r * Math.sin((k * Math.PI) / 20),
      ]);
      ring[40] = ring[0]!;
      const s = poly(ring);
      const sum = units.reduce((acc, u) => acc + relate(s, u).overlapM2, 0);
      expect(Math.abs(sum - s.areaM2) / s.areaM2).toBeLessThan(1e-7);
      for (const u of units) expect(relate(s, u).overlapM2).toBeLessThanOrEqual(Math.min(s.areaM2, u.areaM2));
    }
  });

  it('sites touching a zone at one vertex, or sharing an edge in either direction, measure no overlap', () => {
    const [a, b] = [quad[0]!, quad[1]!];
    const outside = poly([a, [113.2, 34.1], b, a]);
    const r = relate(outside, zoneQ);
    expect(r.relation).toBe('touches');
    expect(r.overlapM2).toBe(0);
    expect(r.lengthInM).toBeCloseTo(geodesicM(a, b), 3);
    const corner = relate(poly([quad[2]!, [113.5, 34.5], [113.45, 34.6], quad[2]!]), zoneQ);
    expect(corner.relation).toBe('touches');
    expect(corner.lengthInM).toBe(0);
  });

  it('a neighbour digitised along an edge, with vertices a few ulp off it, abuts along the whole edge (as GEOS snaps), not along the exact pieces only', () => {
    const [a, b] = [quad[0]!, quad[1]!];
    const along = [0.13, 0.37, 0.61, 0.89].map((t) => on(a, b, t));
    // Exactly, none of these vertices lies on a→b, so no piece of the neighbour's edge is collinear with the zone's.
    expect(along.some((v) => new PreparedPolygon([[quad]]).locate(v) !== 'on')).toBe(true);
    const neighbour = poly([a, [113.2, 34.1], b, ...along.slice().reverse(), a]);
    const r = relate(neighbour, zoneQ);
    expect(r.relation === 'touches' || r.relation === 'overlaps').toBe(true);
    // (Any overlap is the slivers between the zone's one 25 km geodesic and the neighbour's five, measured on the
    // ellipsoid as a GIS measures the intersection polygon: not asserted here.)
    expect(r.lengthInM).toBeCloseTo(
      along.reduce((sum, v, i) => sum + geodesicM(i ? along[i - 1]! : a, v), 0) + geodesicM(along[3]!, b),
      3,
    );
  });

  it('a neighbour shifted by one ulp still abuts along the shared edge, whichever side the shift puts it', () => {
    const right = [
      [113.1, 34],
      [113.2, 34],
      [113.2, 34.1],
      [113.1, 34.1],
      [113.1, 34],
    ];
    const ulp = 2 ** -46; // one ulp of 113.1
    const edge = geodesicM([113.1, 34], [113.1, 34.1]);
    for (const dx of [ulp, 0, -ulp]) {
      const r = relate(poly(right.map(([x, y]) => [x! + dx, y!])), zone);
      expect(r.lengthInM, `shift ${dx}`).toBeCloseTo(edge, 3);
      // Exactly: apart (no relation; the check reports it near), touching, or overlapping by a sliver of no area.
      expect(r.relation).toBe(dx > 0 ? null : dx === 0 ? 'touches' : 'overlaps');
      expect(r.overlapM2).toBeLessThan(1e-3);
    }
  });

  it('an overlap only a fraction of an ulp wide, where two edges cross next to a reflex vertex, still overlaps', () => {
    // A zone notched at v (a reflex corner, its interior below); the site's apex lies an ulp up and right of v, its
    // left edge running down the notch's left side so that both of its edges cross the notch's right side near the apex.
    const v: Position = [113.05, 34.05];
    const z = new PreparedPolygon([[[[113, 34], [113.1, 34], [113.1, 34.1], v, [113, 34.1], [113, 34]]]]);
    const apex: Position = [113.05 + 2 ** -46, 34.05 + 2 ** -47];
    const s = poly([apex, [113.1, 34.1 + 1e-9], [113.11, 34.2], [113, 34.2], [113, 34.1 + 1e-9], apex]);
    const r = relate(s, z);
    // The apex is inside the zone (right of the notch's right side, in the reflex corner): the site overlaps it there.
    expect(z.locate(apex)).toBe('in');
    expect(r.relation).toBe('overlaps');
    expect(r.overlapM2).toBeLessThan(1e-3);
  });
});

describe('shared polygons (overlapPolygons), cut to the site first', () => {
  it('equal the whole-zone clipping on units that tile, with holes and multipolygons, sites cut along their edges', () => {
    // 12 × 12 units with wiggled shared edges over a 6° box, made harder (holes, multipolygons), and sites around them.
    const { fc } = nationalUnits(12, 41);
    const zones = prepareZones(fc, (p, g) => booleanPointInPolygon(p, g), 7);
    expect(zones.features.some((z) => z.geometry.type === 'Polygon' && z.geometry.coordinates.length > 1)).toBe(true);
    expect(zones.features.some((z) => z.geometry.type === 'MultiPolygon')).toBe(true);
    const sites = generateSites(zones, 500, 11);
    const shapes = zones.features.map(
      (z) => new PreparedPolygon(z.geometry.type === 'Polygon' ? [z.geometry.coordinates] : z.geometry.coordinates),
    );
    const areaOf = (ps: Position[][][]) => ps.reduce((a, p) => a + polygonAreaM2(p), 0);
    let compared = 0,
      inside = 0;
    for (const f of sites.features) {
      const s = prepareSite(f.geometry);
      if (isSiteError(s) || s.kind !== 'polygon') continue;
      for (const z of shapes) {
        const r = relate(s, z);
        if (!r.relation || !(r.overlapM2 > 0)) continue;
        const whole = areaOf(
          polyclip.intersection(s.polygon!.polys as polyclip.Geom, z.polys as polyclip.Geom) as Position[][][],
        );
        const cut = areaOf(overlapPolygons(s.polygon!, z, r.relation));
        expect(Math.abs(cut - whole)).toBeLessThanOrEqual(Math.max(0.01, 1e-9 * whole));
        // And the shared polygons measure what the check reported.
        expect(Math.abs(cut - r.overlapM2)).toBeLessThanOrEqual(Math.max(1, 1e-6 * r.overlapM2));
        compared++;
        if (r.relation === 'inside') inside++;
      }
    }
    expect(compared).toBeGreaterThan(150);
    expect(inside).toBeGreaterThan(20);
  });

  it('crop a ring to a box: inside kept whole, outside dropped, crossing cut', () => {
    const sq = box(0, 0, 10, 10);
    expect(cropToBox([[sq]], [-1, -1, 11, 11])).toEqual([[sq]]);
    expect(cropToBox([[sq]], [20, 20, 30, 30])).toEqual([]);
    const cut = cropToBox([[sq, box(4, 4, 6, 6).reverse()]], [5, -1, 11, 11]);
    expect(cut).toHaveLength(1);
    expect(cut[0]).toHaveLength(2);
    expect(
      Math.abs(polygonAreaM2(cut[0]!) - polygonAreaM2([box(5, 0, 10, 10), box(5, 4, 6, 6).reverse()])),
    ).toBeLessThan(1);
  });
});
