#!/usr/bin/env node
// `npm test`: type check, lint, unit tests (Vitest), production build, end-to-end tests
// (Playwright in Debian's Chromium). Every runner prints its own summary; the last line
// sums them all as "N passed, M failed". Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';

const results = [];
const started = Date.now();

function run(title, command, args, env = {}) {
  console.log(`\n━━ ${title}: ${command} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`━━ ${title}: exit ${r.status ?? r.signal} in ${seconds} s`);
  return r.status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

mkdirSync('test-results', { recursive: true });
const bin = (name) => `node_modules/.bin/${name}`;

// 1. Type check (one tsconfig per environment, referenced from tsconfig.json).
const typecheckOk = run('typecheck', bin('tsc'), ['-b']);
results.push({ runner: 'typecheck', passed: typecheckOk ? 1 : 0, failed: typecheckOk ? 0 : 1 });

// 2. Formatting (Prettier) and lint, including the layer import rules.
const formatOk = run('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
results.push({ runner: 'format', passed: formatOk ? 1 : 0, failed: formatOk ? 0 : 1 });

const lintOk = run('lint', bin('eslint'), ['.', '--max-warnings=0']);
results.push({ runner: 'lint', passed: lintOk ? 1 : 0, failed: lintOk ? 0 : 1 });

// 3. Unit and property tests.
const unitJson = 'test-results/unit-results.json';
rmSync(unitJson, { force: true });
const unitOk = run('unit', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${unitJson}`,
]);
const unit = readJson(unitJson);
if (unit)
  results.push({
    runner: 'unit (vitest)',
    passed: unit.numPassedTests,
    failed: unit.numFailedTests + (unitOk ? 0 : unit.numFailedTests === 0 ? 1 : 0),
  });
else results.push({ runner: 'unit (vitest)', passed: 0, failed: 1 });

// 3b. The package as a consumer gets it: pack, install into an empty folder, import, tsc, npx fitbench.
const packageOk = run('package', process.execPath, ['scripts/package-test.mjs']);
results.push({ runner: 'package', passed: packageOk ? 1 : 0, failed: packageOk ? 0 : 1 });

// 4. Production build, then end-to-end tests against it.
const buildOk = run('build', bin('vite'), ['build', '--logLevel', 'warn']);
results.push({ runner: 'build', passed: buildOk ? 1 : 0, failed: buildOk ? 0 : 1 });

if (buildOk && ensureChromium()) {
  const e2eJson = 'test-results/e2e-results.json';
  rmSync(e2eJson, { force: true });
  const e2eOk = run('e2e', bin('playwright'), ['test']);
  const e2e = readJson(e2eJson);
  if (e2e?.stats) {
    const failed = e2e.stats.unexpected + e2e.stats.flaky;
    results.push({
      runner: 'e2e (playwright)',
      passed: e2e.stats.expected,
      failed: failed + (e2eOk || failed > 0 ? 0 : 1),
      skipped: e2e.stats.skipped,
    });
  } else results.push({ runner: 'e2e (playwright)', passed: 0, failed: 1 });
} else {
  results.push({ runner: 'e2e (playwright)', passed: 0, failed: 1 });
}

const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
const skipped = results.reduce((s, r) => s + (r.skipped ?? 0), 0);
console.log(`\nSummary (${((Date.now() - started) / 1000).toFixed(0)} s):`);
for (const r of results)
  console.log(
    `  ${r.runner.padEnd(18)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`,
  );
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && existsSync('dist/index.html') ? 0 : 1);
