// The report font files for Node (command line, tests): read from the installed @fontsource/noto-sans-sc package.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FONT_FILE_PATTERN, type FontFiles } from '../lib/report/pdf/fonts';

export function fontDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/unicode.json')), 'files');
}

export const nodeFontFiles: FontFiles = async (file) => {
  if (!FONT_FILE_PATTERN.test(file)) throw new Error(`not a report font file: ${file}`);
  return new Uint8Array(await readFile(join(fontDir(), file)));
};
