// Tests that need what lies beside the checkout (../shared: test-only real data, the source documents, the GEOS oracle).
// Where it is absent they are skipped, and say so by name; where ../shared is present but what a test needs is not
// (the oracle's Python modules, a moved file), CI (ECOZONE_STRICT=1, set by .ci/run) runs the test anyway so that it
// fails rather than skipping quietly.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SHARED = join(__dirname, '../../../../shared');

/** Whether a test needing `what` should run: true when it is available, or when CI must not skip it. */
export function needs(what: string, available: boolean): boolean {
  if (available) return true;
  if (process.env.ECOZONE_STRICT && existsSync(SHARED)) return true;
  console.warn(`skipped: a test needs ${what}, which is not here`);
  return false;
}
