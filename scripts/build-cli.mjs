#!/usr/bin/env node
// Builds the command-line tool and the library bundle with esbuild (run by `prepare`, so
// `npx fitbench` works right after `npm ci` / `npm install` in this folder).
import { build } from 'esbuild';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

const common = { bundle: true, format: 'esm', target: 'node20', sourcemap: true, logLevel: 'warning' };
await build({
  ...common,
  platform: 'node',
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist-cli/fitbench.mjs',
  // BullMQ stays a package: its sandboxed processors start threads from files beside its own.
  external: ['webgpu', 'bullmq'],
});
// `fitbench worker --concurrency N` fits chunks in BullMQ's sandboxed worker threads from this file.
await build({
  ...common,
  platform: 'node',
  entryPoints: ['src/distributed/cpu-chunk-processor.ts'],
  outfile: 'dist-cli/cpu-chunk-processor.mjs',
  external: ['webgpu', 'bullmq'],
});
// The library keeps its dependencies (papaparse, zod) as imports, resolved by the consumer.
await build({
  ...common,
  platform: 'neutral',
  packages: 'external',
  entryPoints: ['src/core/index.ts'],
  outfile: 'dist-lib/index.js',
});

// npm links a package's bin for its dependants only; link ours for `npx fitbench` here.
const binDir = join('node_modules', '.bin');
if (existsSync('node_modules')) {
  mkdirSync(binDir, { recursive: true });
  const link = join(binDir, 'fitbench');
  rmSync(link, { force: true });
  symlinkSync(relative(binDir, join('bin', 'fitbench.mjs')), link);
}
