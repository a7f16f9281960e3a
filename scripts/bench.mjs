#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --no-scipy]`: bundles bench/cpu-bench.ts and runs it in Node;
// `-- --global` runs bench/global-bench.ts instead (global fit vs separate fits).
// `npm run bench -- --browser` runs the browser benchmarks in Chromium (bench/browser).
// `npm run bench -- --weight` builds the app and prints the first visit's JavaScript (gzip).
// `npm run bench -- --first-calls`: whole-call figures in fresh processes (bench/first-calls.ts).
// `npm run bench -- --distributed` measures the BullMQ batch (bench/distributed-bench.ts).
// `npm run bench -- --gpu` bundles the GPU benchmark into .gpu/bench.mjs for the GPU machine.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.includes('--gpu')) {
  mkdirSync('.gpu', { recursive: true });
  await build({
    entryPoints: ['bench/gpu-bench.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['webgpu'],
    outfile: '.gpu/bench.mjs',
    logLevel: 'warning',
  });
  console.log('GPU benchmark bundled to .gpu/bench.mjs (see shared/gpu-device.md to run it on the GPU machine).');
  process.exit(0);
}
if (args.includes('--distributed')) {
  // CPU fits/s in one process vs through Redis with 1 and 2 worker processes (BullMQ).
  const dir = 'node_modules/.cache/fitbench-bench';
  const common = { bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' };
  await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: `${dir}/fitbench.mjs` });
  await build({
    ...common,
    entryPoints: ['src/distributed/cpu-chunk-processor.ts'],
    outfile: `${dir}/cpu-chunk-processor.mjs`,
  });
  await build({ ...common, entryPoints: ['bench/distributed-bench.ts'], outfile: `${dir}/distributed-bench.mjs` });
  const r = spawnSync(process.execPath, [`${dir}/distributed-bench.mjs`], {
    stdio: 'inherit',
    env: { ...process.env, FITBENCH_CLI: `${dir}/fitbench.mjs` },
  });
  process.exit(r.status ?? 1);
}
if (args.includes('--weight')) {
  // The initial JavaScript of the production build (index.html's scripts and modulepreloads).
  const build = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const r = spawnSync(process.execPath, ['scripts/initial-js-size.mjs', 'dist'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (args.includes('--browser')) {
  // Browser figures (runtime overhead, main-thread tasks, GPU vs CPU on the software adapter).
  const build = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const r = spawnSync('node_modules/.bin/playwright', ['test', '--config', 'playwright.bench.config.ts'], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
// The CPU benchmark, then the uncertainty one (bootstrap and profile through the batch engine).
// Alone: `--uncertainty`; `--global` a 20-data-set global fit against 20 separate fits;
// `--first-calls` whole-call times in fresh processes against scipy's.
const benches = args.includes('--global')
  ? ['global-bench']
  : args.includes('--first-calls')
    ? ['first-calls']
    : args.includes('--uncertainty')
      ? ['uncertainty-bench']
      : ['cpu-bench', 'uncertainty-bench'];
for (const name of benches) {
  const outfile = `node_modules/.cache/fitbench-bench/${name}.mjs`;
  await build({
    entryPoints: [`bench/${name}.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
