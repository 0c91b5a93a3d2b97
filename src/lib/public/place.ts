// For the public map: what protects a place (every zone at a point, across all layers, strongest protection first, in plain
// words) and a protected area's own page (outline, area, sub-zones, rules, source). Pure; runs in the check worker.

import type { Geometry, Position } from 'geojson';
import { checkSite, type Hit, type HitRule } from '../check/checkSite';
import type { Dataset, LayerState } from '../check/dataset';
import type { RuleBook } from '../rules/ruleBook';
import { STRENGTH_RANK } from '../rules/verdict';
import type { Strength } from '../rules/model';
import { polygonAreaM2 } from '../geo/ellipsoid';
import type { PreparedPolygon } from '../check/preparedPolygon';
import { bboxOf, positions } from '../geo/geometryWalk';

export interface PlaceRule {
  id: string;
  strength: Strength;
  text: { zh: string; en: string };
  cite: string;
  /** Applies only to some kinds of project (named in projectTypes). */
  someProjects: boolean;
  projectTypes: string[];
}

export interface PlaceZone {
  layer: string;
  zone: string;
  name: string;
  props: Record<string, unknown>;
  /** The strongest rule the zone carries for anything built in it; null when it carries none (context layers). */
  strongest: Strength | null;
  /** Up to two sentences of what is not allowed, strongest first. */
  headline: PlaceRule[];
  rules: number;
  illustrative: boolean;
}

export interface PlaceResult {
  lng: number;
  lat: number;
  zones: PlaceZone[];
  /** The point lies outside the area the data describes: an empty list then means "unknown", not "unprotected". */
  outside: boolean;
  /** Layers that failed to load: their zones cannot be listed. */
  missing: LayerState[];
}

/** Order among equally strong protections: the stricter kind of area first. */
const LAYER_ORDER = [
  'eco-redline',
  'nature-reserve',
  'water-source',
  'ecu',
  'eco-corridor',
  'admin-district',
  'admin-city',
];

const toRule = (r: HitRule): PlaceRule => ({
  id: r.id,
  strength: r.strength,
  text: r.text,
  cite: r.cite,
  someProjects: r.applies === null,
  projectTypes: r.projectTypes,
});

function strongestOf(rules: HitRule[]): Strength | null {
  let best: Strength | null = null;
  for (const r of rules) if (!best || STRENGTH_RANK[r.strength] > STRENGTH_RANK[best]) best = r.strength;
  return best;
}

/** Rules ranked for a reader: strength, then rules for every project before those for some, then the order they came in. */
function ranked(rules: HitRule[]): HitRule[] {
  return rules
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        STRENGTH_RANK[b.r.strength] - STRENGTH_RANK[a.r.strength] ||
        Number(a.r.applies === null) - Number(b.r.applies === null) ||
        a.i - b.i,
    )
    .map((x) => x.r);
}

function placeZone(h: Hit): PlaceZone {
  const rules = ranked(h.rules);
  return {
    layer: h.layer,
    zone: h.zone,
    name: h.name,
    props: h.props,
    strongest: strongestOf(h.rules),
    headline: rules
      .filter((r) => r.strength !== 'allowed')
      .slice(0, 2)
      .map(toRule),
    rules: h.rules.length,
    illustrative: h.illustrative,
  };
}

const layerRank = (id: string) => {
  const i = LAYER_ORDER.indexOf(id);
  return i < 0 ? LAYER_ORDER.length : i;
};

export function protectionsAt(lng: number, lat: number, ds: Dataset, book: RuleBook): PlaceResult {
  const r = checkSite('place', { type: 'Point', coordinates: [lng, lat] }, ds, book, { nearM: 0, projectTypes: null });
  const zones = r.hits
    .filter((h) => h.relation !== 'near')
    .map(placeZone)
    .sort(
      (a, b) =>
        (b.strongest ? STRENGTH_RANK[b.strongest] : 0) - (a.strongest ? STRENGTH_RANK[a.strongest] : 0) ||
        layerRank(a.layer) - layerRank(b.layer) ||
        a.name.localeCompare(b.name, 'zh'),
    );
  return {
    lng,
    lat,
    zones,
    outside: r.coverage.status === 'none' || r.coverage.status === 'partial',
    missing: ds.layers.filter((l) => l.status === 'failed' || l.status === 'empty'),
  };
}

export interface ZoneInfo {
  layer: string;
  zone: string;
  name: string;
  props: Record<string, unknown>;
  geometry: Geometry;
  bbox: [number, number, number, number];
  areaM2: number;
  /** The other zones of the same protected area (same group attribute), with their class and area. */
  group: {
    name: string;
    members: { zone: string; name: string; props: Record<string, unknown>; areaM2: number }[];
  } | null;
  /** Every rule for a project inside the zone, strongest first. */
  rules: PlaceRule[];
  illustrative: boolean;
}

/**
 * A point strictly inside a polygon: the middle of the widest inside stretch of a horizontal line through the middle of
 * the largest part (then a few other heights), checked with the exact point location.
 */
export function interiorPoint(shape: PreparedPolygon): Position | null {
  for (const part of [...shape.polys].sort((a, b) => Math.abs(polygonAreaM2(b)) - Math.abs(polygonAreaM2(a)))) {
    const [, lo, , hi] = bboxOf(part[0]!);
    for (const f of [0.5, 0.37, 0.63, 0.21, 0.79, 0.1, 0.9]) {
      const y = lo + (hi - lo) * f;
      const xs: number[] = [];
      for (const ring of part)
        for (let i = 0; i + 1 < ring.length; i++) {
          const [ax, ay] = ring[i]!,
            [bx, by] = ring[i + 1]!;
          if (ay! <= y !== by! <= y) xs.push(ax! + ((y - ay!) / (by! - ay!)) * (bx! - ax!));
        }
      xs.sort((a, b) => a - b);
      let best: Position | null = null,
        width = 0;
      for (let i = 0; i + 1 < xs.length; i += 2)
        if (xs[i + 1]! - xs[i]! > width) {
          width = xs[i + 1]! - xs[i]!;
          best = [(xs[i]! + xs[i + 1]!) / 2, y];
        }
      if (best && shape.locate(best) === 'in') return best;
    }
  }
  return null;
}

/** A protected area's page; null when no such zone is loaded. */
export function zoneInfo(layer: string, id: string, ds: Dataset, book: RuleBook, groupField?: string): ZoneInfo | null {
  const z = ds.zones.get(layer, id);
  if (!z) return null;
  // The rules of a project inside: those the engine finds for a point inside this zone (scope filters and the zone's own
  // requirement fields alike), taken from a check of the zone's own label point.
  const inner = interiorPoint(z.shape);
  let rules: HitRule[] = [];
  if (inner) {
    const r = checkSite('zone', { type: 'Point', coordinates: inner }, ds, book, { nearM: 0, projectTypes: null });
    rules = r.hits.find((h) => h.layer === layer && h.zone === id)?.rules ?? [];
  }
  const groupName = groupField ? z.props[groupField] : undefined;
  const members =
    typeof groupName === 'string' && groupName
      ? ds.zones.zones
          .filter((o) => o.layer === layer && o.props[groupField!] === groupName)
          .map((o) => ({ zone: o.id, name: o.name, props: o.props, areaM2: o.shape.areaM2 }))
      : [];
  const state = ds.layers.find((l) => l.id === layer);
  return {
    layer,
    zone: id,
    name: z.name,
    props: z.props,
    geometry: z.geometry,
    bbox: bboxOf(positions(z.geometry)),
    areaM2: z.shape.areaM2,
    group: members.length > 1 ? { name: groupName as string, members } : null,
    rules: ranked(rules).map(toRule),
    illustrative: z.props['status'] !== 'official' || !!state?.illustrative,
  };
}
