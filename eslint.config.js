// Lint: TypeScript rules plus the layer import rules of DESIGN.md ("imports point down only").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Folders each layer must not import from (relative-path patterns). */
const LAYER_RULES = {
  core: ['gpu', 'persistence', 'worker', 'runtime', 'app', 'tutorials', 'cli', 'distributed'],
  gpu: ['persistence', 'worker', 'runtime', 'app', 'tutorials', 'cli', 'distributed'],
  persistence: ['gpu', 'worker', 'runtime', 'app', 'tutorials', 'cli', 'distributed'],
  worker: ['runtime', 'app', 'tutorials', 'cli', 'distributed'],
  runtime: ['app', 'tutorials', 'cli', 'gpu', 'distributed'],
  // The app renders the tutorials; tutorial content is data and links, below the app.
  app: ['cli', 'gpu', 'distributed'],
  tutorials: ['app', 'cli', 'gpu', 'worker', 'persistence', 'distributed'],
  cli: ['app', 'tutorials', 'runtime', 'worker', 'persistence'],
  // The distributed batch (BullMQ, Node only) sits beside the CLI over core; the CLI hands it
  // the GPU fitter, so it imports neither the CLI nor the browser layers.
  distributed: ['app', 'tutorials', 'runtime', 'worker', 'persistence', 'cli', 'gpu'],
};

const LIBRARY_RULES = {
  core: ['react', 'react-dom', 'recharts', 'zustand', 'idb', 'comlink', 'webgpu', 'bullmq'],
  gpu: ['react', 'react-dom', 'recharts', 'zustand', 'idb'],
  persistence: ['react', 'react-dom', 'recharts', 'zustand', 'webgpu'],
  distributed: ['react', 'react-dom', 'recharts', 'zustand', 'idb', 'comlink', 'webgpu'],
};

function layerConfig(layer) {
  const patterns = LAYER_RULES[layer].map((target) => ({
    group: [`**/${target}/**`, `../${target}`, `../../${target}`, `../../../${target}`],
    message: `src/${layer} must not import src/${target}: layers point down only (DESIGN.md).`,
  }));
  const paths = (LIBRARY_RULES[layer] ?? []).map((name) => ({
    name,
    message: `src/${layer} must not depend on ${name} (DESIGN.md layers).`,
  }));
  return {
    files: [`src/${layer}/**/*.{ts,tsx}`],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns, paths }] },
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-lib/**',
      'dist-cli/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.gpu/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  ...Object.keys(LAYER_RULES).map(layerConfig),
  {
    // The app reaches the worker only through its type-only API module.
    files: ['src/app/**/*.{ts,tsx}', 'src/runtime/**/*.{ts,tsx}', 'src/tutorials/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/worker/*', '!**/worker/worker-api'],
              message: 'Reach the worker only through worker/worker-api types.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
