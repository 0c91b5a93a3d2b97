// The access-list data and its machinery: the shipped rules are consistent, bad edits are caught, types resolve, texts are read.
import { describe, expect, it } from 'vitest';
import { checkRules } from '../../src/lib/rules/checkRules';
import { resolveProjectType, typeMatches } from '../../src/lib/rules/projectTypes';
import { RuleBook, strengthOf } from '../../src/lib/rules/ruleBook';
import { readRules } from '../../src/cli/readData';
import { readManifest, ROOT } from '../../scripts/data/sources';
import { join } from 'node:path';

const manifest = readManifest();
const { files, types } = readRules(join(ROOT, 'data/rules'));

describe('shipped rules', () => {
  it('are consistent with the manifest and the project types', () => {
    expect(checkRules(files, types, manifest)).toEqual([]);
  });
  it('seed about 280 rules from the plans and the national regulations, each cited', () => {
    const all = files.flatMap((f) => f.rules);
    expect(all.length).toBeGreaterThanOrEqual(250);
    expect(files.map((f) => f.source.id).sort()).toEqual(expect.arrayContaining(['national']));
    for (const r of all) expect(r.cite.trim().length, r.id).toBeGreaterThan(2);
    const seedCited = all.filter((r) => /^\d{3} L\d+/.test(r.cite));
    expect(seedCited.length).toBeGreaterThan(200);
  });
  it('cover the national rules for reserve zones, water-source grades and the red line', () => {
    const book = new RuleBook(files, types);
    const strongest = (layer: string, props: Record<string, unknown>) =>
      book
        .scoped(layer, props, 'inside')
        .filter((r) => r.projectTypes.includes('*'))
        .map((r) => r.strength);
    expect(strongest('nature-reserve', { zone: 'core' })).toContain('prohibited');
    expect(strongest('nature-reserve', { zone: 'buffer' })).toContain('prohibited');
    expect(strongest('water-source', { grade: 'grade1' })).toContain('prohibited');
    expect(strongest('eco-redline', {})).toContain('prohibited');
  });
});

describe('checkRules', () => {
  it('names what is wrong', () => {
    const broken = structuredClone(files);
    const r = broken[0]!.rules[0]!;
    r.strength = 'forbidden' as never;
    r.projectTypes = ['no-such-type'];
    r.scope = { layer: 'water-source', where: { grade: ['grade9'] } };
    broken[0]!.rules.push({ ...broken[0]!.rules[1]!, id: broken[0]!.rules[1]!.id });
    const problems = checkRules(broken, types, manifest).join('\n');
    expect(problems).toMatch(/strength forbidden/);
    expect(problems).toMatch(/no-such-type is not in project-types/);
    expect(problems).toMatch(/grade value grade9/);
    expect(problems).toMatch(/duplicate id/);
  });
});

describe('project types', () => {
  it('resolve from a GB/T 4754 code (with or without the letter), an id or a Chinese name, with broader types', () => {
    const chem = resolveProjectType('C2614', types);
    expect(chem.ok && [...chem.ids]).toEqual(expect.arrayContaining(['chemical']));
    const noLetter = resolveProjectType('2614', types);
    expect(noLetter.ok && noLetter.ids.has('chemical')).toBe(true);
    const zh = resolveProjectType('化工', types);
    expect(zh.ok && zh.ids.has('chemical')).toBe(true);
    const cement = resolveProjectType('cement', types);
    expect(cement.ok && cement.ids.has('two-high')).toBe(true);
  });
  it('resolve the categories planners use: 化工, 养殖 (both kinds), 道路, 住宅', () => {
    const ids = (q: string) => {
      const r = resolveProjectType(q, types);
      return r.ok ? r.ids : new Set<string>();
    };
    expect(ids('化工').has('chemical')).toBe(true);
    expect([...ids('养殖')]).toEqual(expect.arrayContaining(['livestock', 'aquaculture']));
    expect(ids('道路').has('road')).toBe(true);
    expect(ids('住宅').has('housing')).toBe(true);
  });
  it('refuse what they cannot resolve, with a hint', () => {
    expect(resolveProjectType('Z9999', types)).toMatchObject({ ok: false });
    expect(resolveProjectType('', types)).toMatchObject({ ok: false, error: 'empty project type' });
    expect(resolveProjectType('<script>', types)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown project type/),
    });
  });
  it('match rules, honouring exceptions', () => {
    expect(typeMatches(['*'], new Set(['road']))).toBe(true);
    expect(typeMatches(['*'], new Set(['water-supply']), ['water-supply'])).toBe(false);
    expect(typeMatches(['chemical'], new Set(['road']))).toBe(false);
  });
});

describe('requirement texts carried by official data', () => {
  const book = new RuleBook(files, types);
  it('become rules, one per sentence, typed and graded by their wording', () => {
    const rules = book.fromFields(
      'ecu',
      'ZH1',
      {
        KJBJYS: '禁止新建化工项目。严格控制新增建设用地占用一般生态空间。',
        PWWPFGK: '执行特别排放限值',
        HJFXFK: '',
        ZYKFXLYQ: null,
      },
      'inside',
    );
    expect(
      rules.map((r) => [r.dimension, r.strength, r.projectTypes.includes('chemical') || r.projectTypes[0]]),
    ).toEqual([
      ['KJBJYS', 'prohibited', true],
      ['KJBJYS', 'conditional', '*'],
      ['PWWPFGK', 'conditional', '*'],
    ]);
    expect(rules[0]!.cite).toBe('ecu ZH1 KJBJYS');
  });
  it('treat an unqualified ban on all construction as prohibited, a ban on non-conforming works as needing review', () => {
    expect(book.fromFields('ecu', 'Z', { KJBJYS: '禁止一切开发建设活动。' }, 'inside')[0]!.strength).toBe('prohibited');
    expect(book.fromFields('ecu', 'Z', { KJBJYS: '全面禁止沿岸各类违规建设。' }, 'inside')[0]!.strength).toBe(
      'needs-review',
    );
  });
  it('do not apply to zones only nearby', () => {
    expect(book.fromFields('ecu', 'Z', { KJBJYS: '禁止一切开发建设活动。' }, 'near')).toEqual([]);
  });
  it('grade sentences', () => {
    expect(strengthOf('原则上禁止新建')).toBe('prohibited');
    expect(strengthOf('严格控制')).toBe('restricted');
    expect(strengthOf('应当达标排放')).toBe('conditional');
    expect(strengthOf('加强管理')).toBe('needs-review');
  });
});
