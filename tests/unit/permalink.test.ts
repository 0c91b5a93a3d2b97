// Permalinks: the hash reproduces the state, and a malformed or hostile hash falls back safely.
import { describe, expect, it } from 'vitest';
import { formatHash, parseHash, type MapState } from '../../src/lib/permalink';

const defaults: MapState = { center: [113.2, 34.75], zoom: 8, layers: ['a', 'b'], lang: 'zh', basemap: 'none' };
const known = ['a', 'b', 'c'];

describe('permalink', () => {
  it('round-trips a state', () => {
    const s: MapState = { center: [113.62512, 34.74688], zoom: 11.5, layers: ['c', 'a'], lang: 'en', basemap: 'osm' };
    expect(formatHash(s)).toBe('#map=11.50/34.74688/113.62512&layers=c,a&lang=en&basemap=osm');
    expect(parseHash(formatHash(s), defaults, known)).toEqual({ ...s, dropped: [] });
  });
  it('keeps an empty layer list (everything hidden) distinct from a missing one', () => {
    expect(parseHash('#map=8/34/113&layers=&lang=zh', defaults, known).layers).toEqual([]);
    expect(parseHash('#map=8/34/113', defaults, known).layers).toEqual(['a', 'b']);
  });
  it('ignores malformed, out-of-range and unknown values', () => {
    expect(parseHash('#map=abc/1/2&lang=fr&basemap=evil', defaults, known)).toEqual({
      ...defaults,
      dropped: ['map', 'lang', 'basemap'],
    });
    expect(parseHash('#map=30/95/200', defaults, known)).toEqual({ ...defaults, dropped: ['map'] });
    expect(parseHash('#layers=a,<script>,c', defaults, known).layers).toEqual(['a', 'c']);
    expect(parseHash('', defaults, known)).toEqual({ ...defaults, dropped: [] });
  });
  it('decodes each value once: a link with a stray % escape loads the defaults and names what it dropped (regression: URIError)', () => {
    for (const hash of [
      '#layers=%25',
      '#layers=%25E0%25A4%25A',
      '#layers=a,%E0%A4%A',
      '#zone=a/%25&map=%25',
      '#%%%&layers=%',
    ])
      expect(() => parseHash(hash, defaults, known), hash).not.toThrow();
    const r = parseHash('#layers=%25&lang=en', defaults, known);
    expect(r.layers).toEqual([]);
    expect(r.lang).toBe('en');
    expect(r.dropped).toEqual(['layers']);
    expect(parseHash('#zone=a/%25', defaults, known).zone).toBe('a/%');
  });
  it('carries the protected-area page open, and refuses one of an unknown layer', () => {
    const s: MapState = { ...defaults, zone: 'c/NR-ZZ-CORE-01' };
    expect(formatHash(s)).toContain('&zone=c/NR-ZZ-CORE-01');
    expect(parseHash(formatHash(s), defaults, known).zone).toBe('c/NR-ZZ-CORE-01');
    expect(parseHash(formatHash({ ...defaults, zone: 'a/黄河 湿地&x=1' }), defaults, known).zone).toBe(
      'a/黄河 湿地&x=1',
    );
    expect(parseHash('#zone=evil/1', defaults, known).zone).toBeUndefined();
    expect(parseHash('#zone=a', defaults, known).zone).toBeUndefined();
    expect(parseHash(`#zone=a/${'x'.repeat(500)}`, defaults, known).zone).toBeUndefined();
  });
});
