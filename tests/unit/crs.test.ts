// CGCS2000 Gauss-Krüger zones, .prj reading, GCJ-02 and BD-09, against values computed with PROJ (pyproj 3, EPSG:4490 → each grid).
import { describe, expect, it } from 'vitest';
import {
  bd09ToWgs84,
  crsFromEpsg,
  crsFromPrj,
  crsLabel,
  fromLonLat,
  gkCrs,
  parseCrs,
  toLonLat,
  wgs84ToBd09,
  zoneFromEasting,
  type Crs,
} from '../../src/lib/geo/crs';
import { metres } from './support/measure';

const POINTS: [number, number][] = [
  [113.62, 34.76],
  [112.3, 35.1],
  [113.4, 34.7],
  [114.2, 34.3],
];
/** pyproj Transformer.from_crs('EPSG:4490', 'EPSG:<code>', always_xy=True), rounded to 0.1 mm. */
const PROJ: Record<number, [number, number][]> = {
  4526: [
    [38465209.4237, 3848033.4681],
    [38344991.3803, 3887009.5612],
    [38445027.5862, 3841475.4142],
    [38518411.763, 3796957.0806],
  ],
  4547: [
    [465209.4237, 3848033.4681],
    [344991.3803, 3887009.5612],
    [445027.5862, 3841475.4142],
    [518411.763, 3796957.0806],
  ],
  4497: [
    [19739900.7386, 3851096.2282],
    [19618533.5362, 3886460.3502],
    [19719911.042, 3843934.4535],
    [19794644.3143, 3801578.5551],
  ],
  4508: [
    [739900.7386, 3851096.2282],
    [618533.5362, 3886460.3502],
    [719911.042, 3843934.4535],
    [794644.3143, 3801578.5551],
  ],
  4525: [
    [37739900.7386, 3851096.2282],
    [37618533.5362, 3886460.3502],
    [37719911.042, 3843934.4535],
    [37794644.3143, 3801578.5551],
  ],
  4498: [
    [20190484.4803, 3853176.3617],
    [20071304.2629, 3895810.8004],
    [20170090.6997, 3847216.4077],
    [20242197.7705, 3800490.4769],
  ],
};

describe('Gauss-Krüger zones', () => {
  it.each(Object.keys(PROJ).map(Number))('EPSG:%i agrees with PROJ to 1 mm both ways', (epsg) => {
    const c = crsFromEpsg(epsg)!;
    expect(crsLabel(c)).toBe(`EPSG:${epsg}`);
    POINTS.forEach((p, i) => {
      const [x, y] = fromLonLat(c, p[0], p[1]);
      const [ex, ey] = PROJ[epsg]![i]!;
      expect(Math.abs(x - ex)).toBeLessThan(0.001);
      expect(Math.abs(y - ey)).toBeLessThan(0.001);
      expect(metres(toLonLat(c, ex, ey), p)).toBeLessThan(0.001);
    });
  });
  it('names the EPSG codes of Zhengzhou and Jiyuan zones', () => {
    expect(crsLabel(gkCrs(3, 38, true)!)).toBe('EPSG:4526');
    expect(crsLabel(gkCrs(3, 38, false)!)).toBe('EPSG:4547');
    expect(crsLabel(gkCrs(3, 37, true)!)).toBe('EPSG:4525');
    expect(crsLabel(gkCrs(6, 19, true)!)).toBe('EPSG:4497');
    expect(crsLabel(gkCrs(6, 19, false)!)).toBe('EPSG:4508');
    expect(gkCrs(3, 50, true)).toBeNull();
  });
  it('reads the zone from an easting prefix: 13–23 are 6° zones, 25–45 are 3° zones', () => {
    expect(zoneFromEasting(38465209.4)).toEqual({ width: 3, zone: 38 });
    expect(zoneFromEasting(19739900.7)).toEqual({ width: 6, zone: 19 });
    expect(zoneFromEasting(465209.4)).toBeNull();
    expect(zoneFromEasting(24500000)).toBeNull();
    expect(zoneFromEasting(Number.NaN)).toBeNull();
  });
  it('parses what users type', () => {
    const label = (s: string) => {
      const c = parseCrs(s);
      return c ? crsLabel(c) : null;
    };
    expect(label('EPSG:4547')).toBe('EPSG:4547');
    expect(label('4526')).toBe('EPSG:4526');
    expect(label('gcj02')).toBe('gcj02');
    expect(label('BD-09')).toBe('bd09');
    expect(label('cgcs2000')).toBe('EPSG:4490');
    expect(label('EPSG:3857')).toBeNull();
    expect(label('<script>')).toBeNull();
  });
});

describe('.prj (ESRI WKT)', () => {
  const gk = (name: string, cm: number, fe: number) =>
    `PROJCS["${name}",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${fe}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
  const label = (wkt: string) => {
    const c: Crs | null = crsFromPrj(wkt);
    return c ? crsLabel(c) : null;
  };
  it('recognises CGCS2000 3° and 6° zones with and without prefix, and geographic CGCS2000', () => {
    expect(label(gk('CGCS2000_3_Degree_GK_CM_114E', 114, 500000))).toBe('EPSG:4547');
    expect(label(gk('CGCS2000_3_Degree_GK_Zone_38', 114, 38500000))).toBe('EPSG:4526');
    expect(label(gk('CGCS2000_6_Degree_GK_Zone_19', 111, 19500000))).toBe('EPSG:4497');
    expect(label(gk('CGCS2000_3_Degree_GK_CM_111E', 111, 500000))).toBe('EPSG:4546');
    expect(
      label(
        'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      ),
    ).toBe('EPSG:4490');
    expect(
      label(
        'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      ),
    ).toBe('EPSG:4326');
  });
  it('refuses what it does not know rather than guessing', () => {
    expect(
      label(
        'PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980"],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000],PARAMETER["Central_Meridian",114]]',
      ),
    ).toBeNull();
    expect(label('PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere"]')).toBeNull();
    expect(label('garbage')).toBeNull();
  });
});

describe('Chinese web-map datums', () => {
  it('BD-09 round-trips to within 1 mm and sits about 1 km from WGS84 in Zhengzhou', () => {
    const w: [number, number] = [113.62, 34.76];
    const b = wgs84ToBd09(w);
    expect(metres(bd09ToWgs84(b), w)).toBeLessThan(0.001);
    expect(metres(b, w)).toBeGreaterThan(800);
    expect(metres(b, w)).toBeLessThan(1500);
  });
});

describe('decideCrs: the one CRS decision every importer makes', () => {
  const silence = { zh: '文件未说明坐标系', en: 'the file names no CRS' };
  const decide = async (q: Partial<import('../../src/lib/io/crsDecision').CrsQuestion>) => {
    const { decideCrs } = await import('../../src/lib/io/crsDecision');
    const issues: import('../../src/lib/io/types').ImportIssue[] = [];
    const crs = decideCrs({ points: [], silence, ...q }, issues);
    return { crs: crs?.name ?? null, codes: issues.map((i) => `${i.severity}:${i.code}`) };
  };
  const zone38: [number, number][] = [
    [38_500_000, 3_840_000],
    [38_510_000, 3_850_000],
  ];

  it('lon/lat: silent where it is the format default, a warning elsewhere; lat/lon swapped read as degrees', async () => {
    const ll: [number, number][] = [
      [113.6, 34.7],
      [112.6, 35.1],
    ];
    expect(await decide({ points: ll, lonLatIsDefault: true })).toEqual({ crs: 'CGCS2000 (EPSG:4490)', codes: [] });
    expect(await decide({ points: [[34.7, 113.6]], lonLatIsDefault: true })).toEqual({
      crs: 'CGCS2000 (EPSG:4490)',
      codes: [],
    });
    expect(await decide({ points: ll })).toEqual({ crs: 'CGCS2000 (EPSG:4490)', codes: ['warning:crs-guessed'] });
    // Small numbers outside China are a local grid, not degrees, where lon/lat is not the default.
    expect((await decide({ points: [[10, 20]] })).codes).toEqual(['error:crs-required']);
  });

  it('prefixed eastings name their zone; mixed zones and unprefixed metres need the user', async () => {
    expect(await decide({ points: zone38 })).toEqual({
      crs: expect.stringMatching(/38/) as unknown as string,
      codes: ['warning:crs-guessed'],
    });
    expect((await decide({ points: [zone38[0]!, [37_500_000, 3_840_000]] })).codes).toEqual(['error:mixed-zones']);
    const bare = await decide({ points: [[500_000, 3_840_000]] });
    expect(bare.codes).toEqual(['error:crs-required']);
    // Surveyors' order: northing first.
    expect((await decide({ points: [[3_840_000, 38_500_000]], eastIsX: false })).crs).toMatch(/38/);
    expect(await decide({ points: [] })).toEqual({ crs: null, codes: [] });
  });

  it("checks the user's choice against the coordinates, and a header's zone against the prefix", async () => {
    const { parseCrs } = await import('../../src/lib/geo/crs');
    expect((await decide({ points: zone38, chosen: parseCrs('EPSG:4547') })).codes).toEqual(['error:prefix-mismatch']);
    expect((await decide({ points: zone38, chosen: parseCrs('EPSG:4525') })).codes).toEqual(['error:zone-mismatch']);
    expect((await decide({ points: zone38, chosen: parseCrs('EPSG:4490') })).codes).toEqual([
      'error:coordinate-out-of-range',
    ]);
    expect((await decide({ points: zone38, chosen: parseCrs('EPSG:4526') })).codes).toEqual([]);
    expect((await decide({ points: zone38, headerZone: { zone: 37, width: 3 } })).codes).toEqual([
      'warning:zone-mismatch',
    ]);
    expect((await decide({ points: [[500_000, 3_840_000]], headerZone: { zone: 38, width: 3 } })).crs).toMatch(/4547/);
    expect((await decide({ points: [[500_000, 3_840_000]], headerZone: { zone: 99, width: 3 } })).codes).toEqual([
      'error:bad-zone',
    ]);
    expect((await decide({ points: zone38, declared: { crs: null, name: 'Beijing_1954_GK_Zone_38' } })).codes).toEqual([
      'error:unsupported-crs',
    ]);
  });
});
