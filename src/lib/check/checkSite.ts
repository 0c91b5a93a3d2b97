// The conflict check for one site: hits with relations and measures, the rules they bring, coverage, and the verdict.

import type { Geometry } from 'geojson';
import type { Relation, Strength } from '../rules/model';
import type { RuleBook } from '../rules/ruleBook';
import { typeMatches } from '../rules/projectTypes';
import { decideVerdict, STRENGTH_RANK, type Verdict } from '../rules/verdict';
import { M2_PER_HA, M2_PER_MU } from '../geo/ellipsoid';
import type { Dataset } from './dataset';
import { degreesFor, distanceWithinM } from './distance';
import { clippedAreaM2, relate, type Relate } from './relate';
import { robustnessStats } from './robustness';
import { problem, problemText, type Problem } from './problems';
import { isSiteError, prepareSite, type PreparedSite } from './site';

export interface CheckOptions {
  /** Zones within this many metres (and not intersecting) are reported as "near". */
  nearM: number;
  /** Per-layer near distances overriding nearM. */
  nearByLayer?: Record<string, number>;
  /** Resolved project-type ids, or null when the type is unknown. */
  projectTypes: Set<string> | null;
  projectLabel?: string;
}

export interface HitRule {
  id: string;
  source: string;
  dimension: string;
  strength: Strength;
  projectTypes: string[];
  exceptTypes?: string[];
  text: { zh: string; en: string };
  cite: string;
  /**
   * true: applies to this project; null: depends on the project type, which was not given. A rule for
   * every project with named exceptions applies when the type is unknown: the exception is the rare case.
   */
  applies: true | null;
}

export interface Hit {
  layer: string;
  zone: string;
  name: string;
  relation: Relation;
  overlapM2: number;
  overlapHa: number;
  overlapMu: number;
  /** Share of the site's area (polygons) or length (lines) or points inside the zone, 0–1. */
  siteShare: number;
  /** Share of the zone's area the site takes, 0–1 (polygon sites). */
  zoneShare: number;
  lengthInM: number;
  distanceM: number;
  illustrative: boolean;
  rules: HitRule[];
  /** The zone's attributes (class, requirement texts), for display; not printed in the JSON. */
  props: Record<string, unknown>;
  /** The shared geometry (not printed in the JSON). */
  overlap?: Relate['overlap'];
}

export interface SiteResult {
  id: string;
  verdict: Verdict;
  geometryType: string;
  areaM2: number;
  lengthM: number;
  hits: Hit[];
  coverage: { status: 'full' | 'partial' | 'none' | 'unknown'; share: number; area: string };
  /** What keeps the verdict from being definite: missing layers, coverage gaps, invalid input (see problemText). */
  missing: Problem[];
  /** Ids of rules stronger than the verdict that apply only to some project types (no type given). */
  needsType: string[];
  projectType: string | null;
  /** Why the site could not be checked at all (also listed in `missing`). */
  error?: Problem;
}

const RELATION_RANK: Record<Relation, number> = { inside: 4, overlaps: 3, touches: 2, near: 1 };

function measureShare(site: PreparedSite, r: Relate): number {
  if (site.kind === 'polygon') return site.areaM2 > 0 ? r.overlapM2 / site.areaM2 : 0;
  if (site.kind === 'line') return site.lengthM > 0 ? r.lengthInM / site.lengthM : 0;
  return site.points.length ? r.overlap.points.length / site.points.length : 0;
}

function coverageOf(site: PreparedSite, ds: Dataset): SiteResult['coverage'] {
  if (!ds.coverage || (ds.coverage.shapes.length === 0 && !ds.coverage.declared))
    return { status: 'unknown', share: 0, area: '' };
  let share = 0;
  for (const shape of ds.coverage.shapes) share += measureShare(site, relate(site, shape));
  share = Math.min(1, share);
  const status = share >= 1 - 1e-9 ? 'full' : share > 0 ? 'partial' : 'none';
  return { status, share, area: ds.coverage.name };
}

function hitRules(
  book: RuleBook,
  layer: string,
  zone: string,
  props: Record<string, unknown>,
  relation: Relation,
  opts: CheckOptions,
): HitRule[] {
  const out: HitRule[] = [];
  const seen = new Set<string>();
  for (const r of [...book.scoped(layer, props, relation), ...book.fromFields(layer, zone, props, relation)]) {
    if (seen.has(r.text.zh)) continue; // the same requirement quoted by two sources is listed once
    seen.add(r.text.zh);
    const general = r.projectTypes.includes('*');
    if (opts.projectTypes && !typeMatches(r.projectTypes, opts.projectTypes, r.exceptTypes)) continue;
    out.push({
      id: r.id,
      source: r.sourceId,
      dimension: r.dimension,
      strength: r.strength,
      projectTypes: r.projectTypes,
      ...(r.exceptTypes ? { exceptTypes: r.exceptTypes } : {}),
      text: r.text,
      cite: r.cite,
      applies: general || opts.projectTypes ? true : null,
    });
  }
  return out.sort((a, b) => STRENGTH_RANK[b.strength] - STRENGTH_RANK[a.strength]);
}

function strongest(h: Hit): number {
  return h.rules.reduce((m, r) => Math.max(m, r.applies ? STRENGTH_RANK[r.strength] : 0), 0);
}

export function checkSite(
  id: string,
  geometry: Geometry | null | undefined,
  ds: Dataset,
  book: RuleBook,
  opts: CheckOptions,
): SiteResult {
  const site = prepareSite(geometry);
  const base = { id, geometryType: geometry?.type ?? 'none', projectType: opts.projectLabel ?? null };
  if (isSiteError(site))
    return {
      ...base,
      verdict: 'incomplete',
      areaM2: 0,
      lengthM: 0,
      hits: [],
      coverage: { status: 'unknown', share: 0, area: '' },
      missing: [site.refused],
      needsType: [],
      error: site.refused,
    };

  const maxNear = Math.max(opts.nearM, ...Object.values(opts.nearByLayer ?? {}));
  const { dLon, dLat } = degreesFor(maxNear, Math.max(Math.abs(site.bbox[1]), Math.abs(site.bbox[3])));
  const layerInfo = new Map(ds.layers.map((l) => [l.id, l]));
  const hits: Hit[] = [];
  for (const zone of ds.zones.near(
    site.bbox[0] - dLon,
    site.bbox[1] - dLat,
    site.bbox[2] + dLon,
    site.bbox[3] + dLat,
  )) {
    const info = layerInfo.get(zone.layer);
    const r = relate(site, zone.shape);
    let relation: Relation | null = r.relation;
    let distanceM = 0;
    if (!relation) {
      const near = info?.role === 'admin' ? 0 : (opts.nearByLayer?.[zone.layer] ?? opts.nearM);
      if (near <= 0) continue;
      distanceM = distanceWithinM(site, zone.shape, near);
      if (!Number.isFinite(distanceM)) continue;
      relation = 'near';
    }
    hits.push({
      layer: zone.layer,
      zone: zone.id,
      name: zone.name,
      relation,
      overlapM2: r.overlapM2,
      overlapHa: r.overlapM2 / M2_PER_HA,
      overlapMu: r.overlapM2 / M2_PER_MU,
      siteShare: relation === 'near' ? 0 : measureShare(site, r),
      zoneShare: r.overlapM2 > 0 ? r.overlapM2 / zone.shape.areaM2 : 0,
      lengthInM: r.lengthInM,
      distanceM,
      illustrative: info?.illustrative ?? false,
      rules: hitRules(book, zone.layer, zone.id, zone.props, relation, opts),
      props: zone.props,
      overlap: r.overlap,
    });
  }
  hits.sort(
    (a, b) =>
      strongest(b) - strongest(a) ||
      RELATION_RANK[b.relation] - RELATION_RANK[a.relation] ||
      a.distanceM - b.distanceM ||
      a.layer.localeCompare(b.layer) ||
      a.zone.localeCompare(b.zone),
  );

  const rules = hits.flatMap((h) => h.rules.map((r) => ({ r, zoning: layerInfo.get(h.layer)?.role !== 'admin' })));
  const applying = rules.filter(({ r }) => r.applies).map(({ r }) => r.strength);
  const top = applying.reduce((m, s) => Math.max(m, STRENGTH_RANK[s]), 0);
  const pending = rules.filter(({ r }) => r.applies === null && STRENGTH_RANK[r.strength] > top);
  const coverage = coverageOf(site, ds);
  const missing: Problem[] = [];
  const code = { failed: 'layer-failed', empty: 'layer-empty', excluded: 'layer-excluded' } as const;
  for (const l of ds.layers)
    if (l.status !== 'loaded')
      missing.push(
        problem(code[l.status], { layer: l.id, ...(l.status === 'failed' ? { detail: l.error ?? 'not loaded' } : {}) }),
      );
  const missingLayers = missing.map((p) => problemText(p, 'en'));
  if (coverage.status === 'unknown') missing.push(problem('no-coverage'));
  else if (coverage.status === 'none') missing.push(problem('outside-coverage', { area: coverage.area }));
  else if (coverage.status !== 'full')
    missing.push(
      problem('partly-outside-coverage', { area: coverage.area, percent: ((1 - coverage.share) * 100).toFixed(2) }),
    );
  let unjudged = tilingCheck(site, hits, ds, coverage, missing);
  // Hits nothing can judge: a zone of a zoning layer that no rule covers (a layer the rules do not know, say), or an
  // overlap that could not be measured consistently. Either keeps the site from "clear" and is said.
  for (const h of hits) {
    const zoning = layerInfo.get(h.layer)?.role !== 'admin';
    if (zoning && h.relation !== 'near' && !book.covers(h.layer, h.zone, h.props)) {
      unjudged++;
      const how = layerInfo.get(h.layer)?.identified;
      missing.push(
        problem('no-rule', {
          zone: h.zone,
          name: h.name,
          layer: h.layer,
          detail: how?.by === 'none' ? ` (${how.detail})` : '',
        }),
      );
    }
    if (Number.isNaN(h.overlapM2)) {
      unjudged++;
      missing.push(problem('overlap-unmeasured', { zone: h.zone, layer: h.layer }));
    }
  }
  const verdict = decideVerdict({
    applying,
    typeDependent: pending.filter((x) => x.zoning).map(({ r }) => r.strength),
    coverage: coverage.status,
    missingLayers,
    unjudged,
  });
  return {
    ...base,
    verdict,
    areaM2: site.areaM2,
    lengthM: site.lengthM,
    hits,
    coverage,
    missing,
    needsType: [...new Set(pending.map(({ r }) => r.id))],
  };
}

/** Overlaps of tiling units may miss a site's area by this much: float rounding and slivers, far below any real gap. */
const tilingSlack = (areaM2: number) => Math.max(1, 1e-4 * areaM2);

/**
 * The invariant of a layer whose units tile its area: a polygon site wholly inside the data's coverage is shared out
 * among the units it meets, so their overlaps sum to its area. More than the area means overlapping units or a wrong
 * measure: the overlaps are measured again by clipping, and if they still do not sum, left out (never a made-up
 * figure). Less means part of the site lies in no unit, a gap in the layer: said, and the site needs review.
 * Returns how many problems keep the verdict from being definite; adds their reasons to `missing`.
 */
function tilingCheck(
  site: PreparedSite,
  hits: Hit[],
  ds: Dataset,
  coverage: SiteResult['coverage'],
  missing: Problem[],
): number {
  if (site.kind !== 'polygon' || !site.polygon || coverage.status !== 'full' || !(site.areaM2 > 0)) return 0;
  let problems = 0;
  for (const layer of ds.layers) {
    if (!layer.tiles || layer.status !== 'loaded') continue;
    const own = hits.filter((h) => h.layer === layer.id && (h.relation === 'inside' || h.relation === 'overlaps'));
    if (own.some((h) => Number.isNaN(h.overlapM2))) continue; // already left out and said
    let total = own.reduce((acc, h) => acc + h.overlapM2, 0);
    const slack = tilingSlack(site.areaM2);
    if (total > site.areaM2 + slack) {
      robustnessStats.fallbacks++;
      const shapes = new Map(
        ds.zones
          .near(...site.bbox)
          .filter((z) => z.layer === layer.id)
          .map((z) => [z.id, z.shape]),
      );
      const zoneM2 = own.map((h) => shapes.get(h.zone)?.areaM2 ?? Number.NaN);
      const clipped = own.map((h) => {
        const shape = shapes.get(h.zone);
        return shape ? clippedAreaM2(site.polygon!, shape) : Number.NaN;
      });
      const again = clipped.reduce((acc, a) => acc + a, 0);
      if (Number.isFinite(again) && again <= site.areaM2 + slack) {
        own.forEach((h, i) => setOverlap(h, clipped[i]!, site.areaM2, zoneM2[i]!));
        total = again;
      } else {
        robustnessStats.failures++;
        own.forEach((h, i) => setOverlap(h, Number.NaN, site.areaM2, zoneM2[i]!));
        missing.push(
          problem('tiling-over', { layer: layer.id, sum: Math.round(total), site: Math.round(site.areaM2) }),
        );
        problems++;
        continue;
      }
    }
    if (total < site.areaM2 - slack) {
      missing.push(
        problem('tiling-gap', {
          layer: layer.id,
          gap: Math.round(site.areaM2 - total),
          percent: (((site.areaM2 - total) / site.areaM2) * 100).toFixed(2),
        }),
      );
      problems++;
    }
  }
  return problems;
}

/** A hit's overlap measured again (or left out, NaN): its area in every unit and both shares follow it. */
function setOverlap(h: Hit, m2: number, siteM2: number, zoneM2: number): void {
  h.overlapM2 = m2;
  h.overlapHa = m2 / M2_PER_HA;
  h.overlapMu = m2 / M2_PER_MU;
  h.siteShare = m2 / siteM2;
  h.zoneShare = Number.isNaN(m2) || m2 > 0 ? m2 / zoneM2 : 0;
}
