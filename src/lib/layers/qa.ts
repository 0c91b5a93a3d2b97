// The geometric part of an import's QA: rings repaired where the repair is certain (duplicate vertices, zero-width
// spikes, an unclosed ring), and, between features, control units that overlap or leave gaps inside the region they
// tile, and red-line patches not inside any unit. Candidate pairs come from a spatial index (near-linear in the number
// of units), never from all pairs; areas are ellipsoidal.

import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Position } from 'geojson';
import * as polyclip from 'polyclip-ts';
import { areaM2 } from '../geo/ellipsoid';
import { cleanRing, isClosed } from '../geo/rings';
import { PreparedPolygon } from '../check/preparedPolygon';
import { overlapPolygons, relate } from '../check/relate';
import { isSiteError, prepareSite } from '../check/site';
import type { DataIssue } from './validateLayer';

type Rings = Position[][];

const at = (p: Position) => `${p[0]!.toFixed(6)}, ${p[1]!.toFixed(6)}`;
const xy = (p: Position): [number, number] => [p[0]!, p[1]!];

function polygonsOf(g: Geometry | null): Rings[] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

/** Whether a ring has a vertex equal to the one before it, or to the one two before (A, B, A): what cleanRing drops. */
function repeatsOrSpikes(ring: Position[]): boolean {
  for (let i = 1; i < ring.length; i++) {
    const p = ring[i]!,
      q = ring[i - 1]!;
    if (p[0] === q[0] && p[1] === q[1]) return true;
    if (i >= 2 && p[0] === ring[i - 2]![0] && p[1] === ring[i - 2]![1]) return true;
  }
  return false;
}

/**
 * Repairs each ring where the repair is certain: repeated consecutive vertices dropped, zero-width spikes (A, B, A)
 * removed, an unclosed ring closed. Each repair is a warning naming the feature, the place and what was done; a ring
 * that would not survive (fewer than three distinct vertices) is left for the validator to refuse.
 */
export function repairRings(
  layer: string,
  fc: FeatureCollection,
  idField: string,
): { fc: FeatureCollection; issues: DataIssue[] } {
  const issues: DataIssue[] = [];
  const features = fc.features.map((f, index): Feature => {
    const id = String(f.properties?.[idField] ?? `#${index + 1}`);
    const fix = (ring: Position[], outer: boolean): Position[] => {
      const usable =
        Array.isArray(ring) &&
        ring.length >= 3 &&
        ring.every((p) => Number.isFinite(p?.[0]) && Number.isFinite(p?.[1]));
      if (!usable) return ring;
      const closed = isClosed(ring);
      if (closed && !repeatsOrSpikes(ring)) return ring; // the common case, checked without copying the ring
      const cleaned = cleanRing(ring, outer);
      if (!cleaned) return ring;
      const removed = (closed ? ring.length : ring.length + 1) - cleaned.length;
      if (removed === 0 && closed) return ring;
      issues.push({
        severity: 'warning',
        code: 'ring-repaired',
        layer,
        feature: id,
        message: {
          zh: `已修复：${closed ? '' : '闭合了未闭合的环；'}${removed > 0 ? `删除 ${removed} 个重复点或尖刺点` : ''}，位置约 ${at(ring[0]!)}`,
          en: `repaired: ${closed ? '' : 'closed an unclosed ring; '}${removed > 0 ? `removed ${removed} repeated or spike vertices` : ''} near ${at(ring[0]!)}`,
        },
        at: xy(ring[0]!),
      });
      return cleaned;
    };
    const g = f.geometry;
    if (g?.type === 'Polygon')
      return { ...f, geometry: { ...g, coordinates: g.coordinates.map((r, i) => fix(r, i === 0)) } };
    if (g?.type === 'MultiPolygon')
      return { ...f, geometry: { ...g, coordinates: g.coordinates.map((p) => p.map((r, i) => fix(r, i === 0))) } };
    return f;
  });
  return { fc: { ...fc, features }, issues };
}

interface Indexed {
  id: string;
  polys: Rings[];
  box: [number, number, number, number];
}

function indexed(fc: FeatureCollection, idField: string): { items: Indexed[]; index: Flatbush | null } {
  const items: Indexed[] = [];
  fc.features.forEach((f, i) => {
    const polys = polygonsOf(f.geometry);
    if (!polys.length) return;
    let w = Infinity,
      s = Infinity,
      e = -Infinity,
      n = -Infinity;
    for (const p of polys)
      for (const q of p[0] ?? []) {
        w = Math.min(w, q[0]!);
        s = Math.min(s, q[1]!);
        e = Math.max(e, q[0]!);
        n = Math.max(n, q[1]!);
      }
    if (!Number.isFinite(w)) return;
    items.push({ id: String(f.properties?.[idField] ?? `#${i + 1}`), polys, box: [w, s, e, n] });
  });
  if (!items.length) return { items, index: null };
  return { items, index: boxIndex(items) };
}

function boxIndex(items: { box: [number, number, number, number] }[]): Flatbush {
  const index = new Flatbush(items.length);
  for (const it of items) index.add(...it.box);
  index.finish();
  return index;
}

/**
 * A control unit for the tiling check: its id, and its polygons' rings as flat [x0, y0, x1, y1, …] arrays in lon/lat,
 * as delivered (either winding, closed or not, repeated vertices and spikes not yet removed: the check does not depend
 * on them). Made from GeoJSON (tilingProblems) or straight from FlatGeobuf bytes without a GeoJSON copy (flatGeobufUnits, loadLayer.ts).
 */
export interface TilingUnit {
  id: string;
  polys: Float64Array[][];
}

interface FlatItem extends TilingUnit {
  box: [number, number, number, number];
}

function flatItems(units: TilingUnit[]): FlatItem[] {
  const items: FlatItem[] = [];
  for (const u of units) {
    let w = Infinity,
      s = Infinity,
      e = -Infinity,
      n = -Infinity;
    for (const rings of u.polys) {
      const shell = rings[0];
      if (!shell) continue;
      for (let k = 0; k + 1 < shell.length; k += 2) {
        const x = shell[k]!,
          y = shell[k + 1]!;
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      }
    }
    if (Number.isFinite(w) && Number.isFinite(s)) items.push({ ...u, box: [w, s, e, n] });
  }
  return items;
}

/** A GeoJSON layer's units for the tiling check, named by `idOf`. */
export function unitsOf(fc: FeatureCollection, idOf: (f: Feature, index: number) => string): TilingUnit[] {
  return fc.features.map((f, i) => ({
    id: idOf(f, i),
    polys: polygonsOf(f.geometry).map((rings) =>
      rings.map((r) => {
        const flat = new Float64Array(r.length * 2);
        r.forEach((p, k) => {
          flat[k * 2] = Number(p?.[0]);
          flat[k * 2 + 1] = Number(p?.[1]);
        });
        return flat;
      }),
    ),
  }));
}

/** A flat ring as positions, repaired as repairRings repairs it and wound as RFC 7946 asks; null if nothing is left. */
function ringPositions(flat: Float64Array, outer: boolean): Position[] | null {
  const ring: Position[] = [];
  for (let k = 0; k + 1 < flat.length; k += 2) ring.push([flat[k]!, flat[k + 1]!]);
  return ring.length >= 3 ? cleanRing(ring, outer) : null;
}

const asGeom = (mp: Position[][][]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: mp });
const pc = (r: Rings[]) => r as unknown as polyclip.Geom;

/** A point of a clipped result to show where it is: its largest piece's first vertex. */
function placeOf(mp: Position[][][]): Position {
  return mp[0]?.[0]?.[0] ?? [0, 0];
}

/**
 * The directed edges of all rings that have no reverse twin (a shared boundary run the other way by the neighbour).
 * Rings are read as wound for RFC 7946 (shells counter-clockwise, holes clockwise) whatever their stored winding, closed
 * whether stored closed or not; repeated vertices give no edge, and a spike's two edges cancel each other.
 * An open-addressing hash table over the edges' exact coordinates: linear, and light on memory at millions of edges.
 */
function unmatchedEdges(items: FlatItem[]): { a: Position; b: Position; unit: number }[] {
  let n = 0;
  for (const it of items) for (const poly of it.polys) for (const ring of poly) n += ring.length >> 1;
  const xy = new Float64Array(n * 4);
  const unit = new Int32Array(n);
  let e = 0;
  for (let u = 0; u < items.length; u++)
    for (const poly of items[u]!.polys)
      for (let r = 0; r < poly.length; r++) {
        const f = poly[r]!;
        let m = f.length >> 1;
        if (m < 2) continue;
        if (f[0] === f[(m - 1) * 2] && f[1] === f[(m - 1) * 2 + 1]) m--; // stored closed
        let twice = 0;
        for (let k = 0; k < m; k++) {
          const j = k + 1 === m ? 0 : k + 1;
          twice += f[k * 2]! * f[j * 2 + 1]! - f[j * 2]! * f[k * 2 + 1]!;
        }
        const reverse = r === 0 ? twice < 0 : twice > 0;
        for (let k = 0; k < m; k++) {
          const j = k + 1 === m ? 0 : k + 1;
          const p = reverse ? j : k,
            q = reverse ? k : j;
          const ax = f[p * 2]!,
            ay = f[p * 2 + 1]!,
            bx = f[q * 2]!,
            by = f[q * 2 + 1]!;
          if (ax === bx && ay === by) continue;
          xy[e * 4] = ax;
          xy[e * 4 + 1] = ay;
          xy[e * 4 + 2] = bx;
          xy[e * 4 + 3] = by;
          unit[e++] = u;
        }
      }
  const size = 1 << Math.ceil(Math.log2(Math.max(16, e * 2)));
  const table = new Int32Array(size).fill(-1); // edge index, -1 empty, -2 removed
  const matched = new Uint8Array(e);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const mix = (h: number, v: number) => {
    bits[0] = v;
    h = Math.imul(h ^ words[0]!, 0x9e3779b1);
    return Math.imul(h ^ words[1]!, 0x85ebca77) ^ (h >>> 15);
  };
  // The hash of the undirected edge: its endpoints in a fixed order, so that an edge and its reverse meet.
  const hash = (i: number) => {
    const o = i * 4;
    const ax = xy[o]!,
      ay = xy[o + 1]!,
      bx = xy[o + 2]!,
      by = xy[o + 3]!;
    const h =
      ax < bx || (ax === bx && ay < by)
        ? mix(mix(mix(mix(0x811c9dc5, ax), ay), bx), by)
        : mix(mix(mix(mix(0x811c9dc5, bx), by), ax), ay);
    // murmur3's finaliser: every input bit reaches the low bits the table uses.
    let f = h ^ (h >>> 16);
    f = Math.imul(f, 0x85ebca6b);
    f ^= f >>> 13;
    f = Math.imul(f, 0xc2b2ae35);
    return (f ^ (f >>> 16)) & (size - 1);
  };
  const reverseOf = (i: number, j: number) =>
    xy[i * 4] === xy[j * 4 + 2] &&
    xy[i * 4 + 1] === xy[j * 4 + 3] &&
    xy[i * 4 + 2] === xy[j * 4] &&
    xy[i * 4 + 3] === xy[j * 4 + 1];
  for (let i = 0; i < e; i++) {
    let slot = hash(i);
    let free = -1;
    for (;;) {
      const j = table[slot]!;
      if (j === -1) break;
      if (j === -2) {
        if (free < 0) free = slot;
      } else if (!matched[j] && reverseOf(i, j)) {
        matched[i] = matched[j] = 1;
        table[slot] = -2;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
    if (!matched[i]) table[free >= 0 ? free : slot] = i;
  }
  const out: { a: Position; b: Position; unit: number }[] = [];
  for (let i = 0; i < e; i++)
    if (!matched[i]) out.push({ a: [xy[i * 4]!, xy[i * 4 + 1]!], b: [xy[i * 4 + 2]!, xy[i * 4 + 3]!], unit: unit[i]! });
  return out;
}

/** Metres per degree of longitude and latitude near `lat` (for areas of gap rings, which need no more precision). */
const scale = (lat: number) => [111_320 * Math.cos((lat * Math.PI) / 180), 110_574] as const;

/**
 * Control units that overlap (an area counted in two units) above `toleranceM2`, and gaps (holes in the region they
 * tile) above it, with area and place. In a clean tiling every edge inside the region is shared by two units, run in
 * opposite directions; only edges without such a twin can border an overlap or a gap. So: (1) edges are matched with
 * their twins (linear); (2) the unmatched edges, grouped where they connect, enclose the region (counter-clockwise,
 * positive area) or a gap (clockwise, negative area); (3) only pairs of neighbouring units that both have unmatched
 * edges are measured for overlap, with the check engine's own exact overlap area.
 * Warnings, not stops: a bureau cannot redraw its delivery, and a check stays honest regardless (overlapping units
 * fail its tiling invariant; a site in a gap lies outside the coverage, never clear).
 */
export function tilingProblems(layer: string, fc: FeatureCollection, idField: string, toleranceM2 = 1): DataIssue[] {
  return unitTilingProblems(
    layer,
    unitsOf(fc, (f, i) => String(f.properties?.[idField] ?? `#${i + 1}`)),
    toleranceM2,
  );
}

/** tilingProblems on units as flat rings (from GeoJSON, or straight from a FlatGeobuf). */
export function unitTilingProblems(layer: string, units: TilingUnit[], toleranceM2 = 1): DataIssue[] {
  const issues: DataIssue[] = [];
  const items = flatItems(units);
  if (!items.length) return issues;
  const index = boxIndex(items);
  // (1) Directed edges by their exact coordinates; an edge and its reverse cancel.
  const edges = unmatchedEdges(items);

  // (2) Unmatched edges grouped by shared vertices (union-find); each group's shoelace sum is its enclosed area.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    // Full path compression: every vertex on the way now points at the root.
    for (let v = x; v !== r;) {
      const next = parent.get(v)!;
      parent.set(v, r);
      v = next;
    }
    return r;
  };
  const join = (x: string, y: string) => {
    for (const v of [x, y]) if (!parent.has(v)) parent.set(v, v);
    const rx = find(x),
      ry = find(y);
    if (rx !== ry) parent.set(rx, ry);
  };
  const parsed: [Position, Position, string, number][] = [];
  for (const { a, b, unit } of edges) {
    const va = `${a[0]},${a[1]}`;
    join(va, `${b[0]},${b[1]}`);
    parsed.push([a, b, va, unit]);
  }
  const groups = new Map<string, { twice: number; first: Position; lat: number; units: Set<number> }>();
  for (const [a, b, va, unit] of parsed) {
    const root = find(va);
    const g = groups.get(root) ?? { twice: 0, first: a, lat: a[1]!, units: new Set<number>() };
    g.twice += a[0]! * b[1]! - b[0]! * a[1]!;
    g.units.add(unit);
    groups.set(root, g);
  }
  // The region's outline: the largest group, and any other of the same orientation at least 1 % its size (a second
  // part of the region, as Jiyuan beside Zhengzhou). Everything else borders a gap or an overlap.
  const largest = [...groups.values()].reduce(
    (m, g) => (Math.abs(g.twice) > Math.abs(m?.twice ?? 0) ? g : m),
    null as null | { twice: number },
  );
  const outline = (g: { twice: number }) =>
    !!largest && Math.sign(g.twice) === Math.sign(largest.twice) && Math.abs(g.twice) >= 0.01 * Math.abs(largest.twice);
  const open = new Set<number>();
  for (const g of groups.values()) if (!outline(g)) for (const u of g.units) open.add(u);
  for (const g of groups.values()) {
    if (outline(g) || Math.sign(g.twice) === Math.sign(largest!.twice)) continue; // outline, or an overlap's border
    const [mx, my] = scale(g.lat);
    const m2 = (Math.abs(g.twice) / 2) * mx * my;
    if (!(m2 > toleranceM2)) continue;
    issues.push({
      severity: 'warning',
      code: 'units-gap',
      layer,
      message: {
        zh: `单元之间有约 ${m2.toFixed(1)} m² 的空隙（不属于任何单元），位置约 ${at(g.first)}`,
        en: `a gap of about ${m2.toFixed(1)} m² between units (in no unit) near ${at(g.first)}`,
      },
      at: xy(g.first),
    });
  }
  // (3) Overlaps, only for pairs of neighbours of which one borders something other than the outline.
  const prepared = new Map<number, { site: ReturnType<typeof prepareSite>; shape: PreparedPolygon }>();
  const prep = (u: number) => {
    let p = prepared.get(u);
    if (!p) {
      const polys: Position[][][] = [];
      for (const rings of items[u]!.polys) {
        const shell = rings[0] && ringPositions(rings[0], true);
        if (!shell) continue;
        const holes = rings.slice(1).map((h) => ringPositions(h, false));
        polys.push([shell, ...holes.filter((h): h is Position[] => h !== null)]);
      }
      p = { site: prepareSite({ type: 'MultiPolygon', coordinates: polys }), shape: new PreparedPolygon(polys) };
      prepared.set(u, p);
    }
    return p;
  };
  const pairs = new Set<string>();
  for (const u of open)
    for (const v of index.search(...items[u]!.box)) {
      // Each pair once, named in delivery order.
      const [i, j] = u < v ? [u, v] : [v, u];
      if (i === j || pairs.has(`${i}:${j}`)) continue;
      pairs.add(`${i}:${j}`);
      const a = items[i]!;
      const b = items[j]!;
      const pa = prep(i).site;
      if (isSiteError(pa)) continue; // refused by the validator
      let m2: number;
      try {
        m2 = relate(pa, prep(j).shape).overlapM2;
      } catch {
        continue;
      }
      if (!(m2 > toleranceM2)) continue;
      const place = overlapPlace(prep(i).shape, prep(j).shape);
      issues.push({
        severity: 'warning',
        code: 'units-overlap',
        layer,
        feature: `${a.id} / ${b.id}`,
        message: {
          zh: `单元 ${a.id} 与 ${b.id} 重叠 ${m2.toFixed(1)} m²，位置约 ${at(place)}`,
          en: `units ${a.id} and ${b.id} overlap by ${m2.toFixed(1)} m² near ${at(place)}`,
        },
        at: xy(place),
      });
    }
  return issues;
}

/** Where two units overlap: the first vertex of their clipped overlap, else the centre of their shared box. */
function overlapPlace(a: PreparedPolygon, b: PreparedPolygon): Position {
  try {
    const p = overlapPolygons(a, b)[0]?.[0]?.[0];
    if (p) return p;
  } catch {
    // fall through to the box
  }
  return [
    (Math.max(a.bbox[0], b.bbox[0]) + Math.min(a.bbox[2], b.bbox[2])) / 2,
    (Math.max(a.bbox[1], b.bbox[1]) + Math.min(a.bbox[3], b.bbox[3])) / 2,
  ];
}

/** Red-line patches (or any protected zones) not inside the control units: the part outside, above `toleranceM2`. */
export function outsideUnits(
  layer: string,
  zones: FeatureCollection,
  zoneIdField: string,
  units: FeatureCollection,
  unitIdField: string,
  toleranceM2 = 1,
): DataIssue[] {
  const issues: DataIssue[] = [];
  const u = indexed(units, unitIdField);
  const z = indexed(zones, zoneIdField);
  for (const patch of z.items) {
    const near = u.index ? u.index.search(...patch.box).map((k) => u.items[k]!.polys) : [];
    let outside: Position[][][];
    try {
      outside = (near.length ? polyclip.difference(pc(patch.polys), ...near.map(pc)) : patch.polys) as Position[][][];
    } catch {
      continue;
    }
    const m2 = areaM2(asGeom(outside));
    if (!(m2 > toleranceM2)) continue;
    const whole = areaM2(asGeom(patch.polys as Position[][][]));
    const place = placeOf(outside);
    issues.push({
      severity: 'warning',
      code: 'outside-units',
      layer,
      feature: patch.id,
      message: {
        zh: `${patch.id} 有 ${m2.toFixed(1)} m²（${((m2 / whole) * 100).toFixed(2)}%）不在任何管控单元内，位置约 ${at(place)}`,
        en: `${patch.id}: ${m2.toFixed(1)} m² (${((m2 / whole) * 100).toFixed(2)} %) lies in no control unit, near ${at(place)}`,
      },
      at: xy(place),
    });
  }
  return issues;
}
