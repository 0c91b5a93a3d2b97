// The drawing's coordinate system: DXF records none, so it is the user's choice or a guess, decided with every other
// importer's (crsDecision.ts).

import type { Crs } from '../../geo/crs';
import type { ImportIssue } from '../types';
import { decideCrs as decide } from '../crsDecision';
import { controlPoints } from './geometry';
import type { Item } from './model';

export function hasControlBytes(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 9) return true;
  return false;
}

export function decideCrs(items: Item[], chosen: Crs | null, issues: ImportIssue[]): Crs | null {
  return decide(
    {
      points: items.flatMap((it) => controlPoints(it.shape)),
      chosen,
      silence: { zh: 'DXF 不记录坐标系', en: 'DXF records no CRS' },
    },
    issues,
  );
}
