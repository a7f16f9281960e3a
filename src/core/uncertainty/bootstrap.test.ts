import { describe, expect, it } from 'vitest';
import type { FitProblem } from '../api-types';
import { FitbenchError } from '../errors';
import { curveFit } from '../fit';
import { normalStream } from '../model/library/synthetic';
import { mulberry32 } from '../numerics/seeded-random';
import { bootstrap, quantile } from './bootstrap';

function decay(seed: number, n = 30, sigma = 0.05): FitProblem {
  const z = normalStream(seed);
  const x = Array.from({ length: n }, (_, i) => (4 * i) / (n - 1));
  return { model: 'a*exp(-k*x)', x, y: x.map((v) => 2 * Math.exp(-1.3 * v) + sigma * z()), p0: { a: 1, k: 1 } };
}

describe('bootstrap', () => {
  it('is reproducible by seed and agrees with the covariance errors on a nearly linear problem', async () => {
    const problem = decay(11, 60);
    const fit = await curveFit(problem);
    const one = await bootstrap(problem, fit, { resamples: 400, seed: 5 });
    const again = await bootstrap(problem, fit, { resamples: 400, seed: 5 });
    const other = await bootstrap(problem, fit, { resamples: 400, seed: 6 });
    expect(again.samples).toEqual(one.samples);
    expect(other.samples.a).not.toEqual(one.samples.a);
    expect(one.failed).toBe(0);
    expect(one.samples.a.length).toBe(400);
    for (const name of ['a', 'k']) {
      const b = one.params[name];
      expect(b.stdError / fit.stdErrors[name]).toBeGreaterThan(0.85);
      expect(b.stdError / fit.stdErrors[name]).toBeLessThan(1.15);
      expect(Math.abs(b.bias)).toBeLessThan(0.3 * fit.stdErrors[name]);
      expect(b.percentile[0]).toBeLessThan(fit.params[name]);
      expect(b.percentile[1]).toBeGreaterThan(fit.params[name]);
      expect(b.bca).not.toBeNull();
      const [lo, hi] = b.bca as [number, number];
      expect(Math.abs(lo - b.percentile[0])).toBeLessThan(0.5 * fit.stdErrors[name]);
      expect(Math.abs(hi - b.percentile[1])).toBeLessThan(0.5 * fit.stdErrors[name]);
    }
    expect(structuredClone(one)).toEqual(one);
  });

  it('covers the true parameter about 95% of the time over many simulated data sets', async () => {
    // Fixed seeds: 120 data sets of 50 points, 150 residual resamples each; 95% intervals.
    const covered = { a: 0, k: 0, bcaA: 0, bcaK: 0 };
    const sets = 120;
    const inside = (interval: [number, number] | null, truth: number) =>
      interval && interval[0] <= truth && truth <= interval[1] ? 1 : 0;
    for (let s = 0; s < sets; s++) {
      const problem = decay(1000 + s, 50, 0.08);
      const fit = await curveFit(problem);
      const out = await bootstrap(problem, fit, { resamples: 150, seed: s + 1 });
      covered.a += inside(out.params.a.percentile, 2);
      covered.k += inside(out.params.k.percentile, 1.3);
      covered.bcaA += inside(out.params.a.bca, 2);
      covered.bcaK += inside(out.params.k.bca, 1.3);
    }
    // Binomial(120, 0.95) has sd 2%: 90%…99% is two sd below and above.
    for (const count of Object.values(covered)) {
      expect(count / sets).toBeGreaterThan(0.9);
      expect(count / sets).toBeLessThan(0.99);
    }
  });

  it('offers case and wild resampling, weighted data and named predictors', async () => {
    const problem = decay(3, 40);
    const fit = await curveFit(problem);
    for (const kind of ['case', 'wild'] as const) {
      const out = await bootstrap(problem, fit, { kind, resamples: 200, seed: 2 });
      expect(out.kind).toBe(kind);
      expect(out.failed).toBe(0);
      expect(out.params.k.stdError / fit.stdErrors.k).toBeGreaterThan(0.6);
      expect(out.params.k.stdError / fit.stdErrors.k).toBeLessThan(1.6);
    }
    const weighted = { ...problem, sigma: (problem.y as number[]).map(() => 0.05) };
    const wfit = await curveFit(weighted, { absoluteSigma: true });
    const wout = await bootstrap(weighted, wfit, { kind: 'case', resamples: 100 });
    expect(wout.params.a.percentile[0]).toBeLessThan(wfit.params.a);
    const named: FitProblem = { ...problem, model: 'a*exp(-k*t)', x: { t: problem.x as number[] } };
    const nfit = await curveFit(named);
    const nout = await bootstrap(named, nfit, { kind: 'case', resamples: 30 });
    expect(nout.samples.k.length).toBe(30);
  });

  it('keeps fixed parameters out of the intervals and reports progress', async () => {
    const problem = { ...decay(4), fixed: ['a'], p0: { a: 2, k: 1 } };
    const fit = await curveFit(problem);
    let last = 0;
    const out = await bootstrap(problem, fit, { resamples: 50, onProgress: (p) => (last = p.done / p.total) });
    expect(Object.keys(out.params)).toEqual(['k']);
    expect(out.samples.a.every((v) => v === 2)).toBe(true);
    expect(last).toBe(1);
  });

  it('rejects bad options with coded errors and cancels on the signal', async () => {
    const problem = decay(1);
    const fit = await curveFit(problem);
    const code = async (f: () => Promise<unknown>) =>
      f().then(
        () => 'none',
        (e) => (e instanceof FitbenchError ? e.code : 'other'),
      );
    expect(await code(() => bootstrap(problem, fit, { resamples: 1 }))).toBe('OPTIONS_INVALID');
    expect(await code(() => bootstrap(problem, fit, { kind: 'jackknife' as never }))).toBe('OPTIONS_INVALID');
    expect(await code(() => bootstrap(problem, fit, { level: 95 }))).toBe('OPTIONS_INVALID');
    expect(await code(() => bootstrap(problem, fit, { signal: { aborted: true } }))).toBe('FIT_ABORTED');
  });

  it('quantile interpolates as numpy does', () => {
    const u = mulberry32(1);
    const v = Float64Array.from({ length: 11 }, () => u()).sort();
    expect(quantile(v, 0)).toBe(v[0]);
    expect(quantile(v, 1)).toBe(v[10]);
    expect(quantile(v, 0.25)).toBeCloseTo(v[2] + 0.5 * (v[3] - v[2]), 15);
  });
});
