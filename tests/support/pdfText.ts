// Opens a PDF with pdf.js (an independent reader) and returns its page count, metadata and the text of each page.

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  pages: number;
  title: string | null;
  text: string[];
  fonts: string[];
}

export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true, verbosity: 0 })
    .promise;
  try {
    const text: string[] = [];
    const fonts = new Set<string>();
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      let s = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        s += item.str + (item.hasEOL ? '\n' : '');
        fonts.add(item.fontName);
      }
      text.push(s);
    }
    const meta = await doc.getMetadata();
    const info = meta.info as { Title?: string };
    return { pages: doc.numPages, title: info.Title ?? null, text, fonts: [...fonts] };
  } finally {
    await doc.destroy();
  }
}
