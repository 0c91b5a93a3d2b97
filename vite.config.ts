// Vite build of the single-page app; unit tests run under Vitest with the same resolution.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fontDir } from './src/cli/fonts';
import { FONT_FILE_PATTERN } from './src/lib/report/pdf/fonts';

/** The font files the PDF report embeds (Noto Sans SC regular and bold, OFL), served under fonts/ and copied into the build. */
function reportFonts(): Plugin {
  const dir = fontDir();
  const wanted = (f: string) => FONT_FILE_PATTERN.test(f);
  return {
    name: 'report-fonts',
    configureServer(server) {
      server.middlewares.use('/fonts/', (req, res, next) => {
        const file = decodeURIComponent((req.url ?? '').replace(/^\//, '').split('?')[0] ?? '');
        if (!wanted(file)) return next();
        res.setHeader('Content-Type', 'font/woff');
        res.end(readFileSync(join(dir, file)));
      });
    },
    generateBundle() {
      for (const file of readdirSync(dir).filter(wanted))
        this.emitFile({ type: 'asset', fileName: `fonts/${file}`, source: readFileSync(join(dir, file)) });
      this.emitFile({ type: 'asset', fileName: 'fonts/LICENSE.txt', source: readFileSync(join(dir, '..', 'LICENSE')) });
    },
  };
}

export default defineConfig({
  plugins: [svelte(), reportFonts()],
  base: './',
  // Module workers, so the check worker can load the PDF writer only when a PDF is asked for.
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
  test: { include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
});
