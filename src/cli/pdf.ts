// PDF output for the command line: the printable report page printed by a headless Chromium (A4, as the page's print CSS sets).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from './readData';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string | null {
  const env = process.env['CHROMIUM_PATH'];
  if (env && existsSync(env)) return env;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Prints an HTML document to PDF bytes; a clear error when no Chromium is installed or printing fails. */
export function htmlToPdf(html: string): Uint8Array {
  const chromium = findChromium();
  if (!chromium)
    throw new UserError('PDF output needs Chromium (Debian: apt-get install chromium, or set CHROMIUM_PATH); use --format html or --out report.docx meanwhile');
  const dir = mkdtempSync(join(tmpdir(), 'ecozone-pdf-'));
  try {
    const page = join(dir, 'report.html');
    const pdf = join(dir, 'report.pdf');
    writeFileSync(page, html);
    const r = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
        '--no-pdf-header-footer',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--print-to-pdf=${pdf}`,
        pathToFileURL(page).href,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (!existsSync(pdf)) throw new UserError(`Chromium could not print the report to PDF${r.error ? `: ${r.error.message}` : ''}`);
    return new Uint8Array(readFileSync(pdf));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
