// The plans' targets: the shipped file passes the model check; each value is the one its cited seed line prints.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needs } from './support/needs';
import { change, checkIndicators, type IndicatorFile } from '../../src/lib/indicators/indicators';
import { ROOT } from '../../scripts/data/sources';

const file = JSON.parse(readFileSync(join(ROOT, 'data/indicators.json'), 'utf8')) as IndicatorFile;
const SEEDS = join(ROOT, '../shared/seeds');

describe('plan targets', () => {
  it('the shipped file is sound: four regions, sources, unique ids, citations', () => {
    expect(checkIndicators(file)).toEqual([]);
    expect(file.regions.map((r) => r.id)).toEqual(['zhengzhou', 'jinshui', 'etdz', 'jiyuan']);
    for (const r of file.regions)
      expect(file.indicators.filter((i) => i.region === r.id).length, r.id).toBeGreaterThan(10);
    const pm = file.indicators.find((i) => i.id === 'jiyuan-pm25')!;
    expect([pm.baseline?.value, pm.target?.value, pm.direction, pm.binding]).toEqual([54, 44, 'down', true]);
    expect(change(pm)!.pct).toBeCloseTo(-18.5, 1);
    // The red line is "not to decrease" wherever a plan sets it.
    expect(file.indicators.filter((i) => /生态保护红线面积/.test(i.zh)).every((i) => i.direction === 'hold')).toBe(
      true,
    );
  });

  it('reports what is wrong with a broken file', () => {
    const broken = structuredClone(file);
    broken.indicators[0]!.region = 'nowhere';
    broken.indicators[1]!.id = broken.indicators[2]!.id;
    broken.indicators[3]!.cite = { seed: '999', line: 0, quote: '' };
    broken.indicators[4]!.baseline = { year: 2020, value: Number.NaN, text: 'x' };
    const p = checkIndicators(broken);
    expect(p.some((x) => x.includes('unknown region nowhere'))).toBe(true);
    expect(p.some((x) => x.includes('duplicate id'))).toBe(true);
    expect(p.some((x) => x.includes('needs a citation'))).toBe(true);
    expect(p.some((x) => x.includes('value must be a number'))).toBe(true);
    expect(checkIndicators({} as IndicatorFile)).toHaveLength(1);
  });

  // The seeds are the project's source documents (beside the checkout, not shipped); where they are at hand, every quote
  // must be on its cited line and every value's text near it.
  it.runIf(needs('../shared/seeds (the source documents)', existsSync(SEEDS)))(
    'quotes each value from its cited seed line (source documents beside the checkout)',
    () => {
      const lines = new Map<string, string[]>();
      for (const f of readdirSync(SEEDS)) lines.set(f.slice(0, 3), readFileSync(join(SEEDS, f), 'utf8').split('\n'));
      for (const i of file.indicators) {
        const seed = lines.get(i.cite.seed)!;
        expect(seed[i.cite.line - 1]!.trim(), i.id).toContain(i.cite.quote);
        const near = seed.slice(Math.max(0, i.cite.line - 12), i.cite.line + 12).join('\n');
        // A baseline stated elsewhere in the plan names its line in the note ("Baseline on L29"): checked there.
        const elsewhere = /baseline on L(\d+)/i.exec(i.note ?? '');
        if (i.baseline)
          expect(elsewhere ? seed[Number(elsewhere[1]) - 1]! : near, `${i.id}: ${i.baseline.text}`).toContain(
            i.baseline.text,
          );
        if (i.target) expect(near, `${i.id}: ${i.target.text}`).toContain(i.target.text);
      }
    },
  );
});
