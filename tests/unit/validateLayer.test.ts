// The data build's validation: every rule fires on a small bad fixture, and a good layer passes clean.
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Position } from 'geojson';
import { validateLayer } from '../../src/lib/layers/validateLayer';
import type { LayerSpec } from '../../src/lib/layers/manifest';
import { readManifest } from '../../scripts/data/sources';

const manifest = readManifest();
const spec: LayerSpec = manifest.layers.find((l) => l.id === 'water-source')!;
const bounds = manifest.bounds;
const square: Position[] = [
  [113.6, 34.9],
  [113.61, 34.9],
  [113.61, 34.91],
  [113.6, 34.91],
  [113.6, 34.9],
];
const props = (over: Record<string, unknown> = {}) => ({
  id: 'WS-1',
  name_zh: '测试水源一级保护区',
  SYDMC: '测试水源',
  BHQJB: '一级保护区',
  grade: 'grade1',
  SYDLX: '地下水型',
  city: '郑州市',
  status: 'illustrative',
  source_note: 'test',
  ...over,
});
const feature = (coordinates: Position[][], over: Record<string, unknown> = {}): Feature => ({
  type: 'Feature',
  properties: props(over),
  geometry: { type: 'Polygon', coordinates },
});
const fc = (...features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });
const codes = (data: unknown) =>
  validateLayer(spec, data, bounds).map((i) => `${i.severity}:${i.code}:${i.feature ?? ''}`);

describe('validateLayer', () => {
  it('accepts a well-formed layer', () => {
    expect(codes(fc(feature([square])))).toEqual([]);
  });
  it('rejects what is not a FeatureCollection, and an empty layer', () => {
    expect(codes({ type: 'Feature' })).toEqual(['error:not-feature-collection:']);
    expect(codes(null)).toEqual(['error:not-feature-collection:']);
    expect(codes(fc())).toEqual(['error:empty-layer:']);
  });
  it('names the feature whose ring is unclosed, too short, duplicated or wrongly wound', () => {
    expect(codes(fc(feature([square.slice(0, 4)])))).toContain('error:ring-not-closed:WS-1');
    expect(codes(fc(feature([square.slice(0, 3)])))).toEqual(['error:ring-too-short:WS-1']);
    expect(codes(fc(feature([[square[0]!, ...square]])))).toContain('error:duplicate-vertex:WS-1');
    expect(codes(fc(feature([[...square].reverse()])))).toEqual(['error:wrong-winding:WS-1']);
  });
  it('checks hole winding and rejects non-finite coordinates', () => {
    const hole: Position[] = [
      [113.602, 34.902],
      [113.604, 34.902],
      [113.604, 34.904],
      [113.602, 34.904],
      [113.602, 34.902],
    ];
    expect(codes(fc(feature([square, [...hole].reverse()])))).toEqual([]);
    expect(codes(fc(feature([square, hole])))).toEqual(['error:wrong-winding:WS-1']);
    expect(
      codes(
        fc(
          feature([
            [
              [113.6, 34.9],
              [Number.NaN, 34.9],
              [113.61, 34.91],
              [113.6, 34.9],
            ],
          ]),
        ),
      ),
    ).toEqual(['error:bad-coordinate:WS-1']);
  });
  it('finds a self-intersecting (bow-tie) ring', () => {
    const bowtie: Position[] = [
      [113.6, 34.9],
      [113.62, 34.91],
      [113.62, 34.9],
      [113.6, 34.92],
      [113.6, 34.9],
    ];
    expect(codes(fc(feature([bowtie])))).toContain('error:self-intersection:WS-1');
  });
  it('rejects coordinates outside the bounds, e.g. swapped lat/lon', () => {
    const swapped = square.map(([x, y]) => [y!, x!]).reverse();
    expect(codes(fc(feature([swapped])))).toContain('error:out-of-bounds:WS-1');
  });
  it('rejects duplicate and missing ids, naming the feature', () => {
    expect(codes(fc(feature([square]), feature([square])))).toEqual(['error:duplicate-id:WS-1']);
    expect(codes(fc(feature([square], { id: undefined })))).toEqual([
      'error:missing-id:#0',
      'error:missing-attribute:#0',
    ]);
  });
  it('checks required attributes, types and enumerations; warns of unknown ones', () => {
    expect(codes(fc(feature([square], { SYDMC: undefined })))).toEqual(['error:missing-attribute:WS-1']);
    expect(codes(fc(feature([square], { city: 3 })))).toEqual(['error:wrong-attribute-type:WS-1']);
    expect(codes(fc(feature([square], { grade: 'grade9' })))).toEqual(['error:bad-attribute-value:WS-1']);
    expect(codes(fc(feature([square], { extra: 1 })))).toEqual(['warning:unknown-attribute:WS-1']);
  });
  it('rejects a feature whose status contradicts the layer provenance', () => {
    expect(codes(fc(feature([square], { status: 'official' })))).toEqual(['error:status-mismatch:WS-1']);
  });
  it('rejects a point in a polygon layer', () => {
    const f: Feature = {
      type: 'Feature',
      properties: props(),
      geometry: { type: 'Point', coordinates: [113.6, 34.9] },
    };
    expect(codes(fc(f))).toEqual(['error:wrong-geometry-type:WS-1']);
  });
  it('gives messages in Chinese and English', () => {
    const [issue] = validateLayer(spec, fc(feature([square.slice(0, 4)])), bounds);
    expect(issue!.message.zh).toMatch(/环未闭合/);
    expect(issue!.message.en).toMatch(/not closed/);
  });
});
