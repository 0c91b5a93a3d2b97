// Imported official layers (`ecozone data import`) as they are recorded in the local data folder's layers.json, and how
// they replace the demo layers with the same id when the data is built: their file, their provenance (official, so
// no 示意 marking), and the bounds, data version and coverage they bring.

import type { Manifest, Provenance } from './manifest';

export const LOCAL_MANIFEST = 'layers.json';

export interface LocalLayer {
  /** The FlatGeobuf the import wrote, relative to the local folder. */
  file: string;
  features: number;
  bbox: [number, number, number, number];
  provenance: Provenance;
  importedAt: string;
  sources: unknown[];
  /** Attribute → source field, as used. */
  mapping: Record<string, string>;
  /** The area the layer covers, as the header should name it (control units only). */
  region?: { zh: string; en: string };
}

export interface LocalManifest {
  layers: Record<string, LocalLayer>;
}

/**
 * The demo manifest with the imported layers in place: each reads its FlatGeobuf (`dir`/file) and carries its own
 * provenance; the bounds grow to hold them; the data version names them. Imported control units are the coverage (the
 * area the data describes), so a province's delivery covers the province.
 */
export function applyLocal(demo: Manifest, local: LocalManifest, dir: string): Manifest {
  const imported = Object.entries(local.layers ?? {}).filter(([id]) => demo.layers.some((l) => l.id === id));
  if (!imported.length) return demo;
  const ecu = local.layers['ecu'];
  const layers = demo.layers.map((l) => {
    const mine = local.layers[l.id];
    if (!mine) return ecu && l.coverage ? { ...l, coverage: false } : l;
    return {
      ...l,
      source: { kind: 'flatgeobuf' as const, path: `${dir}/${mine.file}` },
      provenance: mine.provenance,
      ...(l.id === 'ecu' ? { coverage: true } : {}),
    };
  });
  const boxes = [demo.bounds, ...imported.map(([, l]) => l.bbox)];
  const bounds: Manifest['bounds'] = [
    Math.min(...boxes.map((b) => b[0])) - 0.01,
    Math.min(...boxes.map((b) => b[1])) - 0.01,
    Math.max(...boxes.map((b) => b[2])) + 0.01,
    Math.max(...boxes.map((b) => b[3])) + 0.01,
  ];
  const version = [demo.version, ...imported.map(([id, l]) => `${id}@${l.provenance.version}`)].join('+');
  const view = ecu
    ? {
        center: [(ecu.bbox[0] + ecu.bbox[2]) / 2, (ecu.bbox[1] + ecu.bbox[3]) / 2] as [number, number],
        zoom: demo.view.zoom,
      }
    : demo.view;
  const region = ecu?.region ?? demo.region;
  const title = ecu?.region
    ? { zh: `生态空间管控一张图（${ecu.region.zh}）`, en: `Eco-Zoning Map (${ecu.region.en})` }
    : demo.title;
  return { ...demo, title, ...(region ? { region } : {}), bounds, version, view, layers };
}
