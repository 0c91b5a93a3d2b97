// Line breaking for the PDF: Chinese breaks between characters, Latin at spaces, closing punctuation never starts a line,
// an opening bracket never ends one, words wider than the line are cut, and nothing is lost.
import { describe, expect, it } from 'vitest';
import { cleanText, Typesetter } from '../../src/lib/report/pdf/typeset';

const t = Typesetter.measuring();
const style = { size: 10 };
const join = (lines: string[]) => lines.join('').replace(/\s+/g, '');

describe('PDF line breaking', () => {
  it('fills lines with Chinese text and loses no character', () => {
    const text =
      '禁止在饮用水水源一级保护区内新建、改建、扩建与供水设施和保护水源无关的建设项目；已建成的，由县级以上人民政府责令拆除或者关闭。';
    const lines = t.wrap(text, style, 100);
    expect(lines.length).toBeGreaterThan(3);
    expect(join(lines)).toBe(text.replace(/\s+/g, ''));
    for (const l of lines) expect(t.width(l, style)).toBeLessThanOrEqual(100 + 10 * 1.2);
  });

  it('keeps closing punctuation off the start of a line and opening brackets off its end', () => {
    const lines = t.wrap('一二三四五六七八九十，（甲乙丙）。一二三四五六七八九十（乙）', style, 100);
    for (const l of lines.slice(1)) expect('，。、；：）》」』】'.includes(l[0]!)).toBe(false);
    for (const l of lines) expect('（《「『【'.includes(l[l.length - 1]!)).toBe(false);
  });

  it('breaks Latin at spaces, cuts a code wider than the line, and keeps forced line breaks', () => {
    expect(t.wrap('alpha beta gamma delta', style, 60).every((l) => !l.startsWith(' ') && !l.endsWith(' '))).toBe(true);
    const code = 'ZH410102100010000000000000000000000000';
    const lines = t.wrap(code, style, 50);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(code);
    expect(t.wrap('第一行\n第二行', style, 500)).toEqual(['第一行', '第二行']);
    expect(t.wrap('', style, 100)).toEqual(['']);
  });

  it('drops control and invisible characters and turns tabs into spaces', () => {
    expect(cleanText('a\u0000b\u200bc\td\r\ne\ufeff')).toBe('abc d\ne');
  });

  it('survives a huge unbroken text', () => {
    const lines = t.wrap('x'.repeat(20_000), style, 100);
    expect(lines.join('')).toHaveLength(20_000);
  });
});
