// The app as a bureau runs it on official data, for the browser tests: the fixture delivery (scripts/fixtures/delivery.ts)
// imported with its full access list by `ecozone data import`, the data built with it, and the already built app
// (dist/) copied with that data in place of the demo's. Served by the second web server in playwright.config.ts.

import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeDelivery } from '../fixtures/delivery';
import { dataImport } from '../../src/cli/dataImport';
import { buildData } from '../data/build';
import { ROOT } from '../data/sources';

export const OFFICIAL_DIR = join(ROOT, '.scratch/official');

export async function buildOfficialSite(): Promise<string> {
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('build the app first (npm run build)');
  rmSync(OFFICIAL_DIR, { recursive: true, force: true });
  const d = await writeDelivery(join(OFFICIAL_DIR, 'delivery'));
  const local = join(OFFICIAL_DIR, 'local');
  await dataImport(ROOT, [d.ecuShpZip, '--layer', 'ecu', '--access-list', d.accessListXlsx, '--out', local], () => {});
  const site = join(OFFICIAL_DIR, 'dist');
  cpSync(dist, site, { recursive: true });
  rmSync(join(site, 'data'), { recursive: true, force: true });
  const r = await buildData(ROOT, join(site, 'data'), new Date(), local);
  if (!r.ok) throw new Error(`official data build failed: ${r.errors.join('; ')}`);
  return site;
}

if (process.argv[1]?.endsWith('officialSite.ts')) console.log(await buildOfficialSite());
