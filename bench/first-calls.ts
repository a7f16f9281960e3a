/**
 * What a user gets from one curveFit call (`npm run bench -- --first-calls`): whole-call
 * times (parsing, validation, statistics included), not the solver's elapsedMs alone, for
 * gauss4 at 1e6 points and exp2 at 1e4, with Float64Array and plain number[] input, each in
 * a fresh process: the first five calls and their best, and fully warm (best of five after
 * 300 ms of warm-up). scipy's curve_fit runs the same data the same way in the same run, and a
 * cold CLI fit (a new `fitbench fit` process) is timed end to end. Figures, never assertions.
 *
 * A process's first calls depend on when V8 gets round to optimizing, so one process says
 * little: `--runs N` (default 5) repeats every measurement in N fresh processes, ours and
 * scipy's interleaved, and reports the median with the range.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { curveFit } from '../src/core';

const sharedDir = process.env.FITBENCH_SHARED ?? join(process.cwd(), '..', 'shared');
const { loadWorkloads, genSingle } = await import(pathToFileURL(join(sharedDir, 'bench', 'datagen.mjs')).href);

interface Workload {
  id: string;
  expression: string;
  params: string[];
  p0: number[];
}
const workloads = (loadWorkloads() as { workloads: Workload[] }).workloads;
const CASES: [string, number][] = [
  ['gauss4', 1_000_000],
  ['exp2', 10_000],
];

function data(id: string, n: number) {
  const w = workloads.find((x) => x.id === id) as Workload;
  const d = genSingle(w, n) as { x: Float64Array; y: Float64Array };
  return { w, ...d, p0: Object.fromEntries(w.params.map((p, k) => [p, w.p0[k]])) };
}

const best = (a: number[]) => Math.min(...a);
const median = (a: number[]) => {
  const s = [...a].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (v: number, digits: number) => +v.toFixed(digits);
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Math.max(1, Number(process.argv[runsAt + 1]) || 1) : 5;

async function child(id: string, n: number, kind: string): Promise<void> {
  const { w, x, y, p0 } = data(id, n);
  const problem = {
    model: w.expression,
    x: kind === 'array' ? Array.from(x) : x,
    y: kind === 'array' ? Array.from(y) : y,
    p0,
  };
  const first: number[] = [];
  const solver: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await curveFit(problem);
    first.push(performance.now() - t0);
    solver.push(r.elapsedMs);
  }
  const t = performance.now();
  for (let i = 0; i < 50 && performance.now() - t < 300; i++) await curveFit(problem);
  const warm: number[] = [];
  const warmSolver: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await curveFit(problem);
    warm.push(performance.now() - t0);
    warmSolver.push(r.elapsedMs);
  }
  process.stdout.write(JSON.stringify({ first, solver, warm, warmSolver }));
}

const SCIPY = String.raw`
import json, sys, time
import numpy as np
from scipy.optimize import curve_fit
def gauss4(x, a, mu, s, c): return a * np.exp(-(x - mu) ** 2 / (2 * s ** 2)) + c
def exp2(x, a1, t1, a2, t2, c): return a1 * np.exp(-x / t1) + a2 * np.exp(-x / t2) + c
job = json.load(sys.stdin)
f = {"gauss4": gauss4, "exp2": exp2}[job["id"]]
x = np.fromfile(job["x"], dtype="<f8"); y = np.fromfile(job["y"], dtype="<f8")
def one():
    t0 = time.perf_counter(); curve_fit(f, x, y, p0=job["p0"], method="lm"); return (time.perf_counter() - t0) * 1000
first = [one() for _ in range(5)]
t = time.perf_counter()
while time.perf_counter() - t < 0.3: one()
warm = [one() for _ in range(5)]
print(json.dumps({"first": first, "warm": warm}))
`;

async function main(): Promise<void> {
  const dir = join(tmpdir(), 'fitbench-first-calls');
  mkdirSync(dir, { recursive: true });
  const rows = [];
  for (const [id, n] of CASES) {
    const { w, x, y } = data(id, n);
    const xf = join(dir, `${id}-x.bin`);
    const yf = join(dir, `${id}-y.bin`);
    writeFileSync(xf, Buffer.from(x.buffer));
    writeFileSync(yf, Buffer.from(y.buffer));
    const scipyRuns: { first: number[]; warm: number[] }[] = [];
    const ours: Record<string, { first: number[]; solver: number[]; warm: number[]; warmSolver: number[] }[]> = {
      f64: [],
      array: [],
    };
    for (let run = 0; run < RUNS; run++) {
      const py = spawnSync('python3', ['-c', SCIPY], {
        input: JSON.stringify({ id, x: xf, y: yf, p0: w.p0 }),
        encoding: 'utf8',
      });
      if (py.status === 0) scipyRuns.push(JSON.parse(py.stdout) as { first: number[]; warm: number[] });
      for (const kind of ['f64', 'array']) {
        const r = spawnSync(process.execPath, [process.argv[1], '--child', id, String(n), kind], { encoding: 'utf8' });
        ours[kind].push(JSON.parse(r.stdout) as (typeof ours)[string][number]);
      }
    }
    const scipyBest = scipyRuns.map((r) => best(r.first));
    const scipyWarm = scipyRuns.map((r) => best(r.warm));
    for (const kind of ['f64', 'array']) {
      const runs = ours[kind];
      const bestFive = runs.map((f) => best(f.first));
      const warm = runs.map((f) => best(f.warm));
      const ratioFirst = scipyRuns.length ? median(scipyBest) / median(bestFive) : null;
      const ratioWarm = scipyRuns.length ? median(scipyWarm) / median(warm) : null;
      rows.push({
        workload: `${id} n=${n} ${kind === 'f64' ? 'Float64Array' : 'number[]'}`,
        runs: runs.length,
        firstCallMs: round(median(runs.map((f) => f.first[0])), 1),
        bestOfFirstFiveMs: round(median(bestFive), 2),
        bestOfFirstFiveRangeMs: [round(best(bestFive), 2), round(Math.max(...bestFive), 2)],
        outsideSolverBestOfFiveMs: round(median(runs.map((f) => best(f.first.map((v, i) => v - f.solver[i])))), 2),
        warmMs: round(median(warm), 2),
        warmOutsideSolverMs: round(median(runs.map((f) => best(f.warm.map((v, i) => v - f.warmSolver[i])))), 2),
        scipyBestOfFirstFiveMs: scipyRuns.length ? round(median(scipyBest), 2) : null,
        scipyBestOfFirstFiveRangeMs: scipyRuns.length
          ? [round(best(scipyBest), 2), round(Math.max(...scipyBest), 2)]
          : null,
        scipyWarmMs: scipyRuns.length ? round(median(scipyWarm), 2) : null,
        speedupFirstFive: ratioFirst === null ? null : round(ratioFirst, 2),
        // Per fresh process pair (ours and scipy's run side by side): the worst and best ratio.
        speedupFirstFiveRange:
          scipyBest.length === bestFive.length
            ? [
                round(Math.min(...bestFive.map((v, i) => scipyBest[i] / v)), 2),
                round(Math.max(...bestFive.map((v, i) => scipyBest[i] / v)), 2),
              ]
            : null,
        speedupWarm: ratioWarm === null ? null : round(ratioWarm, 2),
      });
    }
  }
  // A cold CLI fit: a new process reads a CSV, compiles the model and fits (exp2, 1e4 points).
  const { w, x, y } = data('exp2', 10_000);
  const csv = join(dir, 'exp2.csv');
  writeFileSync(csv, `x,y\n${Array.from(x, (v, i) => `${v},${y[i]}`).join('\n')}\n`);
  const p0 = w.params.map((p, k) => `${p}=${w.p0[k]}`).join(',');
  const t0 = performance.now();
  const cli = spawnSync(
    process.execPath,
    ['dist-cli/fitbench.mjs', 'fit', csv, '--model', w.expression, '--p0', p0, '--json'],
    {
      encoding: 'utf8',
    },
  );
  const cliMs = performance.now() - t0;
  const cliFit = cli.status === 0 ? (JSON.parse(cli.stdout) as { elapsedMs: number; converged: boolean }) : null;
  const out = {
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    runsPerFigure: RUNS,
    date: new Date().toISOString(),
    rows,
    coldCli: {
      workload: 'exp2 n=10000 from CSV',
      processMs: +cliMs.toFixed(0),
      solverMs: cliFit?.elapsedMs,
      converged: cliFit?.converged,
    },
  };
  console.table(rows);
  console.log(JSON.stringify(out.coldCli));
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench-first-calls.json', `${JSON.stringify(out, null, 2)}\n`);
}

const at = process.argv.indexOf('--child');
if (at >= 0) await child(process.argv[at + 1], Number(process.argv[at + 2]), process.argv[at + 3]);
else await main();
