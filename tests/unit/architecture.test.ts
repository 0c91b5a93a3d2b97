// The boundaries of ARCHITECTURE.md hold: the lint rule fails on a wrong import planted in the core and in the map.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint();
const ruleHits = async (code: string, filePath: string) =>
  (await eslint.lintText(code, { filePath }))[0]!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);

describe('module boundaries', () => {
  it('src/lib imports nothing from the shells, Svelte or MapLibre', async () => {
    const hits = await ruleHits(
      "import type { SiteRecord } from '../ui/siteStore';\nimport { Map } from 'maplibre-gl';\nimport { mount } from 'svelte';\nexport const x = (s: SiteRecord) => [s, Map, mount];\n",
      'src/lib/planted.ts',
    );
    expect(hits).toHaveLength(3);
    expect(hits[0]).toMatch(/pure core/);
  });
  it('src/map does not import the UI', async () => {
    expect(
      await ruleHits(
        "import { siteStore } from '../ui/siteStore';\nexport const y = siteStore;\n",
        'src/map/planted.ts',
      ),
    ).toHaveLength(1);
  });
  it('the same imports are fine in the UI', async () => {
    expect(
      await ruleHits("import { Map } from 'maplibre-gl';\nexport const z = Map;\n", 'src/ui/planted.ts'),
    ).toHaveLength(0);
  });
});
