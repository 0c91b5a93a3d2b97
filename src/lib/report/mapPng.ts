// The report map as a PNG picture (for the Word chapter): the SVG of its layout rasterized by resvg (@resvg/resvg-wasm,
// WebAssembly, so the same code runs in Node and in the browser's check worker), text and legend included, in the
// report's own font (Noto Sans SC, the subsets the map's words need).

import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { fontFileName, fontKeyOf, woffToSfnt, type FontFiles, type Weight } from './pdf/fonts';
import type { MapLayout } from './mapLayout';
import { MAP_FONT, svgMap } from './svgMap';

/** The rasterizer's WebAssembly: read from the installed package in Node, fetched from its URL in the browser. */
export type WasmSource = () => Promise<Uint8Array | ArrayBuffer>;

export interface Rasterizer {
  wasm: WasmSource;
  fonts: FontFiles;
}

let ready: Promise<void> | null = null;

function init(wasm: WasmSource): Promise<void> {
  // Once per process or worker; a failed start may be tried again.
  ready ??= wasm()
    .then((w) => initWasm(w))
    .catch((e: unknown) => {
      ready = null;
      throw e;
    });
  return ready;
}

/**
 * The font files holding every character of the map's text, as plain sfnt bytes. One weight only: the subsets share a
 * family name, so resvg's glyph fallback could take a character from a bold subset where a regular one was meant.
 */
async function fontsFor(f: MapLayout, files: FontFiles): Promise<Uint8Array[]> {
  const wanted = new Set<string>();
  for (const m of f.marks)
    if (m.type === 'text')
      for (const ch of m.text) {
        const key = fontKeyOf(ch.codePointAt(0)!);
        if (key) wanted.add(fontFileName(key, 400 satisfies Weight));
      }
  return Promise.all([...wanted].map(async (file) => woffToSfnt(await files(file))));
}

/** The map at `scale` pixels per layout unit. */
export async function mapPng(
  f: MapLayout,
  r: Rasterizer,
  scale = 2,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  const [fontBuffers] = await Promise.all([fontsFor(f, r.fonts), init(r.wasm)]);
  const resvg = new Resvg(svgMap(f), {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { fontBuffers, defaultFontFamily: MAP_FONT, sansSerifFamily: MAP_FONT },
  });
  try {
    const image = resvg.render();
    try {
      return { png: image.asPng(), width: image.width, height: image.height };
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
