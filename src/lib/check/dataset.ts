// The layers a check runs against: their load state, their zones behind one index, and the area they cover.

import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { LayerSpec, Text } from '../layers/manifest';
import type { PreparedPolygon } from './preparedPolygon';
import { prepared, ZoneSet, type ZoneInput } from './zoneSet';

export interface LayerState {
  id: string;
  title: Text;
  version: string;
  features: number;
  /** excluded: loaded, but left out of this check by the user (the result then cannot be "clear"). */
  status: 'loaded' | 'failed' | 'empty' | 'excluded';
  error?: string;
  role: 'zoning' | 'admin';
  illustrative: boolean;
  /** Its polygons tile the area it covers (the manifest's `tiles`): a site's overlaps with them sum to its area. */
  tiles?: boolean;
  /** How a plain file's layer was identified (absent for manifest layers). */
  identified?: { by: 'option' | 'fields' | 'none'; detail: string };
}

export interface Dataset {
  layers: LayerState[];
  zones: ZoneSet;
  /** The area the data claims to describe; null when nobody declared it. */
  coverage: {
    name: string;
    shapes: PreparedPolygon[];
    /** The area is declared even where none of its shapes are loaded (a dataset of one area's features). */
    declared?: boolean;
  } | null;
}

export interface LayerLoad {
  /** The manifest entry, when the layer has one; plain files get defaults. */
  spec?: LayerSpec;
  id: string;
  version?: string;
  data: FeatureCollection | null;
  error?: string;
  /** How a plain file's layer was identified (absent for manifest layers). */
  identified?: { by: 'option' | 'fields' | 'none'; detail: string };
}

/** A zone's id: the manifest's id field, else properties.id, else feature.id, else its index. */
export function zoneId(f: Feature, index: number, spec?: LayerSpec): string {
  const p = f.properties ?? {};
  const v = (spec && p[spec.idField]) ?? p['id'] ?? f.id;
  return v === undefined || v === null || v === '' ? String(index) : String(v);
}

export function zoneName(f: Feature, id: string, spec?: LayerSpec): string {
  const p = f.properties ?? {};
  const v = (spec && p[spec.nameField]) ?? p['name_zh'] ?? p['name'] ?? p['HJZHGKDYMC'] ?? p['NAME'];
  return v === undefined || v === null || v === '' ? id : String(v);
}

/**
 * Builds the dataset. Layers marked `coverage` in the manifest define the covered area (unless `coverage` is given);
 * non-polygon features are not zones and are skipped; a layer with no usable zone is "empty".
 */
export function buildDataset(
  loads: LayerLoad[],
  coverage?: { name: string; data: FeatureCollection } | null,
  excluded: ReadonlySet<string> = new Set(),
): Dataset {
  const zones: ZoneInput[] = [];
  const layers: LayerState[] = [];
  const coverShapes: PreparedPolygon[] = [];
  const coverNames: string[] = [];
  for (const l of loads) {
    const role = l.spec?.role ?? 'zoning';
    const base = {
      id: l.id,
      title: l.spec?.title ?? { zh: l.id, en: l.id },
      version: l.version ?? l.spec?.provenance.version ?? 'unversioned',
      role,
      illustrative: (l.spec?.provenance.status ?? 'official') === 'illustrative',
      ...(l.spec?.tiles ? { tiles: true } : {}),
      ...(l.identified ? { identified: l.identified } : {}),
    } as const;
    if (!l.data) {
      layers.push({ ...base, features: 0, status: 'failed', error: l.error ?? 'not loaded' });
      continue;
    }
    if (excluded.has(l.id) && role !== 'admin') {
      layers.push({ ...base, features: l.data.features.length, status: 'excluded', error: 'left out of this check' });
      continue;
    }
    let count = 0;
    l.data.features.forEach((f, i) => {
      const g = f?.geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return;
      const id = zoneId(f, i, l.spec);
      const z: ZoneInput = {
        layer: l.id,
        id,
        name: zoneName(f, id, l.spec),
        props: f.properties ?? {},
        geometry: g as Polygon | MultiPolygon,
      };
      zones.push(z);
      count++;
      if (l.spec?.coverage) {
        coverShapes.push(prepared(g as Polygon | MultiPolygon));
        coverNames.push(z.name);
      }
    });
    layers.push({
      ...base,
      features: count,
      status: count ? 'loaded' : 'empty',
      ...(count ? {} : { error: 'no polygon features' }),
    });
  }
  let cov: Dataset['coverage'] = null;
  if (coverage) {
    const shapes = coverage.data.features
      .map((f) => f.geometry)
      .filter((g): g is Polygon | MultiPolygon => !!g && (g.type === 'Polygon' || g.type === 'MultiPolygon'))
      .map((g) => prepared(g));
    cov = { name: coverage.name, shapes };
  } else if (coverShapes.length)
    // A few outlines are named; a province's units are named by their layer.
    cov = {
      name:
        coverNames.length <= 3
          ? coverNames.join('、')
          : `${[...new Set(loads.filter((l) => l.spec?.coverage).map((l) => l.spec!.title.zh))].join('、')}（${coverNames.length} 个）`,
      shapes: coverShapes,
    };
  return { layers, zones: new ZoneSet(zones), coverage: cov };
}
