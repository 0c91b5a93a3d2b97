// FlatGeobuf input checked before decoding: empty, signature-only, cut-off and damaged files are clear errors, never a hang.
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { geojson as fgb } from 'flatgeobuf';
import { flatGeobufProblem } from '../../src/lib/layers/checkFlatGeobuf';
import { fromFlatGeobuf } from '../../src/lib/layers/loadLayer';
import { rng } from '../../scripts/oracle/generate';

const fc: FeatureCollection = {
  type: 'FeatureCollection',
  features: Array.from({ length: 30 }, (_, i) => ({
    type: 'Feature',
    properties: { id: `Z${i}`, name: `区${i}` },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [113 + i * 0.01, 34],
          [113.005 + i * 0.01, 34],
          [113.005 + i * 0.01, 34.005],
          [113 + i * 0.01, 34],
        ],
      ],
    },
  })),
};
const whole = fgb.serialize(fc);

describe('FlatGeobuf structure check', () => {
  it('passes a whole file, which decodes to every feature', async () => {
    expect(flatGeobufProblem(whole)).toBeNull();
    expect((await fromFlatGeobuf(whole)).features).toHaveLength(30);
  });

  it('names what is wrong with an empty, signature-only or foreign file (regression: these spun at 100 % CPU)', async () => {
    expect(flatGeobufProblem(new Uint8Array())).toBe('the file is empty');
    expect(flatGeobufProblem(whole.slice(0, 8))).toMatch(/no header/);
    expect(flatGeobufProblem(new TextEncoder().encode('{"type":"FeatureCollection"}'))).toMatch(/not a FlatGeobuf/);
    await expect(fromFlatGeobuf(new Uint8Array())).rejects.toThrow('the file is empty');
    await expect(fromFlatGeobuf(whole.slice(0, 8))).rejects.toThrow(/no header/);
  });

  it('refuses every cut-off prefix of a file instead of reading fewer features', async () => {
    for (let n = 0; n < whole.length; n++) {
      const problem = flatGeobufProblem(whole.slice(0, n));
      expect(problem, `prefix of ${n} bytes`).not.toBeNull();
    }
    await expect(fromFlatGeobuf(whole.slice(0, whole.length - 10))).rejects.toThrow(/cut off/);
  });

  it('never hangs or crashes on damaged bytes: each answer is a message or a decoded file', async () => {
    const rand = rng(99);
    for (let k = 0; k < 300; k++) {
      const b = whole.slice();
      for (let j = 0; j < 1 + Math.floor(rand() * 4); j++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      const problem = flatGeobufProblem(b);
      if (problem === null)
        await fromFlatGeobuf(b).then(
          (r) => expect(Array.isArray(r.features)).toBe(true),
          (e: unknown) => expect(e).toBeInstanceOf(Error),
        );
      else expect(typeof problem).toBe('string');
    }
  });
});
