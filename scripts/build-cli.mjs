#!/usr/bin/env node
// Builds the command-line tool and the library bundle with esbuild (run by `prepare`, so
// `npx fitbench` works right after `npm ci`).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: true, logLevel: 'warning', external: ['webgpu'] };
if (existsSync('src/cli/main.ts')) {
  await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist-cli/fitbench.mjs' });
}
if (existsSync('src/core/index.ts')) {
  await build({ ...common, platform: 'neutral', entryPoints: ['src/core/index.ts'], outfile: 'dist-lib/index.js', mainFields: ['module', 'main'] });
}
