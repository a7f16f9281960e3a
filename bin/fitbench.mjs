#!/usr/bin/env node
// The `fitbench` command: runs the bundle that `npm ci` / `npm install` builds (prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist-cli', 'fitbench.mjs');
if (!existsSync(bundle)) {
  console.error('fitbench: the CLI is not built yet — run "npm run build:cli" in the fitbench folder.');
  process.exit(2);
}
await import(pathToFileURL(bundle).href);
