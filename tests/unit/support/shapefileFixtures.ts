// The shapefile fixtures under tests/fixtures/io and the small readers of an import's issues both shapefile test files use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportResult } from '../../../src/lib/io/types';
import { unzip } from '../../../src/lib/io/zip';

export const DIR = join(__dirname, '..', '..', 'fixtures', 'io');
export const fixture = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));

export const codes = (r: ImportResult) => r.issues.map((i) => i.code);
export const errors = (r: ImportResult) => r.issues.filter((i) => i.severity === 'error');

/** The files inside a fixture zip. */
export function inner(zipName: string): Map<string, Uint8Array> {
  const z = unzip(fixture(zipName));
  if (!z.ok) throw new Error(z.code);
  return z.files;
}
