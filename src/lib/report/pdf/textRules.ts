// The rules the PDF's text follows: characters the fonts lack, line-breaking (避头尾), wide characters, control characters.

/** Characters the font lacks are drawn as □ (or ?), never dropped silently; control characters become spaces. */
export const MISSING = '\u25a1';

/** Characters a line must not start with (避头) and may not end with (避尾). */
export const NO_START = new Set([...'，。、；：！？）》」』】〕〉”’,.;:!?)]}%·…—～']);
export const NO_END = new Set([...'（《「『【〔〈“‘([{']);

export const isWide = (cp: number) =>
  (cp >= 0x2e80 && cp <= 0x9fff) ||
  (cp >= 0xac00 && cp <= 0xd7af) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0xfe30 && cp <= 0xffef) ||
  cp >= 0x20000;

export function cleanText(s: string): string {
  let out = '';
  for (const ch of s.replace(/\r\n?/g, '\n')) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\t') out += ' ';
    else if (
      (cp < 0x20 && ch !== '\n') ||
      (cp >= 0x7f && cp <= 0x9f) ||
      (cp >= 0x200b && cp <= 0x200f) ||
      cp === 0x2028 ||
      cp === 0x2029 ||
      cp === 0xfeff
    )
      continue;
    else out += ch;
  }
  return out;
}
