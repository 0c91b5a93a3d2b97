// Random but reproducible test cases for comparing the engine with the GEOS oracle: zones with holes and parts, and sites of every kind.

import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

type Rand = () => number;
const M_PER_DEG_LAT = 110_950;

function offset([lon, lat]: Position, dxM: number, dyM: number): Position {
  const mPerDegLon = 111_320 * Math.cos((lat! * Math.PI) / 180);
  return [lon! + dxM / mPerDegLon, lat! + dyM / M_PER_DEG_LAT];
}

/** A star-shaped ring around a centre: radius in metres, n vertices, counter-clockwise. */
function starRing(c: Position, radiusM: number, n: number, rand: Rand, jag = 0.5): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = radiusM * (1 - jag / 2 + jag * rand());
    ring.push(offset(c, r * Math.cos(a), r * Math.sin(a)));
  }
  ring.push(ring[0]!);
  return ring;
}

function outerRings(g: Polygon | MultiPolygon): Position[][] {
  return g.type === 'Polygon' ? [g.coordinates[0]!] : g.coordinates.map((p) => p[0]!);
}

/**
 * Zones with an id from any polygon collection, made harder: every fifth zone gets a hole (a star ring
 * placed where the caller's `inside` test finds it wholly inside), and some pairs of zones become one
 * MultiPolygon. Neighbouring zones keep their shared boundaries.
 */
export function prepareZones(
  fc: FeatureCollection,
  inside: (p: Position, g: Polygon | MultiPolygon) => boolean,
  seed = 1,
): FeatureCollection<Polygon | MultiPolygon> {
  const rand = rng(seed);
  const zones: Feature<Polygon | MultiPolygon>[] = fc.features
    .filter((f) => f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'))
    .map((f, i) => ({
      type: 'Feature',
      properties: { id: `Z${String(i).padStart(3, '0')}` },
      geometry: structuredClone(f.geometry) as Polygon | MultiPolygon,
    }));
  zones.forEach((z, i) => {
    if (i % 5 !== 0 || z.geometry.type !== 'Polygon') return;
    // A hole of 300–1500 m radius around a point well inside (its whole ring must test inside).
    const ring = z.geometry.coordinates[0]!;
    const [minX, minY, maxX, maxY] = ring.reduce(
      (b, p) => [Math.min(b[0]!, p[0]!), Math.min(b[1]!, p[1]!), Math.max(b[2]!, p[0]!), Math.max(b[3]!, p[1]!)],
      [Infinity, Infinity, -Infinity, -Infinity],
    );
    for (let tries = 0; tries < 50; tries++) {
      const c: Position = [minX! + rand() * (maxX! - minX!), minY! + rand() * (maxY! - minY!)];
      const hole = starRing(c, 300 + rand() * 1200, 12, rand, 0.3);
      if (hole.every((p) => inside(p, z.geometry)) && inside(c, z.geometry)) {
        z.geometry.coordinates.push(hole.slice().reverse());
        break;
      }
    }
  });
  // Merge every seventh zone with the zone after next into a MultiPolygon (they may or may not touch).
  const merged: Feature<Polygon | MultiPolygon>[] = [];
  const used = new Set<number>();
  zones.forEach((z, i) => {
    if (used.has(i)) return;
    const j = i + 2;
    if (
      i % 7 === 3 &&
      j < zones.length &&
      !used.has(j) &&
      z.geometry.type === 'Polygon' &&
      zones[j]!.geometry.type === 'Polygon'
    ) {
      used.add(j);
      merged.push({
        ...z,
        geometry: {
          type: 'MultiPolygon',
          coordinates: [z.geometry.coordinates, (zones[j]!.geometry as Polygon).coordinates],
        },
      });
    } else merged.push(z);
  });
  return { type: 'FeatureCollection', features: merged };
}

/** Sites of every kind around the zones, including exact boundary cases (shared vertices and edges). */
export function generateSites(
  zones: FeatureCollection<Polygon | MultiPolygon>,
  n: number,
  seed = 2,
): FeatureCollection {
  const rand = rng(seed);
  const rings = zones.features.flatMap((z) => outerRings(z.geometry));
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const anchor = (): Position => {
    const r = pick(rings);
    const p = pick(r);
    const d = rand() < 0.5 ? rand() * 800 : rand() * 6000;
    const a = rand() * 2 * Math.PI;
    return offset(p, d * Math.cos(a), d * Math.sin(a));
  };
  const features: Feature[] = [];
  for (let i = 0; i < n; i++) {
    const id = `S${String(i).padStart(5, '0')}`;
    const u = rand();
    let geometry: Feature['geometry'];
    if (u < 0.03) {
      // Exactly on a zone vertex.
      geometry = { type: 'Point', coordinates: [...pick(pick(rings))] };
    } else if (u < 0.06) {
      // Along a zone edge and beyond.
      const r = pick(rings);
      const k = Math.floor(rand() * (r.length - 2));
      const a = r[k]!,
        b = r[k + 1]!;
      geometry = {
        type: 'LineString',
        coordinates: [[...a], [...b], offset(b, 200 * (rand() - 0.5), 200 * (rand() - 0.5))],
      };
    } else if (u < 0.09) {
      // A triangle on a zone edge, pointing either way: shares that edge.
      const r = pick(rings);
      const k = Math.floor(rand() * (r.length - 2));
      const a = r[k]!,
        b = r[k + 1]!;
      const mid: Position = [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2];
      const apex = offset(mid, 400 * (rand() - 0.5), 400 * (rand() - 0.5));
      geometry = { type: 'Polygon', coordinates: [[[...a], [...b], apex, [...a]]] };
    } else if (u < 0.4) {
      geometry = { type: 'Point', coordinates: anchor() };
    } else if (u < 0.6) {
      const start = anchor();
      const pts = [start];
      const steps = 1 + Math.floor(rand() * 15);
      const len = 100 + rand() * 1500;
      let heading = rand() * 2 * Math.PI;
      for (let k = 0; k < steps; k++) {
        heading += (rand() - 0.5) * 1.5;
        pts.push(offset(pts[pts.length - 1]!, len * Math.cos(heading), len * Math.sin(heading)));
      }
      geometry = { type: 'LineString', coordinates: pts };
    } else if (u < 0.9) {
      const c = anchor();
      const r = 50 + rand() * (rand() < 0.7 ? 1500 : 6000);
      const outer = starRing(c, r, 5 + Math.floor(rand() * 50), rand);
      const rings: Position[][] = [outer];
      if (rand() < 0.2) rings.push(starRing(c, r * 0.3, 8, rand, 0.2).reverse());
      geometry = { type: 'Polygon', coordinates: rings };
    } else {
      const k = rand();
      const c = anchor();
      if (k < 0.33) geometry = { type: 'MultiPoint', coordinates: [c, anchor(), offset(c, 300, 300)] };
      else if (k < 0.66)
        geometry = {
          type: 'MultiLineString',
          coordinates: [
            [c, offset(c, 500, 200)],
            [anchor(), offset(c, -800, 100)],
          ],
        };
      else
        geometry = {
          type: 'MultiPolygon',
          coordinates: [[starRing(c, 400, 10, rand)], [starRing(offset(c, 3000, 0), 600, 14, rand)]],
        };
    }
    features.push({ type: 'Feature', properties: { id }, geometry });
  }
  return { type: 'FeatureCollection', features };
}
