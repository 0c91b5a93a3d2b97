// Search over the built index (zones, districts, townships with pinyin), typed coordinates, and "what protects this place".
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLonLat, search, type SearchIndex } from '../../src/lib/search/search';
import { buildData } from '../../scripts/data/build';
import { ROOT } from '../../scripts/data/sources';
import { readBuiltLayers, readRules } from '../../src/cli/readData';
import { buildDataset } from '../../src/lib/check/dataset';
import { RuleBook } from '../../src/lib/rules/ruleBook';
import { interiorPoint, protectionsAt, zoneInfo } from '../../src/lib/public/place';

const out = join(ROOT, 'public/data');
if (!existsSync(join(out, 'search.json'))) await buildData(ROOT, out);
function index(): SearchIndex {
  return JSON.parse(readFileSync(join(out, 'search.json'), 'utf8')) as SearchIndex;
}
const names = (q: string) => search(index().entries, q).flatMap((h) => (h.kind === 'entry' ? [h.entry.name] : []));

describe('search', () => {
  it('finds zones by partial Chinese name, pinyin initials, full pinyin and code', () => {
    expect(names('黄河湿地')[0]).toMatch(/黄河湿地/);
    expect(names('黄河湿地').length).toBeGreaterThan(3);
    expect(names('hhsd').some((n) => n.includes('黄河湿地'))).toBe(true);
    expect(names('尖岗').some((n) => n.includes('尖岗'))).toBe(true);
    expect(names('jiangang').some((n) => n.includes('尖岗'))).toBe(true);
    expect(names('jg').some((n) => n.includes('尖岗'))).toBe(true);
    const code = search(index().entries, 'WS-ZZ-BJ-G1')[0]!;
    expect(code.kind === 'entry' && code.entry.name).toBe('郑州市北郊水源地一级保护区');
    expect(names('黄湿').some((n) => n.includes('黄河湿地'))).toBe(true); // characters in order, with gaps
  });

  it('finds districts and townships (placed at their district, marked approximate)', () => {
    const h = search(index().entries, '荥阳');
    expect(h[0]!.kind === 'entry' && h[0]!.entry.kind).toBe('district');
    const town = search(index().entries, '林山寨').find((x) => x.kind === 'entry' && x.entry.kind === 'town');
    expect(town && town.kind === 'entry' && town.entry.approximate).toBe(true);
    expect(town && town.kind === 'entry' && town.entry.sub.zh).toContain('中原区');
    expect(names('克井镇')).toContain('克井镇'); // Jiyuan, without the city prefix
  });

  it('reads coordinates typed either way round, and nothing outside China', () => {
    expect(parseLonLat('113.62, 34.75')).toEqual({ lng: 113.62, lat: 34.75, swapped: false });
    expect(parseLonLat('34.75，113.62')).toEqual({ lng: 113.62, lat: 34.75, swapped: true });
    expect(parseLonLat('34.75°N 113.62°E')).toEqual({ lng: 113.62, lat: 34.75, swapped: true });
    expect(parseLonLat('12, 200')).toBeNull();
    expect(parseLonLat('黄河')).toBeNull();
    expect(search(index().entries, '113.62,34.75')[0]).toMatchObject({ kind: 'point', lng: 113.62, lat: 34.75 });
  });

  it('copes with empty, huge and hostile queries', () => {
    expect(search(index().entries, '   ')).toEqual([]);
    expect(search(index().entries, '<img src=x onerror=alert(1)>')).toEqual([]);
    expect(Array.isArray(search(index().entries, '黄'.repeat(100_000)))).toBe(true);
    expect(search(index().entries, '.*+?^$()[]{}|\\')).toEqual([]);
  });
});

describe('what protects this place', () => {
  const data = async () => {
    if (!existsSync(join(out, 'manifest.json'))) await buildData(ROOT, out);
    const loads = await readBuiltLayers(out);
    const { files, types } = readRules(join(ROOT, 'data/rules'));
    return { ds: buildDataset(loads), book: new RuleBook(files, types) };
  };

  it('lists every zone at a point in a reserve core zone, strongest protection first, with what is not allowed', async () => {
    const { ds, book } = await data();
    const core = ds.zones.get('nature-reserve', 'NR-ZZ-CORE-01')!;
    const p = interiorPoint(core.shape)!;
    expect(core.shape.locate(p)).toBe('in');
    const r = protectionsAt(p[0]!, p[1]!, ds, book);
    expect(r.outside).toBe(false);
    expect(r.zones[0]!.strongest).toBe('prohibited');
    expect(r.zones.map((z) => z.layer)).toEqual(expect.arrayContaining(['nature-reserve', 'ecu', 'admin-district']));
    const reserve = r.zones.find((z) => z.zone === 'NR-ZZ-CORE-01')!;
    expect(reserve.headline[0]!.strength).toBe('prohibited');
    expect(reserve.headline[0]!.text.zh).toMatch(/禁止/);
    // Context layers come last.
    expect(r.zones[r.zones.length - 1]!.layer).toMatch(/^admin-/);
  });

  it('lists a grade-1 water-source zone, and says when a point is outside the data instead of listing nothing', async () => {
    const { ds, book } = await data();
    const g1 = ds.zones.get('water-source', 'WS-ZZ-BJ-G1')!;
    const p = interiorPoint(g1.shape)!;
    const r = protectionsAt(p[0]!, p[1]!, ds, book);
    expect(r.zones.find((z) => z.zone === 'WS-ZZ-BJ-G1')?.strongest).toBe('prohibited');
    const far = protectionsAt(116.4, 39.9, ds, book);
    expect(far.zones).toEqual([]);
    expect(far.outside).toBe(true);
  });

  it('builds a protected-area page: area, the reserve sub-zones, rules', async () => {
    const { ds, book } = await data();
    const z = zoneInfo('nature-reserve', 'NR-ZZ-CORE-01', ds, book, 'BHQMC')!;
    expect(z.areaM2).toBeGreaterThan(1e5);
    expect(z.group!.name).toBe('郑州黄河湿地省级自然保护区');
    expect(z.group!.members.map((m) => m.props['zone'])).toEqual(
      expect.arrayContaining(['core', 'buffer', 'experimental']),
    );
    expect(z.rules[0]!.strength).toBe('prohibited');
    expect(z.illustrative).toBe(true);
    expect(zoneInfo('nature-reserve', 'nope', ds, book)).toBeNull();
  });
});
