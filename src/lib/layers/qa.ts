// The geometric part of an import's QA: rings repaired where the repair is certain (duplicate vertices, zero-width
// spikes, an unclosed ring), and, between features, control units that overlap or leave gaps inside the region they
// tile, and red-line patches not inside any unit. Candidate pairs come from a spatial index (near-linear in the number
// of units), never from all pairs; areas are ellipsoidal.

import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Position } from 'geojson';
import * as polyclip from 'polyclip-ts';
import { areaM2 } from '../geo/ellipsoid';
import { cleanRing, isClosed } from '../geo/rings';
import type { DataIssue } from './validateLayer';

type Rings = Position[][];

const at = (p: Position) => `${p[0]!.toFixed(6)}, ${p[1]!.toFixed(6)}`;

function polygonsOf(g: Geometry | null): Rings[] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
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
  const index = new Flatbush(items.length);
  for (const it of items) index.add(...it.box);
  index.finish();
  return { items, index };
}

const asGeom = (mp: Position[][][]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: mp });
const pc = (r: Rings[]) => r as unknown as polyclip.Geom;

/** A point of a clipped result to show where it is: its largest piece's first vertex. */
function placeOf(mp: Position[][][]): Position {
  return mp[0]?.[0]?.[0] ?? [0, 0];
}

/** Morton (Z-order) key of a box's centre within `world`: neighbours in space are mostly neighbours in the order. */
function zKey(box: Indexed['box'], world: Indexed['box']): number {
  const x = Math.floor((((box[0] + box[2]) / 2 - world[0]) / (world[2] - world[0] || 1)) * 65535);
  const y = Math.floor((((box[1] + box[3]) / 2 - world[1]) / (world[3] - world[1] || 1)) * 65535);
  let k = 0;
  for (let bit = 15; bit >= 0; bit--) k = k * 4 + (((x >> bit) & 1) << 1) + ((y >> bit) & 1);
  return k;
}

/** The union of the items, built pairwise along a Z-order curve so that each step joins neighbours; null if it fails. */
function unionOf(items: Indexed[]): Position[][][] | null {
  if (!items.length) return [];
  const world: Indexed['box'] = [
    Math.min(...items.map((i) => i.box[0])),
    Math.min(...items.map((i) => i.box[1])),
    Math.max(...items.map((i) => i.box[2])),
    Math.max(...items.map((i) => i.box[3])),
  ];
  let parts = [...items].sort((a, b) => zKey(a.box, world) - zKey(b.box, world)).map((i) => i.polys as Position[][][]);
  try {
    while (parts.length > 1) {
      const next: Position[][][][] = [];
      for (let k = 0; k < parts.length; k += 2)
        next.push(
          k + 1 < parts.length ? (polyclip.union(pc(parts[k]!), pc(parts[k + 1]!)) as Position[][][]) : parts[k]!,
        );
      parts = next;
    }
  } catch {
    return null;
  }
  return parts[0] ?? [];
}

/**
 * Control units that overlap (an area counted in two units) above `toleranceM2`, and gaps (holes of their union, inside
 * the region they cover) above it, with area and place. Warnings, not stops: a bureau cannot redraw its delivery, and
 * the check stays honest regardless (overlapping units fail its tiling invariant, a site in a gap is outside the
 * coverage, never clear).
 */
export function tilingProblems(layer: string, fc: FeatureCollection, idField: string, toleranceM2 = 1): DataIssue[] {
  const issues: DataIssue[] = [];
  const { items, index } = indexed(fc, idField);
  if (!index) return issues;
  for (let i = 0; i < items.length; i++) {
    const a = items[i]!;
    for (const j of index.search(...a.box)) {
      if (j <= i) continue;
      const b = items[j]!;
      let shared: Position[][][];
      try {
        shared = polyclip.intersection(pc(a.polys), pc(b.polys)) as Position[][][];
      } catch {
        continue; // a ring the validator refuses; reported there
      }
      if (!shared.length) continue;
      const m2 = areaM2(asGeom(shared));
      if (!(m2 > toleranceM2)) continue;
      issues.push({
        severity: 'warning',
        code: 'units-overlap',
        layer,
        feature: `${a.id} / ${b.id}`,
        message: {
          zh: `单元 ${a.id} 与 ${b.id} 重叠 ${m2.toFixed(1)} m²，位置约 ${at(placeOf(shared))}`,
          en: `units ${a.id} and ${b.id} overlap by ${m2.toFixed(1)} m² near ${at(placeOf(shared))}`,
        },
      });
    }
  }
  // Gaps: holes of the union.
  const union = unionOf(items);
  if (!union) {
    issues.push({
      severity: 'warning',
      code: 'gap-check-failed',
      layer,
      message: {
        zh: '单元间空隙检查未能完成（存在无法合并的几何）：空隙未经核实',
        en: 'the check for gaps between units could not finish (geometry that cannot be merged): gaps are unverified',
      },
    });
    return issues;
  }
  for (const poly of union)
    for (const hole of poly.slice(1)) {
      const m2 = areaM2({ type: 'Polygon', coordinates: [[...hole].reverse()] });
      if (!(m2 > toleranceM2)) continue;
      issues.push({
        severity: 'warning',
        code: 'units-gap',
        layer,
        message: {
          zh: `单元之间有 ${m2.toFixed(1)} m² 的空隙（不属于任何单元），位置约 ${at(hole[0]!)}`,
          en: `a gap of ${m2.toFixed(1)} m² between units (in no unit) near ${at(hole[0]!)}`,
        },
      });
    }
  return issues;
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
    issues.push({
      severity: 'warning',
      code: 'outside-units',
      layer,
      feature: patch.id,
      message: {
        zh: `${patch.id} 有 ${m2.toFixed(1)} m²（${((m2 / whole) * 100).toFixed(2)}%）不在任何管控单元内，位置约 ${at(placeOf(outside))}`,
        en: `${patch.id}: ${m2.toFixed(1)} m² (${((m2 / whole) * 100).toFixed(2)} %) lies in no control unit, near ${at(placeOf(outside))}`,
      },
    });
  }
  return issues;
}
