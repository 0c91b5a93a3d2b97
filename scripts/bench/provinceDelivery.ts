// A province-sized delivery for the import benchmark: control units tiling a Henan-sized region (a grid of cells whose
// shared edges wander, identical on both sides, so the units tile exactly), about 1,300 units and 2 million vertices,
// written as a zipped GBK shapefile in EPSG:4547 with the standard fields (texts of DBF length), with the full access
// list beside it as XLSX, as a bureau delivers.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Position } from 'geojson';
import { zipSync } from 'fflate';
import { accessListSheet, DIMS } from '../fixtures/delivery';
import { startGdal, takeOutput } from '../../src/cli/gdal';
import { rng } from '../oracle/generate';

const WEST = 110.4,
  SOUTH = 31.4,
  EAST = 116.6,
  NORTH = 36.3;

/** The wandering line from a to b: `n` inner points, displaced sideways by a smooth noise seeded by the edge. */
function edge(a: Position, b: Position, n: number, seed: number, amplitude: number): Position[] {
  const r = rng(seed);
  const phases = [r() * 6.28, r() * 6.28, r() * 6.28];
  const dx = b[0]! - a[0]!,
    dy = b[1]! - a[1]!;
  const len = Math.hypot(dx, dy);
  const nx = -dy / len,
    ny = dx / len;
  const pts: Position[] = [];
  for (let i = 1; i <= n; i++) {
    const t = i / (n + 1);
    // Zero at both ends, so neighbouring edges meet at the grid nodes.
    const w =
      Math.sin(Math.PI * t) *
      (0.6 * Math.sin(2 * Math.PI * t + phases[0]!) +
        0.3 * Math.sin(6 * Math.PI * t + phases[1]!) +
        0.1 * Math.sin(22 * Math.PI * t + phases[2]!));
    pts.push([a[0]! + dx * t + nx * w * amplitude, a[1]! + dy * t + ny * w * amplitude]);
  }
  return pts;
}

export function provinceUnits(cols = 36, rows = 36, perEdge = 400): FeatureCollection {
  const cw = (EAST - WEST) / cols,
    ch = (NORTH - SOUTH) / rows;
  const node = (i: number, j: number): Position => [WEST + i * cw, SOUTH + j * ch];
  const amp = Math.min(cw, ch) * 0.12;
  // Horizontal edge (i,j)→(i+1,j) and vertical edge (i,j)→(i,j+1), each made once.
  const hEdge = (i: number, j: number) => edge(node(i, j), node(i + 1, j), perEdge, 1 + i * 1000 + j, amp);
  const vEdge = (i: number, j: number) => edge(node(i, j), node(i, j + 1), perEdge, 500_000 + i * 1000 + j, amp);
  const features: Feature[] = [];
  const text = (n: number, what: string) =>
    `${what}：严格执行相关法律法规和规划要求，禁止新建、扩建不符合功能定位的项目；`.repeat(4).slice(0, 120 + (n % 7));
  let k = 0;
  for (let j = 0; j < rows; j++)
    for (let i = 0; i < cols; i++) {
      // Counter-clockwise: bottom (left→right), right (up), top (right→left), left (down).
      const ring: Position[] = [
        node(i, j),
        ...hEdge(i, j),
        node(i + 1, j),
        ...vEdge(i + 1, j),
        node(i + 1, j + 1),
        ...hEdge(i, j + 1).reverse(),
        node(i, j + 1),
        ...vEdge(i, j).reverse(),
        node(i, j),
      ];
      k++;
      const cls = (k % 3) + 1;
      features.push({
        type: 'Feature',
        properties: {
          HJZHGKDYBM: `ZH41${String(1000 + (k % 9000)).padStart(4, '0')}${cls}${String(k).padStart(4, '0')}`,
          HJZHGKDYMC: `测试${['优先保护', '重点管控', '一般管控'][cls - 1]}单元${k}`,
          ZHGKDYFL: cls,
          SHI: `测试市${1 + Math.floor(j / 4)}`,
          XIAN: `测试县${k}`,
          KJBJYS: text(k, '空间布局约束'),
          PWWPFGK: text(k + 1, '污染物排放管控'),
          HJFXFK: text(k + 2, '环境风险防控'),
          ZYKFXLYQ: text(k + 3, '资源开发效率要求'),
        },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
    }
  return { type: 'FeatureCollection', features };
}

/**
 * The full access list as a bureau delivers it beside the units: XLSX, a title row and merged header cells above the
 * header, one row per unit and dimension, texts of 300–900 characters (far past the DBF's 254 bytes).
 */
async function writeAccessList(file: string, fc: FeatureCollection): Promise<void> {
  const { wb, ws } = accessListSheet('河南省环境管控单元生态环境准入清单（基准测试数据）');
  fc.features.forEach((f, k) => {
    const p = f.properties!;
    for (const [key, title] of DIMS) {
      const sentence = `${String(p[key]).slice(0, 40)}（第${k + 1}单元${title}细则）严格落实“三线一单”分区管控要求。`;
      ws.addRow([p['HJZHGKDYBM'], p['HJZHGKDYMC'], title, sentence.repeat(4 + (k % 10))]);
    }
  });
  await wb.xlsx.writeFile(file);
}

/** Writes (once) the zipped shapefile and its access list into `dir`; returns their paths and the counts. */
export async function writeProvinceDelivery(
  dir: string,
): Promise<{ zip: string; accessList: string; units: number; vertices: number }> {
  const zip = join(dir, 'province_ecu.zip');
  const accessList = join(dir, '准入清单.xlsx');
  const fc = provinceUnits();
  const vertices = fc.features.reduce(
    (n, f) => n + (f.geometry as { coordinates: Position[][] }).coordinates[0]!.length,
    0,
  );
  mkdirSync(dir, { recursive: true });
  if (!existsSync(accessList)) await writeAccessList(accessList, fc);
  if (existsSync(zip)) return { zip, accessList, units: fc.features.length, vertices };
  const G = await startGdal();
  const src = join(dir, 'units.geojson');
  writeFileSync(src, JSON.stringify(fc));
  const opened = await G.open(src);
  const out = await G.ogr2ogr(
    opened.datasets[0]!,
    ['-f', 'ESRI Shapefile', '-s_srs', 'EPSG:4490', '-t_srs', 'EPSG:4547', '-lco', 'ENCODING=CP936'],
    'HJGKDY',
  );
  await G.close(opened.datasets[0]!);
  rmSync(src);
  const shpDir = join(dir, 'shp');
  mkdirSync(shpDir, { recursive: true });
  const all = (out as unknown as { all?: { local: string }[] }).all?.map((f) => f.local) ?? [out.local];
  for (const p of all) writeFileSync(join(shpDir, p.split('/').pop()!), takeOutput(p));
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(shpDir)) files[`HJGKDY/${f}`] = new Uint8Array(readFileSync(join(shpDir, f)));
  writeFileSync(zip, zipSync(files, { level: 1 }));
  return { zip, accessList, units: fc.features.length, vertices };
}
