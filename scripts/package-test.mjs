#!/usr/bin/env node
// `npm run test:package`: the package as someone else gets it. Packs the tarball (prepare
// builds it), checks what ships, installs it into an empty folder (dependencies from the npm
// cache when they are there: CI reaches only the registry), imports curveFit in Node ESM,
// type-checks a small consumer with tsc ("moduleResolution": "nodenext", no skipLibCheck)
// and runs `npx fitbench fit` there. Prints one line per check; exits non-zero on failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'fitbench-package-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let failures = 0;

function check(name, fn) {
  const t0 = Date.now();
  try {
    const detail = fn();
    console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${detail ? `: ${detail}` : ''}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function run(cmd, args, cwd, extra = {}) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...extra });
}

function assert(ok, message) {
  if (!ok) throw new Error(message);
}

const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
let tarball = '';
try {
  check('npm pack', () => {
    const out = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', work], repo))[0];
    tarball = join(work, out.filename);
    const files = out.files.map((f) => f.path);
    const allowed = /^(dist-lib\/|dist-cli\/|bin\/|README\.md$|LICENSE$|package\.json$)/;
    const stray = files.filter((f) => !allowed.test(f) || /\.test\./.test(f));
    assert(stray.length === 0, `ships files it should not: ${stray.slice(0, 5).join(', ')}`);
    for (const needed of [
      'dist-lib/index.js',
      'dist-lib/types/index.d.ts',
      'dist-cli/fitbench.mjs',
      'bin/fitbench.mjs',
      'LICENSE',
      'README.md',
    ])
      assert(files.includes(needed), `${needed} is missing from the tarball`);
    return `${files.length} files, ${(out.size / 1024).toFixed(0)} KiB`;
  });

  check('shipped code imports only declared dependencies', () => {
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]);
    // The CLI's WebGPU support loads the optional `webgpu` package when present.
    const optional = new Set(['webgpu']);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const missing = new Set();
    // The CLI is split into chunks (the batch and queue commands load theirs on demand): read them all.
    const cliFiles = readdirSync(join(repo, 'dist-cli'), { recursive: true })
      .filter((f) => String(f).endsWith('.mjs'))
      .map((f) => `dist-cli/${String(f)}`);
    for (const file of ['dist-lib/index.js', ...cliFiles]) {
      const text = readFileSync(join(repo, file), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"'./][^"']*)["']/g)) {
        const name = m[1].startsWith('@') ? m[1].split('/').slice(0, 2).join('/') : m[1].split('/')[0];
        if (!declared.has(name) && !builtins.has(m[1]) && !optional.has(name)) missing.add(`${file}: ${m[1]}`);
      }
    }
    assert(missing.size === 0, `not in dependencies: ${[...missing].join(', ')}`);
  });

  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  check('npm install <tarball> into an empty folder', () => {
    run(
      npm,
      ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
      consumer,
    );
    const installed = JSON.parse(readFileSync(join(consumer, 'node_modules/fitbench/package.json'), 'utf8'));
    assert(installed.version === pkg.version, `installed version ${installed.version}`);
  });

  check('Node ESM: import { curveFit } from "fitbench"', () => {
    writeFileSync(
      join(consumer, 'fit.mjs'),
      `import { curveFit, FITBENCH_VERSION } from 'fitbench';
const x = Array.from({ length: 40 }, (_, i) => i / 4);
const y = x.map((v) => 2 * Math.exp(-v / 1.5) + 0.3);
const r = await curveFit({ model: 'a*exp(-x/t) + c', x, y, p0: { a: 1, t: 1, c: 0 } });
console.log(JSON.stringify({ version: FITBENCH_VERSION, converged: r.converged, t: r.params.t }));
`,
    );
    const out = JSON.parse(run(process.execPath, ['fit.mjs'], consumer));
    assert(out.converged && Math.abs(out.t - 1.5) < 1e-6, `fit: ${JSON.stringify(out)}`);
    return `t = ${out.t}`;
  });

  check('tsc type-checks a consumer against the shipped .d.ts', () => {
    writeFileSync(
      join(consumer, 'consumer.ts'),
      `import { curveFit, FitbenchError, type FitOptions, type FitResult, type IterationState } from 'fitbench';

const options: FitOptions = { method: 'trf', backend: 'cpu', onIteration: (s: IterationState) => void s.radius };
// @ts-expect-error the library fits on the CPU: "webgpu" is not one of its backends
const gpu: FitOptions = { backend: 'webgpu' };
export async function run(): Promise<number> {
  const result: FitResult = await curveFit({ model: 'gaussian', x: [1, 2, 3], y: [1, 3, 1] }, options);
  void gpu;
  return result.params.a ?? (new FitbenchError('INTERNAL', 'no a').code === 'INTERNAL' ? 0 : 1);
}
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
          lib: ['ES2023'],
        },
        files: ['consumer.ts'],
      }),
    );
    run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], consumer);
  });

  check('npx fitbench fit data.csv --json', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i / 3},${(3 * Math.exp(-i / 6) + 0.5).toPrecision(12)}`);
    writeFileSync(join(consumer, 'data.csv'), `x,y\n${rows.join('\n')}\n`);
    const out = run(
      npx,
      ['--no', 'fitbench', 'fit', 'data.csv', '--model', 'a*exp(-x/t)+c', '--p0', 'a=1,t=1,c=0', '--json'],
      consumer,
    );
    const result = JSON.parse(out);
    assert(result.converged && Math.abs(result.params.t - 2) < 1e-6, `CLI result: ${out.slice(0, 200)}`);
    return `t = ${result.params.t}`;
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? 'package: all checks passed' : `package: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
