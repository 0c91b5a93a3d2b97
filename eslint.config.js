// Lint rules: ESLint recommended, typescript-eslint strict for TS, and Svelte's recommended set.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'public/data/', 'test-results/', 'playwright-report/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...svelte.configs['flat/recommended'],
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  { files: ['**/*.svelte', '**/*.svelte.ts'], languageOptions: { parserOptions: { parser: tseslint.parser } } },
  { rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  // TypeScript checks names itself (DOM types such as BlobPart included); no-undef only misfires on types.
  { files: ['**/*.ts', '**/*.svelte'], rules: { 'no-undef': 'off' } },
  // The boundaries of ARCHITECTURE.md. src/lib is the pure core (Node, browser and worker alike): nothing from the
  // shells, no UI framework, no map library (its DOM-free tsconfig.lib.json checks the rest). src/map draws; it does
  // not reach into the UI.
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ui/*', '**/map/*', '**/worker/*', '**/cli/*'],
              message: 'src/lib is the pure core: it imports nothing from the shells (see ARCHITECTURE.md).',
            },
            {
              group: ['svelte', 'svelte/*', 'maplibre-gl', 'maplibre-gl/*', 'pmtiles'],
              message: 'src/lib is the pure core: no UI framework or map library (see ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/map/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ui/*', '**/cli/*'],
              message: 'src/map draws the map; it does not import the UI (see ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
);
