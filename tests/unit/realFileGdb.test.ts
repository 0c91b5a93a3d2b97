// A File Geodatabase written by ArcGIS itself (GDAL's test file, see tests/fixtures/third-party/README.md), read
// through GDAL's OpenFileGDB driver: the feature class chosen among several and the attribute tables skipped, its
// polygons' areas against the Shape_Area ArcGIS stored, and a delivery outside China refused rather than built.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { readVectors } from '../../src/cli/gdal';
import { dataImport } from '../../src/cli/dataImport';
import { ROOT } from '../../scripts/data/sources';

const GDB = join(ROOT, 'tests/fixtures/third-party/test_fgdb.gdb.zip');
const tmp = mkdtempSync(join(tmpdir(), 'ecozone-fgdb-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Planar area of rings in the units of their coordinates (shoelace, holes subtracted), as ArcGIS's Shape_Area. */
const planar = (polys: Position[][][]) =>
  polys.reduce(
    (sum, rings) =>
      sum +
      rings.reduce((s, ring, i) => {
        let a = 0;
        for (let k = 0; k + 1 < ring.length; k++)
          a += ring[k]![0]! * ring[k + 1]![1]! - ring[k + 1]![0]! * ring[k]![1]!;
        return s + (i === 0 ? 1 : -1) * Math.abs(a / 2);
      }, 0),
    0,
  );

describe('a File Geodatabase written by ArcGIS', () => {
  it('asks which feature class when it holds several, naming each with its count and type', async () => {
    await expect(readVectors([GDB])).rejects.toThrow(
      /holds 4 layers with geometry: test_lines \(2 features, MultiLineStringZM\).*test_areas \(2 features, MultiPolygonZM\); choose one with --source-layer NAME/,
    );
    // An attribute table is no layer to import.
    await expect(readVectors([GDB], { layer: 'basetable' })).rejects.toThrow(
      /no vector layer named basetable with geometry found \(layers with geometry: test_lines/,
    );
  });

  it('reads the polygons with the CRS the geodatabase states, to the areas ArcGIS stored', async () => {
    const [src] = await readVectors([GDB], { layer: 'test_areas' });
    expect(src).toMatchObject({ driver: 'OpenFileGDB', layer: 'test_areas', crs: { epsg: 4269, how: 'declared' } });
    expect(src!.fc.features).toHaveLength(2);
    for (const f of src!.fc.features) {
      const g = f.geometry;
      expect(g.type).toBe('MultiPolygon');
      const polys = g.type === 'MultiPolygon' ? g.coordinates : [];
      // NAD83 to CGCS2000 is a null transformation at this accuracy: the degrees are ArcGIS's own.
      const stored = Number(f.properties!['Shape_Area']);
      expect(stored).toBeGreaterThan(0);
      expect(Math.abs(planar(polys) / stored - 1)).toBeLessThan(1e-6);
    }
  });

  it('refuses to import it as a red line of Henan: it lies outside China, so the CRS must be wrong', async () => {
    const lines: string[] = [];
    await expect(
      dataImport(
        ROOT,
        [GDB, '--layer', 'eco-redline', '--source-layer', 'test_areas', '--out', join(tmp, 'out')],
        (s) => lines.push(s),
      ),
    ).rejects.toThrow(/outside China \(read as NAD83 \(EPSG:4269\)\).*name the right one with --crs/);
  });
});
