/**
 * Uncertainty benchmark (`npm run bench`, after the CPU benchmark; alone with
 * `npm run bench -- --uncertainty`): 1,000 residual-bootstrap resamples of a 4-parameter,
 * 1,000-point Gaussian-plus-offset fit through the CPU batch engine (issue 13's figure:
 * under 1 s on the 2-core machine), and a profile of every parameter of the same fit.
 * Figures, never assertions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { bootstrap, curveFit, profileIntervals } from '../src/core';
import { normalStream } from '../src/core/model/library/synthetic';

const quick = process.argv.includes('--quick');
const repeats = quick ? 2 : 5;
const z = normalStream(3);
const n = 1000;
const x = Array.from({ length: n }, (_, i) => -5 + (10 * i) / (n - 1));
const y = x.map((v) => 3 * Math.exp(-((v - 0.5) ** 2) / (2 * 1.2 ** 2)) + 0.4 + 0.05 * z());
const problem = { model: 'a*exp(-(x-mu)^2/(2*s^2)) + c', x, y, p0: { a: 2, mu: 0, s: 1, c: 0 } };
const fit = await curveFit(problem);

async function median(fn: (run: number) => Promise<unknown>): Promise<{ medianMs: number; runs: number[] }> {
  await fn(-1);
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn(i);
    runs.push(Number((performance.now() - t0).toFixed(1)));
  }
  return { medianMs: [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)], runs };
}

const rows = [
  {
    workload: 'bootstrap residual 1000 × (gauss+c, n=1000, 4 params)',
    ...(await median((run) => bootstrap(problem, fit, { resamples: 1000, seed: run + 2 }))),
  },
  {
    workload: 'profileIntervals 4 params × 3 levels (gauss+c, n=1000)',
    ...(await median(() => profileIntervals(problem, fit))),
  },
];
console.table(rows);
const out = {
  machine: `${process.platform} ${process.arch}, node ${process.version}`,
  date: new Date().toISOString(),
  rows,
};
mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench-uncertainty.json', `${JSON.stringify(out, null, 2)}\n`);
