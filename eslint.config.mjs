// ESLint for the whole tree (`npm run lint`, part of `npm test`). TypeScript gets typescript-eslint's
// recommended type-checked rules through the project service: each file is checked by the nearest
// tsconfig.json (webview/ by webview/tsconfig.json, everything else by the root one). Plain
// JavaScript (build, test and bench scripts, the test LLM server) gets ESLint's recommended rules.
// @ts-check
import eslint from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    'out/',
    'dist/',
    'media/',
    '.ci/.work/',
    'bench/.data/',
    'repscope-sample/',
    'tools/llm-test-server/node_modules/',
  ]),
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises that the runner itself awaits and reports.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      // `_` marks a parameter kept for its position (as tsc's noUnusedParameters allows), and
      // `{ dropped: _dropped, ...rest }` is how a key is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Published coefficient tables (Cody, Wichura AS241, Genz) are kept digit for digit as printed.
    files: ['src/core/polychoric/normal.ts', 'src/core/polychoric/bivariateNormal.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    files: ['**/*.js'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['**/*.mjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
);
