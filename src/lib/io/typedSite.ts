// A site typed by hand: one vertex a line, as lon/lat (decimal or 度分秒) or as grid X (north), Y (east) in a Gauss-Krüger zone.

import type { Geometry, Position } from 'geojson';
import { toLonLat, type Crs } from '../geo/crs';
import { parseAngle } from './coordText';
import { failure, issue, type ImportIssue, type ImportResult } from './types';
import { validateSites } from './validateSites';

export type TypedKind = 'point' | 'line' | 'polygon';

function pair(line: string): [number, number] | null {
  const parts =
    line.includes(',') || line.includes('，') || line.includes(';') || line.includes('\t')
      ? line.split(/[,，;\t]/)
      : line.trim().split(/\s+/);
  const cells = parts.map((p) => p.trim()).filter(Boolean);
  // "J1, 3848032.5, 38465449.7" and "1 3848032.5 38465449.7": a leading point name is skipped.
  const nums = cells.length === 3 ? cells.slice(1) : cells;
  if (nums.length !== 2) return null;
  const a = parseAngle(nums[0]!);
  const b = parseAngle(nums[1]!);
  return a === null || b === null ? null : [a, b];
}

export function readTypedSite(text: string, kind: TypedKind, crs: Crs, name: string): ImportResult {
  const issues: ImportIssue[] = [];
  const pts: [number, number][] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    const p = pair(raw);
    if (p) pts.push(p);
    else
      issues.push(
        issue(
          'error',
          'bad-vertex',
          `第 ${i + 1} 行不是一对坐标：${raw.trim().slice(0, 40)}`,
          `line ${i + 1} is not a coordinate pair: ${raw.trim().slice(0, 40)}`,
          { line: i + 1 },
        ),
      );
  });
  if (issues.length) return { format: 'typed', crs, sites: [], issues };
  const need = kind === 'point' ? 1 : kind === 'line' ? 2 : 3;
  if (pts.length < need)
    return failure('typed', 'too-few-vertices', `至少需要 ${need} 个坐标点`, `at least ${need} vertices are needed`);
  let lonLat: Position[];
  if (crs.kind === 'gk') {
    // Grid coordinates are written X (northing) first; take them the other way round if they only make sense so.
    const northFirst = pts.every(([x]) => x >= 1_000_000 && x < 10_000_000);
    if (!northFirst)
      issues.push(
        issue(
          'warning',
          'swapped-xy',
          '坐标疑似为 Y（东）在前，已按 X（北）、Y（东）调整',
          'the pairs look like easting first; read them as X north, Y east',
        ),
      );
    lonLat = pts.map(([a, b]) => (northFirst ? toLonLat(crs, b, a) : toLonLat(crs, a, b)));
  } else lonLat = pts.map(([a, b]) => toLonLat(crs, a, b));
  const geometry: Geometry =
    kind === 'point'
      ? lonLat.length === 1
        ? { type: 'Point', coordinates: lonLat[0]! }
        : { type: 'MultiPoint', coordinates: lonLat }
      : kind === 'line'
        ? { type: 'LineString', coordinates: lonLat }
        : { type: 'Polygon', coordinates: [lonLat] };
  return validateSites({ format: 'typed', crs, sites: [{ id: 'typed', name, geometry, properties: {} }], issues });
}
