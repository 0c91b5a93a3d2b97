// Splitting an access-list text into its sentences, each a rule: at 。；;！!？? outside brackets and quotes (a bracketed
// note such as "（…细则见清单。）" stays with its sentence), the closing marks that follow a stop kept with it, and a
// sentence repeated in the same text kept once, under the number it first had.

const OPEN = '（([【[《〈“‘「『{';
const CLOSE = '）)]】]》〉”’」』}';
const STOP = '。；;！!？?';

export interface Sentence {
  /** 1-based position among the text's sentences (repeats counted where they stood). */
  n: number;
  text: string;
}

export function splitSentences(text: string): Sentence[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    cur += ch;
    const prev = chars[i - 1] ?? '';
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    else if (ch === '"') depth += cur.split('"').length % 2 === 0 ? 1 : -1;
    // A stop, or a quoted or bracketed sentence closing on its own stop (……。” / ……。）), ends a sentence.
    const ends = STOP.includes(ch) || ((CLOSE.includes(ch) || ch === '"') && STOP.includes(prev));
    if (depth <= 0 && ends) {
      // Closing quotes or brackets right after the stop belong to this sentence.
      while (i + 1 < chars.length && CLOSE.includes(chars[i + 1]!)) cur += chars[++i];
      // "……。）。": the stop after a closed note is this sentence's own.
      if (!STOP.includes(ch) && i + 1 < chars.length && STOP.includes(chars[i + 1]!)) cur += chars[++i];
      parts.push(cur);
      cur = '';
      depth = 0;
    }
  }
  parts.push(cur);
  const seen = new Set<string>();
  const out: Sentence[] = [];
  let position = 0;
  for (const p of parts) {
    const s = p.trim();
    if (!s || /^[\s。；;！!？?，,、]+$/.test(s)) continue;
    position++;
    const key = s.replace(/\s+/g, '');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ n: position, text: s });
  }
  return out;
}
