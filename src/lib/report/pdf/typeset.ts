// A small page writer over @cantoo/pdf-lib: text runs split across the font's files, line breaking for Chinese and Latin text, boxes,
// tables whose rows continue on the next page with the header repeated, and page furniture. Layout runs twice: once to learn
// which characters the text needs (no fonts, no pages), once to draw with the font files those characters live in.

import {
  PDFDocument,
  degrees,
  drawText,
  rgb,
  type PDFFont,
  type PDFName,
  type PDFPage,
  type RGB,
} from '@cantoo/pdf-lib';
import { fontFileName, fontKeyOf, woffToSfnt, type FontFiles, type Weight } from './fonts';
import { MISSING, NO_END, NO_START, cleanText, isWide } from './textRules';

export { cleanText };

export const A4 = { w: 595.28, h: 841.89 };
export const MARGIN = { left: 48, right: 48, top: 52, bottom: 54 };
export const CONTENT_W = A4.w - MARGIN.left - MARGIN.right;

export function hex(c: string): RGB {
  const m = /^#?([0-9a-f]{6})$/i.exec(c.trim());
  if (!m) return rgb(0.5, 0.5, 0.5);
  const n = parseInt(m[1]!, 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
}

export class Typesetter {
  readonly doc: PDFDocument | null;
  /** Characters met per weight in the measuring pass. */
  readonly needed = new Map<Weight, Set<string>>([
    [400, new Set()],
    [700, new Set()],
  ]);
  private fonts = new Map<string, PDFFont>();
  private widths = new Map<string, number>();
  pages: PDFPage[] = [];
  pageCount = 0;
  page: PDFPage | null = null;
  /** Top of the free space on the current page, in PDF units from the bottom. */
  y = A4.h - MARGIN.top;
  onNewPage: (t: Typesetter) => void = () => {};

  private constructor(doc: PDFDocument | null) {
    this.doc = doc;
  }

  /** The measuring pass: no document, widths estimated, characters recorded. */
  static measuring(): Typesetter {
    return new Typesetter(null);
  }

  /** The drawing pass: loads and embeds (as subsets) the font files holding every character the measuring pass met. */
  static async drawing(doc: PDFDocument, measured: Typesetter, files: FontFiles): Promise<Typesetter> {
    const t = new Typesetter(doc);
    const jobs: Promise<void>[] = [];
    for (const [weight, chars] of measured.needed) {
      const keys = new Set<string>();
      for (const ch of [...chars, MISSING, '?']) {
        const k = fontKeyOf(ch.codePointAt(0)!);
        if (k) keys.add(k);
      }
      for (const k of keys)
        jobs.push(
          files(fontFileName(k, weight)).then(async (bytes) => {
            t.fonts.set(`${k}:${weight}`, await doc.embedFont(woffToSfnt(bytes), { subset: true }));
          }),
        );
    }
    await Promise.all(jobs);
    return t;
  }

  /** Whether the font has a glyph for this character. */
  covers(ch: string): boolean {
    return fontKeyOf(ch.codePointAt(0)!) !== null;
  }

  get measuringOnly(): boolean {
    return this.doc === null;
  }

  /** The text cut into runs that each one embedded font draws. */
  runs(text: string, weight: Weight): { text: string; font: PDFFont | null; key: string }[] {
    const out: { text: string; font: PDFFont | null; key: string }[] = [];
    for (let ch of text) {
      let key = fontKeyOf(ch.codePointAt(0)!);
      if (this.measuringOnly) this.needed.get(weight)!.add(ch);
      if (!key) {
        ch = fontKeyOf(MISSING.codePointAt(0)!) ? MISSING : '?';
        key = fontKeyOf(ch.codePointAt(0)!) ?? 'latin';
      }
      const font = this.fonts.get(`${key}:${weight}`) ?? null;
      const last = out[out.length - 1];
      if (last && last.key === key) last.text += ch;
      else out.push({ text: ch, font, key });
    }
    return out;
  }

  /** Width of a text in points. */
  width(text: string, style: TextStyle): number {
    const weight: Weight = style.bold ? 700 : 400;
    let w = 0;
    for (const r of this.runs(text, weight)) {
      for (const ch of r.text) {
        const id = `${r.key}:${weight}:${ch}`;
        let cw = this.widths.get(id);
        if (cw === undefined) {
          const cp = ch.codePointAt(0)!;
          cw = r.font ? r.font.widthOfTextAtSize(ch, 1) : isWide(cp) ? 1 : ch === ' ' ? 0.26 : 0.56;
          this.widths.set(id, cw);
        }
        w += cw * style.size;
      }
    }
    return w;
  }

  /** Breaks a text into lines no wider than maxW: between wide (CJK) characters, at spaces, and inside over-long words. */
  wrap(text: string, style: TextStyle, maxW: number): string[] {
    const lines: string[] = [];
    for (const para of cleanText(text).split('\n')) {
      const tokens =
        para.match(
          /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\uffef\u{20000}-\u{3ffff}]|\s+|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\uffef\u{20000}-\u{3ffff}]+/gu,
        ) ?? [];
      let line = '';
      let lineW = 0;
      const push = () => {
        lines.push(line.trimEnd());
        line = '';
        lineW = 0;
      };
      for (let i = 0; i < tokens.length; i++) {
        let tok = tokens[i]!;
        if (/^\s+$/.test(tok)) {
          if (line) {
            line += ' ';
            lineW += this.width(' ', style);
          }
          continue;
        }
        let w = this.width(tok, style);
        if (lineW + w <= maxW + 0.01) {
          line += tok;
          lineW += w;
          continue;
        }
        // Closing punctuation stays on its line, even a little past the edge.
        if (line && NO_START.has(tok) && w < style.size * 1.2) {
          line += tok;
          lineW += w;
          continue;
        }
        if (line) {
          // An opening bracket does not end a line: carry it down.
          const lastCh = [...line].pop()!;
          if (NO_END.has(lastCh)) {
            line = line.slice(0, -lastCh.length);
            push();
            line = lastCh;
            lineW = this.width(lastCh, style);
          } else push();
        }
        // A word wider than the line is cut where it must be.
        while (w > maxW) {
          let cut = '';
          let cutW = 0;
          for (const ch of tok) {
            const cw = this.width(ch, style);
            if (cutW + cw > maxW - lineW && (cut || line)) break;
            cut += ch;
            cutW += cw;
          }
          line += cut;
          push();
          tok = tok.slice(cut.length);
          // What is left is narrower by what was cut (measuring the rest again would be quadratic on long words).
          w = Math.max(0, w - cutW);
        }
        line += tok;
        lineW += w;
      }
      if (line || !lines.length || para === '') push();
    }
    return lines;
  }

  lineHeight(style: TextStyle): number {
    return style.size * 1.5;
  }

  /** Draws one line with its baseline at y. */
  drawLine(text: string, x: number, y: number, style: TextStyle): void {
    const weight: Weight = style.bold ? 700 : 400;
    const runs = this.runs(cleanText(text), weight);
    if (!this.page) return;
    const color = hex(style.color ?? '#111111');
    for (const r of runs) {
      if (!r.font) throw new Error(`no font loaded for "${r.text}" (the measuring pass did not see it)`);
      // One resource name per font and page (page.drawText with a font adds two names to the page per call).
      this.page.pushOperators(
        ...drawText(r.font.encodeText(r.text), {
          x,
          y,
          size: style.size,
          font: this.fontKey(this.page, r.font),
          color,
          rotate: degrees(0),
          xSkew: degrees(0),
          ySkew: degrees(0),
        }),
      );
      x += this.width(r.text, style);
    }
  }

  private fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();
  /** The page's resource name for a font, added once. */
  private fontKey(page: PDFPage, font: PDFFont): PDFName {
    let keys = this.fontKeys.get(page);
    if (!keys) this.fontKeys.set(page, (keys = new Map()));
    let key = keys.get(font);
    if (!key) keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref)));
    return key;
  }

  newPage(): void {
    if (this.doc) {
      this.page = this.doc.addPage([A4.w, A4.h]);
      this.pages.push(this.page);
    }
    this.pageCount++;
    this.y = A4.h - MARGIN.top;
    this.onNewPage(this);
  }

  /** Starts a new page unless `h` points still fit on this one. */
  ensure(h: number): void {
    if (!this.pageCount || this.y - h < MARGIN.bottom) this.newPage();
  }

  /** A wrapped paragraph. */
  paragraph(text: string, style: TextStyle, opts: { indent?: number; after?: number; width?: number } = {}): void {
    const x = MARGIN.left + (opts.indent ?? 0);
    const w = opts.width ?? CONTENT_W - (opts.indent ?? 0);
    const lh = this.lineHeight(style);
    for (const line of this.wrap(text, style, w)) {
      this.ensure(lh);
      this.drawLine(line, x, this.y - style.size * 1.12, style);
      this.y -= lh;
    }
    this.y -= opts.after ?? 2;
  }

  /** A paragraph in a framed, tinted box (the illustrative-data notice, the verdict). */
  box(text: string, style: TextStyle, frame: { border: string; fill: string; width?: number }): void {
    const pad = 6;
    const w = frame.width ?? CONTENT_W;
    const lines = this.wrap(text, style, w - 2 * pad);
    const lh = this.lineHeight(style);
    const h = lines.length * lh + 2 * pad;
    this.ensure(Math.min(h, A4.h - MARGIN.top - MARGIN.bottom));
    this.page?.drawRectangle({
      x: MARGIN.left,
      y: this.y - h,
      width: w,
      height: h,
      color: hex(frame.fill),
      borderColor: hex(frame.border),
      borderWidth: 1.5,
    });
    let y = this.y - pad;
    for (const l of lines) {
      this.drawLine(l, MARGIN.left + pad, y - style.size * 1.12, style);
      y -= lh;
    }
    this.y -= h + 6;
  }

  /**
   * A table: column widths as fractions of the text width; cells wrap; a row too tall for what is left of the page moves to
   * the next, and a row taller than a whole page continues there, with the header drawn again on every page.
   */
  table(
    cols: { title: string; w: number; align?: 'left' | 'right' }[],
    rows: (string | Cell)[][],
    opts: { size?: number; header?: boolean } = {},
  ): void {
    const size = opts.size ?? 8.5;
    const withHeader = opts.header ?? true;
    const pad = 3;
    const widths = cols.map((c) => c.w * CONTENT_W);
    const lh = this.lineHeight({ size });
    const layout = (cells: (string | Cell)[], bold: boolean) =>
      cells.map((c, i) => {
        const cell: Cell = typeof c === 'string' ? { text: c } : c;
        const style: TextStyle = { size, bold: bold || !!cell.bold, color: cell.color ?? '#111111' };
        return { style, lines: this.wrap(cell.text, style, widths[i]! - 2 * pad), align: cols[i]!.align ?? 'left' };
      });
    const header = layout(
      cols.map((c) => c.title),
      true,
    );
    const headerH = withHeader ? Math.max(...header.map((c) => c.lines.length)) * lh + 2 * pad : 0;
    const drawRow = (cells: ReturnType<typeof layout>, from: number, n: number, fill: string | null) => {
      const h = n * lh + 2 * pad;
      let x = MARGIN.left;
      cells.forEach((c, i) => {
        const w = widths[i]!;
        this.page?.drawRectangle({
          x,
          y: this.y - h,
          width: w,
          height: h,
          borderColor: hex('#999999'),
          borderWidth: 0.5,
          ...(fill ? { color: hex(fill) } : {}),
        });
        c.lines.slice(from, from + n).forEach((l, j) => {
          const lx = c.align === 'right' ? x + w - pad - this.width(l, c.style) : x + pad;
          this.drawLine(l, lx, this.y - pad - j * lh - size * 1.12, c.style);
        });
        x += w;
      });
      this.y -= h;
    };
    const drawHeader = () => {
      if (withHeader) drawRow(header, 0, Math.max(...header.map((c) => c.lines.length)), '#eeeeee');
    };
    this.ensure(headerH + lh + 2 * pad);
    drawHeader();
    for (const r of rows) {
      const cells = layout(r, false);
      const total = Math.max(1, ...cells.map((c) => c.lines.length));
      const rowH = total * lh + 2 * pad;
      const pageRoom = A4.h - MARGIN.top - MARGIN.bottom - headerH;
      if (this.y - rowH < MARGIN.bottom && rowH <= pageRoom) {
        this.newPage();
        drawHeader();
      }
      let from = 0;
      while (from < total) {
        let fit = Math.floor((this.y - MARGIN.bottom - 2 * pad) / lh);
        if (fit < 1) {
          this.newPage();
          drawHeader();
          fit = Math.floor((this.y - MARGIN.bottom - 2 * pad) / lh);
        }
        const n = Math.min(fit, total - from);
        drawRow(cells, from, n, null);
        from += n;
      }
    }
    this.y -= 8;
  }
}

export interface Cell {
  text: string;
  bold?: boolean;
  color?: string;
}
