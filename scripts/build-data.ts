// `npm run data`: validates every source layer and writes FlatGeobuf plus the built manifest to public/data.

import { join } from 'node:path';
import { buildData } from './data/build';
import { localDataDir, ROOT } from './data/sources';

const r = await buildData(ROOT, join(ROOT, 'public/data'), new Date(), localDataDir(ROOT));
for (const line of r.log) (r.errors.includes(line) ? console.error : console.log)(line);
process.exitCode = r.ok ? 0 : 1;
