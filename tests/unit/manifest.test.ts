// The layer manifest: the real one is sound and covers every required category; broken edits are caught.
import { describe, expect, it } from 'vitest';
import { checkManifest } from '../../src/lib/layers/checkManifest';
import type { Manifest } from '../../src/lib/layers/manifest';
import { readManifest } from '../../scripts/data/sources';

const real = readManifest();
const copy = (): Manifest => structuredClone(real);

describe('layer manifest', () => {
  it('is consistent', () => {
    expect(checkManifest(real)).toEqual([]);
  });
  it('has every required category with layers, Chinese and English titles and provenance', () => {
    for (const cat of ['ecu', 'redline', 'reserve', 'water', 'corridor', 'admin'])
      expect(
        real.layers.some((l) => l.category === cat),
        cat,
      ).toBe(true);
    for (const l of real.layers) {
      expect(l.title.zh && l.title.en).toBeTruthy();
      expect(['illustrative', 'official']).toContain(l.provenance.status);
    }
  });
  it('marks every authored zoning layer illustrative', () => {
    for (const l of real.layers.filter((x) => x.role === 'zoning'))
      expect(l.provenance.status, l.id).toBe('illustrative');
  });
  it('has the sub-classes the plans use: unit classes, reserve zones, water-source grades', () => {
    const values = (id: string) => real.layers.find((l) => l.id === id)!.style.classes.map((c) => c.label.zh);
    expect(values('ecu')).toEqual(['优先保护单元', '重点管控单元', '一般管控单元']);
    expect(values('nature-reserve')).toEqual(['核心区', '缓冲区', '实验区']);
    expect(values('water-source')).toEqual(['一级保护区', '二级保护区', '准保护区']);
  });
  it('reports broken edits', () => {
    const m1 = copy();
    m1.categories = m1.categories.filter((c) => c.id !== 'water');
    expect(checkManifest(m1).join('\n')).toMatch(/category water is missing/);
    const m2 = copy();
    m2.layers[1]!.id = m2.layers[0]!.id;
    expect(checkManifest(m2).join('\n')).toMatch(/duplicate layer id/);
    const m3 = copy();
    m3.layers[0]!.style.classes[0]!.color = 'green';
    expect(checkManifest(m3).join('\n')).toMatch(/not #rrggbb/);
    const m4 = copy();
    m4.layers[0]!.style.classes.pop();
    expect(checkManifest(m4).join('\n')).toMatch(/value 3 of ZHGKDYFL has no style class/);
    const m5 = copy();
    m5.layers[0]!.provenance.licence = '';
    expect(checkManifest(m5).join('\n')).toMatch(/provenance needs/);
    const m6 = copy();
    m6.layers[0]!.idField = 'nope';
    expect(checkManifest(m6).join('\n')).toMatch(/nope must be a required attribute/);
  });
});
