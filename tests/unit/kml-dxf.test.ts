// The KML/KMZ and DXF readers against pyproj reference values, the CRS a DXF needs, the inputs they refuse, and a mutation fuzz.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { crsLabel, parseCrs } from '../../src/lib/geo/crs';
import { areaM2, geodesicM, lengthM } from '../../src/lib/geo/ellipsoid';
import { decodeText } from '../../src/lib/io/decodeText';
import { readDxf } from '../../src/lib/io/dxf';
import { readKml, readKmz } from '../../src/lib/io/kml';
import type { ImportResult } from '../../src/lib/io/types';

const dir = join(__dirname, '../fixtures/io');
const bytes = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const text = (f: string) => decodeText(bytes(f)).text;

interface RefSite {
  type: string;
  name: string;
  holes?: number;
  areaM2?: number;
  lengthM?: number;
  centroid: [number, number];
  layer?: string;
  folder?: string;
}
const reference = JSON.parse(text('reference-kml-dxf.json')) as {
  files: Record<string, { crs: string; sites: Record<string, RefSite> }>;
};

const codes = (r: ImportResult) => r.issues.map((i) => `${i.severity}:${i.code}`);
const errors = (r: ImportResult) => r.issues.filter((i) => i.severity === 'error');

/** Average of the distinct vertices: polygons' outer rings without the closing repeat, lines' and points' positions. */
function vertexAverage(g: Geometry): [number, number] {
  const open = (r: Position[]) =>
    r.length > 1 && r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1] ? r.slice(0, -1) : r;
  let pts: Position[];
  if (g.type === 'Point') pts = [g.coordinates];
  else if (g.type === 'LineString' || g.type === 'MultiPoint') pts = g.coordinates;
  else if (g.type === 'MultiLineString') pts = g.coordinates.flat();
  else if (g.type === 'Polygon') pts = open(g.coordinates[0]!);
  else if (g.type === 'MultiPolygon') pts = g.coordinates.flatMap((p) => open(p[0]!));
  else throw new Error(g.type);
  return [pts.reduce((s, p) => s + p[0]!, 0) / pts.length, pts.reduce((s, p) => s + p[1]!, 0) / pts.length];
}

const holes = (g: Geometry) =>
  g.type === 'Polygon'
    ? g.coordinates.length - 1
    : g.type === 'MultiPolygon'
      ? g.coordinates.reduce((s, p) => s + p.length - 1, 0)
      : 0;

/** Every reference site is read with its name, type, holes, area or length within 0.1 % and vertex average within 1 m. */
function agrees(file: string, r: ImportResult) {
  const ref = reference.files[file]!;
  expect(crsLabel(r.crs!)).toBe(ref.crs);
  expect(r.sites.map((s) => s.id).sort()).toEqual(Object.keys(ref.sites).sort());
  for (const [id, want] of Object.entries(ref.sites)) {
    const site = r.sites.find((s) => s.id === id)!;
    expect(site.name, `${file} ${id} name`).toBe(want.name);
    expect(site.geometry.type, `${file} ${id} type`).toBe(want.type);
    if (want.holes !== undefined) expect(holes(site.geometry), `${file} ${id} holes`).toBe(want.holes);
    if (want.areaM2 !== undefined)
      expect(Math.abs(areaM2(site.geometry) / want.areaM2 - 1), `${file} ${id} area`).toBeLessThan(0.001);
    if (want.lengthM !== undefined)
      expect(Math.abs(lengthM(site.geometry) / want.lengthM - 1), `${file} ${id} length`).toBeLessThan(0.001);
    expect(geodesicM(vertexAverage(site.geometry), want.centroid), `${file} ${id} centroid`).toBeLessThan(1);
    if (want.layer) expect(site.properties.layer).toBe(want.layer);
    if (want.folder) expect(site.properties.folder).toBe(want.folder);
  }
}

describe('KML', () => {
  it('reads a phone app export: nested folders, Chinese names, a polygon with a hole, a track, a point, ExtendedData', () => {
    const r = readKml(text('ovital_phone.kml'));
    expect(errors(r)).toEqual([]);
    agrees('ovital_phone.kml', r);
    const plot = r.sites.find((s) => s.id === 'ZZ-2024-001')!;
    expect(plot.properties).toMatchObject({
      编号: 'ZZ-2024-001',
      用地性质: '公用设施用地',
      name: '郑东新区拟建污水处理厂地块',
    });
    expect(String(plot.properties.description)).toContain('踏勘日期');
    // The hole was written unclosed: it comes back closed.
    const hole = (plot.geometry as { coordinates: Position[][] }).coordinates[1]!;
    expect(hole[0]).toEqual(hole[hole.length - 1]);
    expect(r.sites.find((s) => s.id === '3')!.properties.备注).toBe('贾鲁河右岸');
  });

  it('reads WGS84 and notes that Chinese map apps may have exported GCJ-02, without converting', () => {
    const r = readKml(text('ovital_phone.kml'));
    expect(r.crs!.kind).toBe('geographic');
    const note = r.issues.find((i) => i.code === 'kml-datum-note')!;
    expect(note.severity).toBe('warning');
    expect(note.message.zh).toContain('GCJ-02');
    expect(note.message.en).toMatch(/GCJ-02.*500 m/);
    const abroad = readKml('<kml><Placemark><Point><coordinates>2.35,48.85</coordinates></Point></Placemark></kml>');
    expect(codes(abroad)).toEqual([]);
  });

  it('converts when the user says the file is GCJ-02', () => {
    const wgs = readKml(text('ovital_phone.kml'));
    const gcj = readKml(text('ovital_phone.kml'), { crs: parseCrs('gcj02') });
    expect(gcj.crs!.kind).toBe('gcj02');
    expect(codes(gcj)).not.toContain('warning:kml-datum-note');
    const shift = geodesicM(vertexAverage(wgs.sites[0]!.geometry), vertexAverage(gcj.sites[0]!.geometry));
    expect(shift).toBeGreaterThan(300);
    expect(shift).toBeLessThan(800);
    expect(codes(readKml(text('ovital_phone.kml'), { crs: parseCrs('EPSG:4547') }))).toEqual([
      'error:crs-not-geographic',
    ]);
  });

  it('reads a KMZ with a MultiGeometry of two polygons and a gx:Track', () => {
    const r = readKmz(bytes('google_earth.kmz'));
    expect(r.format).toBe('kmz');
    expect(errors(r)).toEqual([]);
    agrees('google_earth.kmz', r);
    expect((r.sites.find((s) => s.id === 'pm-multi')!.geometry as { coordinates: unknown[] }).coordinates).toHaveLength(
      2,
    );
    expect(r.sites.find((s) => s.id === 'GPS-7')!.properties.surveyor).toBe('王工');
  });

  it('splits a MultiGeometry of mixed kinds and reads gx:MultiTrack, LinearRing and undeclared gx: prefixes', () => {
    const r = readKml(`<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Placemark id="m"><name>混合</name><MultiGeometry><Point><coordinates>113.6,34.7</coordinates></Point>
        <LineString><coordinates>113.6,34.7 113.61,34.71</coordinates></LineString></MultiGeometry></Placemark>
      <Placemark id="t"><gx:MultiTrack><gx:Track><gx:coord>113.6 34.7 0</gx:coord><gx:coord>113.61 34.7 0</gx:coord></gx:Track>
        <gx:Track><gx:coord>113.62 34.7 0</gx:coord><gx:coord>113.63 34.7 0</gx:coord></gx:Track></gx:MultiTrack></Placemark>
      <Placemark id="r"><LinearRing><coordinates>113.6,34.7 113.61,34.7 113.61,34.71</coordinates></LinearRing></Placemark>
    </Document></kml>`);
    expect(errors(r)).toEqual([]);
    expect(r.sites.map((s) => [s.id, s.geometry.type])).toEqual([
      ['m-1', 'Point'],
      ['m-2', 'LineString'],
      ['t', 'MultiLineString'],
      ['r', 'Polygon'],
    ]);
    expect(codes(r)).toContain('warning:multigeometry-split');
  });

  it('names the placemark and line of a bad coordinate, and keeps the other placemarks', () => {
    const r = readKml(
      '<kml>\n<Placemark><name>甲</name>\n<Point><coordinates>113.6,34.7</coordinates></Point></Placemark>\n<Placemark><name>乙</name>\n<LineString><coordinates>113.6,34.7 abc,34</coordinates></LineString></Placemark>\n</kml>',
    );
    expect(r.sites.map((s) => s.name)).toEqual(['甲']);
    const bad = r.issues.find((i) => i.code === 'bad-coordinate')!;
    expect(bad).toMatchObject({ severity: 'error', line: 5, site: '2' });
    expect(bad.message.zh).toContain('乙');
  });

  it('refuses DOCTYPE/ENTITY declarations (billion laughs) before parsing', () => {
    // Refused from the prolog: no entity is expanded (a hang would hit the test timeout, not a clock assertion).
    const r = readKml(text('entities.kml'));
    expect(codes(r)).toEqual(['error:xml-entities']);
    expect(r.issues[0]!.line).toBe(2);
    expect(r.crs).toBeNull();
  });

  it('reports malformed and truncated XML as bad-xml with the line', () => {
    const truncated = readKml(text('truncated.kml'));
    expect(codes(truncated)).toEqual(['error:bad-xml']);
    expect(truncated.issues[0]!.line).toBe(text('truncated.kml').split('\n').length);
    expect(truncated.issues[0]!.message.en).toContain('truncated');
    const mismatched = readKml('<kml>\n<Document>\n<Placemark></Folder>\n</Document></kml>');
    expect(codes(mismatched)).toEqual(['error:bad-xml']);
    expect(mismatched.issues[0]!.line).toBe(3);
    expect(codes(readKml(''))).toEqual(['error:empty-file']);
    expect(codes(readKml('<kml><Document/></kml>'))).toEqual(['error:no-placemarks']);
  });

  it('reports an unreadable KMZ, one without KML, and reads a KML merely named .kmz', () => {
    expect(codes(readKmz(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])))).toHaveLength(1);
    expect(errors(readKmz(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])))).toHaveLength(1);
    expect(codes(readKmz(zipSync({ 'readme.txt': new TextEncoder().encode('hi') })))).toEqual(['error:kmz-no-kml']);
    const other = readKmz(zipSync({ 'sub/other.kml': bytes('ovital_phone.kml') }));
    expect(other.sites).toHaveLength(3);
    expect(codes(other)).toContain('warning:kmz-entry');
    expect(codes(readKmz(bytes('ovital_phone.kml')))).toContain('warning:kmz-is-kml');
  });
});

describe('DXF', () => {
  it('asks for the CRS when eastings carry no zone prefix', () => {
    const r = readDxf(text('site_4547.dxf'));
    expect(codes(r)).toEqual(['error:crs-required']);
    expect(r.crs).toBeNull();
    expect(r.issues[0]!.message.zh).toContain('EPSG:4547');
    expect(r.issues[0]!.message.en).toContain('EPSG:4547');
  });

  it('reads EPSG:4547 (GBK layer names) when the user chooses it: bulged outline, line, point, circle', () => {
    const r = readDxf(text('site_4547.dxf'), { crs: parseCrs('EPSG:4547') });
    expect(r.issues).toEqual([]);
    agrees('site_4547.dxf', r);
    const red = r.sites.find((s) => s.id === '2A1')!;
    expect((red.geometry as { coordinates: Position[][] }).coordinates[0]!.length).toBeGreaterThan(5 + 8);
    expect(
      (r.sites.find((s) => s.id === '2A4')!.geometry as { coordinates: Position[][] }).coordinates[0],
    ).toHaveLength(73);
    expect(red.properties).toMatchObject({ layer: '用地红线', entity: 'LWPOLYLINE', handle: '2A1' });
  });

  it('guesses the prefixed zone (EPSG:4526) and reads POLYLINE/VERTEX, ARC and a mirrored OCS', () => {
    const r = readDxf(text('site_4526.dxf'));
    expect(errors(r)).toEqual([]);
    expect(codes(r).sort()).toEqual(['warning:crs-guessed', 'warning:hatch-skipped', 'warning:insert-skipped']);
    agrees('site_4526.dxf', r);
    expect(r.issues.find((i) => i.code === 'insert-skipped')!.message.en).toContain('NORTH_ARROW');
  });

  it('refuses a chosen CRS that contradicts the eastings', () => {
    expect(codes(readDxf(text('site_4526.dxf'), { crs: parseCrs('EPSG:4547') }))).toContain('error:prefix-mismatch');
    expect(codes(readDxf(text('site_4526.dxf'), { crs: parseCrs('EPSG:4525') }))).toContain('error:zone-mismatch');
    expect(codes(readDxf(text('site_4547.dxf'), { crs: parseCrs('wgs84') }))).toContain(
      'error:coordinate-out-of-range',
    );
  });

  it('reads lon/lat drawings as CGCS2000 with a warning', () => {
    const r = readDxf(
      '0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n8\nA\n90\n3\n70\n1\n10\n113.6\n20\n34.7\n10\n113.61\n20\n34.7\n10\n113.61\n20\n34.71\n0\nENDSEC\n0\nEOF\n',
    );
    expect(crsLabel(r.crs!)).toBe('EPSG:4490');
    expect(codes(r)).toEqual(['warning:crs-guessed']);
    expect(r.sites[0]).toMatchObject({ id: '1', name: 'A 1' });
    expect(areaM2(r.sites[0]!.geometry)).toBeGreaterThan(500_000);
  });

  it('refuses DWG and binary DXF, and names the line where a DXF breaks off', () => {
    expect(codes(readDxf('AC1032\u0000\u0000\u0000\u0001garbage'))).toEqual(['error:dwg-unsupported']);
    expect(codes(readDxf('AutoCAD Binary DXF\r\n\u001a\u0000\u0000\u0001\u0002'))).toEqual(['error:binary-dxf']);
    expect(codes(readDxf('hello world'))).toEqual(['error:not-dxf']);
    const full = text('site_4547.dxf');
    const lines = full.split('\r\n');
    // Cut inside the LWPOLYLINE: the drawing is truncated and that outline, incomplete, is dropped.
    const cut = lines.indexOf('LWPOLYLINE') + 12;
    const r = readDxf(lines.slice(0, cut).join('\r\n'), { crs: parseCrs('EPSG:4547') });
    const t = r.issues.find((i) => i.code === 'dxf-truncated')!;
    expect(t.severity).toBe('error');
    expect(t.line).toBe(cut);
    expect(t.message.en).toContain('LWPOLYLINE');
    // Without the EOF marker only a warning: every entity was complete.
    const noEof = readDxf(full.slice(0, full.lastIndexOf('EOF')).replace(/\s*0\s*$/, ''), {
      crs: parseCrs('EPSG:4547'),
    });
    expect(codes(noEof)).toEqual(['warning:dxf-no-eof']);
    expect(noEof.sites).toHaveLength(4);
  });
});
