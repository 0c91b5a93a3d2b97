// The shapefile's coordinate system: its .prj read, then decided with every other importer's (crsDecision.ts).

import { crsFromPrj, type Crs } from '../../geo/crs';
import type { ImportIssue } from '../types';
import { decideCrs as decide } from '../crsDecision';
import type { RawRecord, XY } from './shp';
import type { ShapefileOptions } from '../shapefile';

export function prjName(prj: string): string {
  const m = /^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|COMPD_CS|COMPOUNDCRS)\s*\[\s*"([^"]*)"/i.exec(prj);
  return m ? m[1]! : prj.trim().slice(0, 60);
}

export function* allPoints(records: RawRecord[]): Generator<XY> {
  for (const r of records) {
    if ('points' in r.shape) yield* r.shape.points;
    else for (const part of r.shape.parts) yield* part;
  }
}

export function decideCrs(
  file: string,
  opts: ShapefileOptions,
  prj: string | undefined,
  records: RawRecord[],
  issues: ImportIssue[],
): Crs | null {
  const declared = prj?.trim() ? { crs: crsFromPrj(prj), name: `${file}: ${prjName(prj)}` } : undefined;
  return decide(
    {
      points: allPoints(records),
      chosen: opts.crs ?? null,
      ...(declared ? { declared } : {}),
      silence: { zh: `${file} 缺少 .prj 坐标系文件`, en: `${file} has no .prj` },
    },
    issues,
  );
}
