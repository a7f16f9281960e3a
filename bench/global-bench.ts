/**
 * Global fit against separate fits (issue 11): 20 data sets of 10⁴ points, model
 * a·exp(−x/t) + c, with t shared (one global fit, 41 parameters) and with nothing shared
 * (the same problem as 20 separate fits, 60 parameters), against 20 separate curveFit calls.
 * The target: the global fit within 2× the separate fits' total time. Figures only: tests
 * assert behaviour. `npm run bench -- --global` writes reports/bench-global.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { curveFit } from '../src/core/fit/curve-fit';
import { curveFitGlobal } from '../src/core/fit/curve-fit-global';
import { normalStream } from '../src/core/model/library/synthetic';

const DATASETS = 20;
const POINTS = 10_000;
const repeats = process.argv.includes('--quick') ? 2 : 5;

const noise = normalStream(11);
const x = Float64Array.from({ length: POINTS }, (_, i) => (8 * i) / (POINTS - 1));
const truth = Array.from({ length: DATASETS }, (_, k) => ({ a: 1 + 0.2 * k, t: 1.7, c: 0.05 * (k % 5) }));
const ys = truth.map(({ a, t, c }) => Float64Array.from(x, (v) => a * Math.exp(-v / t) + c + 0.02 * noise()));
const p0 = { a: 1, t: 1, c: 0 };
const model = 'a*exp(-x/t) + c';

async function median(fn: () => Promise<unknown>): Promise<{ medianMs: number; runs: number[] }> {
  await fn();
  await fn();
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(performance.now() - t0);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(runs.length / 2)], runs };
}

let separateIterations = 0;
const separate = await median(async () => {
  separateIterations = 0;
  for (const y of ys) separateIterations += (await curveFit({ model, x, y, p0 }, { backend: 'cpu' })).iterations;
});
const datasets = ys.map((y) => ({ x, y }));
let sharedIterations = 0;
const shared = await median(async () => {
  sharedIterations = (await curveFitGlobal({ datasets, model, shared: ['t'], p0 })).iterations;
});
let unsharedIterations = 0;
const unshared = await median(async () => {
  unsharedIterations = (await curveFitGlobal({ datasets, model, shared: [], p0 })).iterations;
});

const rows = [
  { fit: `${DATASETS} separate curveFit calls`, medianMs: separate.medianMs, iterations: separateIterations },
  { fit: 'curveFitGlobal, t shared (41 parameters)', medianMs: shared.medianMs, iterations: sharedIterations },
  {
    fit: 'curveFitGlobal, nothing shared (60 parameters)',
    medianMs: unshared.medianMs,
    iterations: unsharedIterations,
  },
].map((r) => ({
  ...r,
  medianMs: Number(r.medianMs.toFixed(1)),
  vsSeparate: Number((r.medianMs / separate.medianMs).toFixed(2)),
}));
console.table(rows);
const out = {
  machine: `${process.platform} ${process.arch}, node ${process.version}`,
  date: new Date().toISOString(),
  datasets: DATASETS,
  pointsPerDataset: POINTS,
  repeats,
  rows,
};
mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench-global.json', `${JSON.stringify(out, null, 2)}\n`);
