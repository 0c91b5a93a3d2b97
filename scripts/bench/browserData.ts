// The two data sets of `npm run bench:browser`, each imported with `ecozone data import` and built with the data build
// into a copy of the production app, as a bureau would: provincial (about 1,300 control units with 2 million vertices
// over Henan, with their access list, plus 800 red-line patches) and national (40,000 units, 5 million vertices over
// China). Written once into .scratch/bench-browser and reused.

import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { dataImport } from '../../src/cli/dataImport';
import { buildData } from '../data/build';
import { ROOT } from '../data/sources';
import { rng } from '../oracle/generate';
import { writeProvinceDelivery } from './provinceDelivery';
import { nationalUnits } from './nationalUnits';

export const BENCH_DIR = join(ROOT, '.scratch/bench-browser');

export type SetName = 'provincial' | 'national';

/** 800 red-line patches over Henan: irregular rings, some with a hole, some of two parts, with BSM / MC / LX. */
function redLinePatches(): FeatureCollection<Polygon | { type: 'MultiPolygon'; coordinates: Position[][][] }> {
  const rand = rng(800);
  const ring = (cx: number, cy: number, r: number, n: number): Position[] => {
    const pts: Position[] = [];
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * k) / n;
      const rr = r * (0.7 + 0.3 * Math.sin(5 * a + cx) + 0.1 * rand());
      pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a) * 0.8]);
    }
    pts.push(pts[0]!);
    return pts;
  };
  const features: Feature<Polygon | { type: 'MultiPolygon'; coordinates: Position[][][] }>[] = [];
  for (let k = 0; k < 800; k++) {
    const cx = 110.8 + rand() * 5.4,
      cy = 31.8 + rand() * 4.1;
    const r = 0.005 + rand() * 0.04;
    const shell = ring(cx, cy, r, 60 + Math.floor(rand() * 200));
    const parts: Position[][][] = [[shell]];
    if (k % 5 === 0) parts[0]!.push(ring(cx, cy, r * 0.2, 24).reverse());
    if (k % 7 === 0) parts.push([ring(cx + r * 2.5, cy, r * 0.5, 40)]);
    features.push({
      type: 'Feature',
      properties: {
        BSM: `41${String(k).padStart(6, '0')}`,
        MC: `测试红线斑块${k + 1}`,
        SHI: `测试市${(k % 17) + 1}`,
        LX: ['水源涵养', '水土保持', '生物多样性维护'][k % 3],
      },
      geometry:
        parts.length === 1 ? { type: 'Polygon', coordinates: parts[0]! } : { type: 'MultiPolygon', coordinates: parts },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The national units with the standard control-unit fields, as a delivery would carry them. */
function nationalDelivery(): FeatureCollection {
  const { fc } = nationalUnits();
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f, k) => {
      const cls = Number(f.properties!['ZHGKDYFL']);
      return {
        type: 'Feature',
        properties: {
          HJZHGKDYBM: `ZH${String(110000 + (k % 900000)).padStart(6, '0')}${cls}${String(k).padStart(5, '0')}`,
          HJZHGKDYMC: `测试${['优先保护', '重点管控', '一般管控'][cls - 1]}单元${k + 1}`,
          ZHGKDYFL: cls,
          SHI: `测试市${Math.floor(k / 200) + 1}`,
          XIAN: `测试县${k + 1}`,
          KJBJYS: '严格执行相关法律法规和规划要求。',
          PWWPFGK: '污染物排放符合国家和地方标准。',
          HJFXFK: '加强环境风险防控。',
          ZYKFXLYQ: '提高资源利用效率。',
        },
        geometry: f.geometry,
      };
    }),
  };
}

/** The set's data, imported and built (once); returns its built data folder. */
export async function benchData(set: SetName, log: (s: string) => void): Promise<string> {
  const dir = join(BENCH_DIR, set);
  const data = join(dir, 'data');
  if (existsSync(join(data, 'manifest.json'))) return data;
  rmSync(dir, { recursive: true, force: true });
  const local = join(dir, 'local');
  mkdirSync(local, { recursive: true });
  const quiet = () => {};
  if (set === 'provincial') {
    const { zip, accessList } = await writeProvinceDelivery(join(ROOT, '.scratch/bench-province'));
    await dataImport(ROOT, [zip, '--layer', 'ecu', '--access-list', accessList, '--out', local], quiet);
    const rl = join(dir, 'redline.geojson');
    writeFileSync(rl, JSON.stringify(redLinePatches()));
    await dataImport(ROOT, [rl, '--layer', 'eco-redline', '--out', local], quiet);
  } else {
    const units = join(dir, 'units.geojson');
    writeFileSync(units, JSON.stringify(nationalDelivery()));
    await dataImport(ROOT, [units, '--layer', 'ecu', '--out', local], quiet);
    rmSync(units);
  }
  log(`${set}: imported; building the app's data`);
  const built = await buildData(ROOT, data, new Date(), local);
  if (!built.ok) throw new Error(`${set}: the data build failed: ${built.errors.slice(0, 3).join('; ')}`);
  return data;
}

/** A production build of the app (`appDist`) with the set's data in its data folder, as a site to serve. */
export async function benchSite(
  set: SetName,
  app: { name: string; dist: string },
  log: (s: string) => void,
): Promise<string> {
  const data = await benchData(set, log);
  const site = join(BENCH_DIR, set, `site-${app.name}`);
  rmSync(site, { recursive: true, force: true });
  cpSync(app.dist, site, { recursive: true });
  rmSync(join(site, 'data'), { recursive: true, force: true });
  cpSync(data, join(site, 'data'), { recursive: true });
  return site;
}
