// Every verdict path of a site check: prohibitions, project types, exceptions, coverage gaps, missing layers, near rules.
import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Position } from 'geojson';
import { buildDataset, type LayerLoad } from '../../src/lib/check/dataset';
import { checkSite, type CheckOptions } from '../../src/lib/check/checkSite';
import { RuleBook } from '../../src/lib/rules/ruleBook';
import { decideVerdict } from '../../src/lib/rules/verdict';
import type { ProjectType, RuleFile } from '../../src/lib/rules/model';
import type { LayerSpec } from '../../src/lib/layers/manifest';
import { readManifest } from '../../scripts/data/sources';
import { problemText } from '../../src/lib/check/problems';
import { box } from './support/geometry';

const manifest = readManifest();
const spec = (id: string): LayerSpec => manifest.layers.find((l) => l.id === id)!;
const fc = (...features: { props: Record<string, unknown>; ring: Position[] }[]): FeatureCollection => ({
  type: 'FeatureCollection',
  features: features.map((f) => ({
    type: 'Feature',
    properties: f.props,
    geometry: { type: 'Polygon', coordinates: [f.ring] },
  })),
});
const types: ProjectType[] = [
  { id: 'chemical', zh: '化工', en: 'Chemicals', codes: ['C26'], keywords: ['化工'], partOf: ['industrial'] },
  { id: 'industrial', zh: '工业', en: 'Industry', codes: ['C'], keywords: ['工业'] },
  { id: 'water-supply', zh: '供水', en: 'Water supply', codes: ['D461'], keywords: ['供水'] },
];
const rules: RuleFile = {
  source: { id: 'test', title: { zh: '测试', en: 'Test' }, kind: 'regulation', issuer: 't', date: '2026-01-01' },
  rules: [
    {
      id: 'G1',
      scope: { layer: 'water-source', where: { grade: ['grade1'] } },
      dimension: 'KJBJYS',
      strength: 'prohibited',
      projectTypes: ['*'],
      exceptTypes: ['water-supply'],
      text: { zh: '一级区禁止无关项目', en: '' },
      cite: 'law',
    },
    {
      id: 'G1W',
      scope: { layer: 'water-source', where: { grade: ['grade1'] } },
      dimension: 'KJBJYS',
      strength: 'conditional',
      projectTypes: ['water-supply'],
      text: { zh: '供水设施有条件', en: '' },
      cite: 'law',
    },
    {
      id: 'Q1',
      scope: { layer: 'water-source', where: { grade: ['quasi'] } },
      dimension: 'KJBJYS',
      strength: 'prohibited',
      projectTypes: ['industrial'],
      text: { zh: '准保护区禁止严重污染项目', en: '' },
      cite: 'law',
    },
    {
      id: 'Q2',
      scope: { layer: 'water-source', where: { grade: ['quasi'] } },
      dimension: 'PWWPFGK',
      strength: 'conditional',
      projectTypes: ['*'],
      text: { zh: '不得增加排污量', en: '' },
      cite: 'law',
    },
    {
      id: 'N1',
      scope: { layer: 'water-source', relations: ['near'] },
      dimension: 'KJBJYS',
      strength: 'needs-review',
      projectTypes: ['*'],
      text: { zh: '邻近敏感区需论证', en: '' },
      cite: 'law',
    },
  ],
};
const book = new RuleBook([rules], types);
const water = fc(
  { props: { id: 'W1', name_zh: '一级区', grade: 'grade1' }, ring: box(113.0, 34.0, 113.01, 34.01) },
  { props: { id: 'WQ', name_zh: '准保护区', grade: 'quasi' }, ring: box(113.02, 34.0, 113.05, 34.03) },
);
const cityFc = fc({ props: { id: 'C', name_zh: '测试市' }, ring: box(112.9, 33.9, 113.1, 34.1) });
const loads = (extra: LayerLoad[] = []): LayerLoad[] => [
  { id: 'water-source', spec: spec('water-source'), data: water },
  { id: 'admin-city', spec: spec('admin-city'), data: cityFc },
  ...extra,
];
const ds = buildDataset(loads());
const opts = (o: Partial<CheckOptions> = {}): CheckOptions => ({ nearM: 0, projectTypes: null, ...o });
const point = (x: number, y: number) => ({ type: 'Point' as const, coordinates: [x, y] });

describe('verdicts', () => {
  it('prohibits any project in a grade-1 zone when the type is unknown', () => {
    const r = checkSite('a', point(113.005, 34.005), ds, book, opts());
    expect(r.verdict).toBe('prohibited');
    expect(r.hits[0]).toMatchObject({ layer: 'water-source', zone: 'W1', relation: 'inside' });
  });
  it('lets the exception through: a water-supply project gets the conditional rule', () => {
    const r = checkSite('a', point(113.005, 34.005), ds, book, opts({ projectTypes: new Set(['water-supply']) }));
    expect(r.verdict).toBe('conditional');
    expect(r.hits[0]!.rules.map((x) => x.id)).toEqual(['G1W']);
  });
  it('needs the project type where only some types are prohibited, and names the rules', () => {
    const r = checkSite('a', point(113.03, 34.01), ds, book, opts());
    expect(r.verdict).toBe('needs-review');
    expect(r.needsType).toEqual(['Q1']);
    expect(r.hits[0]!.rules.find((x) => x.id === 'Q1')!.applies).toBeNull();
  });
  it('decides by project type: a chemical plant is prohibited through its broader type, another project is conditional', () => {
    expect(
      checkSite('a', point(113.03, 34.01), ds, book, opts({ projectTypes: new Set(['chemical', 'industrial']) }))
        .verdict,
    ).toBe('prohibited');
    expect(
      checkSite('a', point(113.03, 34.01), ds, book, opts({ projectTypes: new Set(['water-supply']) })).verdict,
    ).toBe('conditional');
  });
  it('is clear only with full coverage, every layer loaded and no rule against it', () => {
    expect(checkSite('a', point(112.95, 33.95), ds, book, opts()).verdict).toBe('clear');
  });
  it('applies near rules within the near distance, with the distance', () => {
    const r = checkSite('a', point(113.0, 34.02), ds, book, opts({ nearM: 2000 }));
    expect(r.verdict).toBe('needs-review');
    const near = r.hits.find((h) => h.zone === 'W1')!;
    expect(near.relation).toBe('near');
    expect(near.distanceM).toBeGreaterThan(1000);
    expect(near.distanceM).toBeLessThan(1200);
  });
});

describe('never a false clear', () => {
  it('outside the coverage: not-covered', () => {
    const r = checkSite('a', point(114, 35), ds, book, opts());
    expect(r.verdict).toBe('not-covered');
    expect(r.coverage.status).toBe('none');
    expect(r.missing.map((m) => problemText(m, 'en')).join()).toMatch(/outside the data coverage/);
    expect(
      problemText(
        r.missing.find((m) => m.code === 'outside-coverage' || m.code === 'partly-outside-coverage')!,
        'zh',
      ),
    ).toMatch(/数据覆盖范围/);
  });
  it('partly outside: not-covered, with the share outside', () => {
    const r = checkSite('a', { type: 'Polygon', coordinates: [box(113.08, 33.95, 113.12, 33.97)] }, ds, book, opts());
    expect(r.verdict).toBe('not-covered');
    expect(r.coverage.status).toBe('partial');
    expect(r.coverage.share).toBeCloseTo(0.5, 2);
  });
  it('a prohibition stands even when part of the site is outside the coverage', () => {
    const r = checkSite(
      'a',
      {
        type: 'LineString',
        coordinates: [
          [113.005, 34.005],
          [113.2, 34.005],
        ],
      },
      ds,
      book,
      opts(),
    );
    expect(r.verdict).toBe('prohibited');
    expect(r.coverage.status).toBe('partial');
  });
  it('a layer that failed or is empty: incomplete, naming it', () => {
    const failed = buildDataset(
      loads([{ id: 'eco-redline', spec: spec('eco-redline'), data: null, error: 'HTTP 404' }]),
    );
    const r = checkSite('a', point(112.95, 33.95), failed, book, opts());
    expect(r.verdict).toBe('incomplete');
    expect(r.missing.map((m) => problemText(m, 'en'))).toEqual(['layer eco-redline failed to load: HTTP 404']);
    expect(r.missing.map((m) => problemText(m, 'zh'))).toEqual(['图层 eco-redline 加载失败：HTTP 404']);
    const empty = buildDataset(
      loads([{ id: 'eco-redline', spec: spec('eco-redline'), data: { type: 'FeatureCollection', features: [] } }]),
    );
    expect(checkSite('a', point(112.95, 33.95), empty, book, opts()).verdict).toBe('incomplete');
  });
  it('no declared coverage: not-covered', () => {
    const bare = buildDataset([{ id: 'zones', data: water }]);
    expect(checkSite('a', point(112.95, 33.95), bare, book, opts()).verdict).toBe('not-covered');
  });
  it('an invalid site: incomplete with the reason, no crash', () => {
    const r = checkSite('a', { type: 'Point', coordinates: [Number.NaN, 0] }, ds, book, opts());
    expect(r.verdict).toBe('incomplete');
    expect(r.error?.code).toBe('site-bad-coordinate');
    expect(problemText(r.error!, 'en')).toMatch(/invalid lon\/lat/);
    expect(problemText(r.error!, 'zh')).toMatch(/坐标/);
  });
  it('decideVerdict never returns clear when something is missing', () => {
    for (const coverage of ['full', 'partial', 'none', 'unknown'] as const)
      for (const missingLayers of [[], ['x']])
        for (const applying of [[], ['allowed'], ['conditional'], ['restricted']] as const) {
          const v = decideVerdict({ applying: [...applying], typeDependent: [], coverage, missingLayers });
          if (coverage !== 'full' || missingLayers.length) expect(v).not.toBe('clear');
        }
  });
});

describe('measures on hits', () => {
  it('gives area in m², ha and mu and both shares', () => {
    const r = checkSite(
      'a',
      { type: 'Polygon', coordinates: [box(113.005, 34.005, 113.015, 34.008)] },
      ds,
      book,
      opts(),
    );
    const h = r.hits.find((x) => x.zone === 'W1')!;
    expect(h.relation).toBe('overlaps');
    expect(h.overlapHa).toBeCloseTo(h.overlapM2 / 10_000, 9);
    expect(h.overlapMu).toBeCloseTo(h.overlapM2 / (10_000 / 15), 9);
    expect(h.siteShare).toBeCloseTo(0.5, 2);
    expect(h.zoneShare).toBeGreaterThan(0.14);
    expect(h.zoneShare).toBeLessThan(0.16);
  });
});

describe('units that tile their area (the invariant checked on every polygon site)', () => {
  // Three units of the test city's control-unit layer: two tiling the west half, one the east; variants with a gap
  // and with two units overlapping each other.
  const unit = (id: string, ring: Position[]) => ({
    props: { HJZHGKDYBM: id, HJZHGKDYMC: id, ZHGKDYFL: 3, status: 'illustrative' },
    ring,
  });
  const tiled = fc(
    unit('U1', box(112.9, 33.9, 113.0, 34.0)),
    unit('U2', box(112.9, 34.0, 113.0, 34.1)),
    unit('U3', box(113.0, 33.9, 113.1, 34.1)),
  );
  const gap = fc(
    unit('U1', box(112.9, 33.9, 113.0, 34.0)),
    unit('U2', box(112.9, 34.0, 113.0, 34.1)),
    unit('U3', box(113.002, 33.9, 113.1, 34.1)),
  );
  const overlapping = fc(
    unit('U1', box(112.9, 33.9, 113.0, 34.0)),
    unit('U2', box(112.9, 33.99, 113.0, 34.1)),
    unit('U3', box(113.0, 33.9, 113.1, 34.1)),
  );
  const site = { type: 'Polygon' as const, coordinates: [box(112.99, 33.99, 113.01, 34.01)] };
  const withEcu = (data: FeatureCollection) =>
    buildDataset([
      { id: 'ecu', spec: spec('ecu'), data },
      { id: 'admin-city', spec: spec('admin-city'), data: cityFc },
    ]);
  const ecuHits = (r: ReturnType<typeof checkSite>) => r.hits.filter((h) => h.layer === 'ecu');

  it('a site across three tiling units: their overlaps sum to its area, nothing said', () => {
    const r = checkSite('a', site, withEcu(tiled), new RuleBook([], []), opts());
    expect(ecuHits(r)).toHaveLength(3);
    const sum = ecuHits(r).reduce((s, h) => s + h.overlapM2, 0);
    expect(Math.abs(sum - r.areaM2) / r.areaM2).toBeLessThan(1e-9);
    expect(r.missing.filter((m) => m.code.startsWith('tiling'))).toEqual([]);
  });
  it('a gap between the units under the site is said, with its area, and keeps the site from clear', () => {
    const r = checkSite('a', site, withEcu(gap), new RuleBook([], []), opts());
    const said = r.missing.find((m) => m.code === 'tiling-gap');
    expect(said?.params['layer']).toBe('ecu');
    // The gap is 0.002° wide across the 0.02° site: a tenth of it.
    expect(Number(said!.params['percent'])).toBeCloseTo(10, 0);
    expect(problemText(said!, 'zh')).toMatch(/不属于图层 ecu 的任何单元/);
    expect(['needs-review', 'incomplete']).toContain(r.verdict);
  });
  it('units that overlap each other under the site: the areas are left out, never a sum larger than the site', () => {
    const r = checkSite('a', site, withEcu(overlapping), new RuleBook([], []), opts());
    expect(r.missing.some((m) => m.code === 'tiling-over')).toBe(true);
    for (const h of ecuHits(r).filter((x) => x.relation !== 'touches')) {
      expect(h.overlapM2).toBeNaN();
      expect(h.siteShare).toBeNaN();
      expect(h.zoneShare).toBeNaN();
    }
    expect(r.verdict).not.toBe('clear');
  });
});
