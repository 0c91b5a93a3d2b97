// Well-known text geometries (POINT, LINESTRING, POLYGON and their MULTI forms; Z and M values dropped) to GeoJSON.

import type { Geometry, Position } from 'geojson';

export type WktResult = { ok: true; geometry: Geometry } | { ok: false; error: string };

/** Parses one WKT geometry; an error says what was expected where. */
export function parseWkt(text: string): WktResult {
  const src = text.trim();
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at character ${i + 1}`);
  };
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const word = () => {
    ws();
    const m = /^[A-Za-z]+/.exec(src.slice(i));
    if (!m) fail('expected a geometry type');
    i += m![0].length;
    return m![0].toUpperCase();
  };
  const expect = (c: string) => {
    ws();
    if (src[i] !== c) fail(`expected "${c}"`);
    i++;
  };
  const peek = () => {
    ws();
    return src[i];
  };
  const number = () => {
    ws();
    const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i));
    if (!m) fail('expected a number');
    i += m![0].length;
    return Number(m![0]);
  };
  const position = (): Position => {
    const p: number[] = [number(), number()];
    while (/[-+\d.]/.test(peek() ?? '')) number(); // Z, M
    return p;
  };
  const list = <T>(item: () => T): T[] => {
    expect('(');
    const out = [item()];
    while (peek() === ',') {
      i++;
      out.push(item());
    }
    expect(')');
    return out;
  };
  // MULTIPOINT may write its points with or without their own parentheses.
  const point = () => (peek() === '(' ? list(position)[0]! : position());
  try {
    let type = word();
    const dims = /^(Z|M|ZM)$/i;
    ws();
    const after = /^[A-Za-z]+/.exec(src.slice(i));
    if (after && dims.test(after[0])) i += after[0].length;
    if (type.endsWith('ZM')) type = type.slice(0, -2);
    else if (/[ZM]$/.test(type) && !['MULTIPOINT', 'POINT'].includes(type)) type = type.slice(0, -1);
    if (peek()?.toUpperCase() === 'E' && /^EMPTY/i.test(src.slice(i)))
      return { ok: false, error: `${type} EMPTY has no coordinates` };
    let geometry: Geometry;
    switch (type) {
      case 'POINT':
        geometry = { type: 'Point', coordinates: list(position)[0]! };
        break;
      case 'LINESTRING':
        geometry = { type: 'LineString', coordinates: list(position) };
        break;
      case 'POLYGON':
        geometry = { type: 'Polygon', coordinates: list(() => list(position)) };
        break;
      case 'MULTIPOINT':
        geometry = { type: 'MultiPoint', coordinates: list(point) };
        break;
      case 'MULTILINESTRING':
        geometry = { type: 'MultiLineString', coordinates: list(() => list(position)) };
        break;
      case 'MULTIPOLYGON':
        geometry = { type: 'MultiPolygon', coordinates: list(() => list(() => list(position))) };
        break;
      default:
        return { ok: false, error: `unsupported WKT geometry type ${type}` };
    }
    ws();
    if (i < src.length) fail('unexpected text after the geometry');
    return { ok: true, geometry };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
