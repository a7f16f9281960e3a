#!/usr/bin/env node
// `npm run report:nist`: bundles src/test-support/nist-report-main.ts and writes
// reports/nist-lre.md (the table of correct digits per NIST StRD problem and start).
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = resolve(import.meta.dirname, '..');
const outfile = resolve(repo, 'node_modules/.cache/fitbench-nist/nist-report.mjs');
await build({
  entryPoints: [resolve(repo, 'src/test-support/nist-report-main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile,
  logLevel: 'warning',
  // The bundle lives under node_modules/.cache: the shared folder is found from the repository.
  define: { 'import.meta.dirname': JSON.stringify(resolve(repo, 'src/test-support')) },
});
process.argv[2] = resolve(repo, 'reports/nist-lre.md');
await import(pathToFileURL(outfile).href);
