// The report map's rasterizer for Node (command line, tests): resvg's WebAssembly read from the installed package, the
// report fonts from theirs.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Rasterizer } from '../lib/report/mapPng';
import { nodeFontFiles } from './fonts';

export const nodeRasterizer: Rasterizer = {
  wasm: async () =>
    new Uint8Array(await readFile(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm'))),
  fonts: nodeFontFiles,
};
