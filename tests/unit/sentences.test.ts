// Access-list texts into sentences: never broken inside brackets or quotes, repeats kept once under their first number.
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/lib/rules/sentences';

describe('splitSentences', () => {
  it('keeps a bracketed note, with its own full stop, in its sentence', () => {
    const t = '禁止新建化工项目（ZH41031120003空间布局约束细则见清单。）。严格控制新增用地；执行排放标准。';
    expect(splitSentences(t)).toEqual([
      { n: 1, text: '禁止新建化工项目（ZH41031120003空间布局约束细则见清单。）。' },
      { n: 2, text: '严格控制新增用地；' },
      { n: 3, text: '执行排放标准。' },
    ]);
  });
  it('keeps quoted text and closing marks with the sentence they end', () => {
    expect(splitSentences('落实“三线一单”要求。“不得新建燃煤锅炉。”其余按规定执行')).toEqual([
      { n: 1, text: '落实“三线一单”要求。' },
      { n: 2, text: '“不得新建燃煤锅炉。”' },
      { n: 3, text: '其余按规定执行' },
    ]);
    expect(splitSentences('执行《河南省水污染防治条例》的规定；禁止排污。').map((s) => s.n)).toEqual([1, 2]);
  });
  it('keeps a repeated sentence once, under the number it first had; skips empty pieces', () => {
    expect(splitSentences('禁止采砂。 禁止采砂。严控取水；；')).toEqual([
      { n: 1, text: '禁止采砂。' },
      { n: 3, text: '严控取水；' },
    ]);
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('（未闭合的括号。后面的文字')).toEqual([{ n: 1, text: '（未闭合的括号。后面的文字' }]);
  });
});
