// The app at provincial scale, for the browser tests: the benchmark's provincial set (1,296 control units with
// 2 million vertices and their access list, 800 red-line patches; scripts/bench/browserData.ts) imported and built,
// with the already built app (dist/) copied beside it. Served by the third web server in playwright.config.ts, as any
// static server would serve it: no request is intercepted.

import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchData } from '../bench/browserData';
import { ROOT } from '../data/sources';

export const PROVINCE_SITE = join(ROOT, '.scratch/e2e-province');

export async function buildProvinceSite(): Promise<string> {
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('build the app first (npm run build)');
  const data = await benchData('provincial', (s) => console.log(s));
  rmSync(PROVINCE_SITE, { recursive: true, force: true });
  cpSync(dist, PROVINCE_SITE, { recursive: true });
  rmSync(join(PROVINCE_SITE, 'data'), { recursive: true, force: true });
  cpSync(data, join(PROVINCE_SITE, 'data'), { recursive: true });
  return PROVINCE_SITE;
}

if (process.argv[1]?.endsWith('provinceSite.ts')) console.log(await buildProvinceSite());
