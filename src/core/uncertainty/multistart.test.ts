import { describe, expect, it } from 'vitest';
import type { FitProblem } from '../api-types';
import { FitbenchError } from '../errors';
import { curveFit } from '../fit';
import { MGH_PROBLEMS } from './mgh-problems.fixture';

/** Σ r² at the global minimum to 1e-6 relative, or below 1e-12 for zero-residual problems. */
function atGlobalMinimum(chiSquare: number, fmin: number): boolean {
  return fmin === 0 ? chiSquare < 1e-12 : Math.abs(chiSquare - fmin) <= 1e-6 * fmin;
}

describe('multistart on More–Garbow–Hillstrom problems from 10× and 100× their standard starts', () => {
  for (const problem of MGH_PROBLEMS) {
    for (const factor of problem.stuckFrom.filter((k) => k > 1)) {
      it(`${problem.name} from ${factor}× x0 reaches the global minimum (a single local fit does not)`, async () => {
        const p0 = Object.fromEntries(Object.entries(problem.p0).map(([name, v]) => [name, v * factor]));
        const fitProblem: FitProblem = { model: problem.model, x: problem.x, y: problem.y, p0 };
        const plain = await curveFit(fitProblem).catch(() => null);
        expect(plain === null || !atGlobalMinimum(plain.chiSquare, problem.fmin)).toBe(true);
        const fit = await curveFit(fitProblem, { multistart: { starts: 256, seed: 1 } });
        expect(atGlobalMinimum(fit.chiSquare, problem.fmin), `χ² ${fit.chiSquare} vs ${problem.fmin}`).toBe(true);
        expect(fit.multistart?.starts).toBe(256);
        expect(fit.multistart?.reachedBest).toBeGreaterThanOrEqual(1);
        expect(fit.diagnostics.join('\n')).toMatch(/multistart: \d+ of 256 starts reached the best χ²/);
      });
    }
  }
});

describe('multistart', () => {
  const x = Array.from({ length: 40 }, (_, i) => i / 4);
  const y = x.map((v) => Math.sin(2.7 * v) + 0.5);
  const problem: FitProblem = { model: 'sin(w*x) + c', x, y, p0: { w: 1, c: 0 }, bounds: { w: [0.1, 10] } };

  it('is reproducible by seed, keeps the result plain data and respects bounds', async () => {
    const one = await curveFit(problem, { multistart: { starts: 128, seed: 3 } });
    const again = await curveFit(problem, { multistart: { starts: 128, seed: 3 } });
    expect(again.params).toEqual(one.params);
    expect(again.multistart).toEqual(one.multistart);
    expect(one.params.w).toBeCloseTo(2.7, 8);
    expect(structuredClone(one)).toEqual({ ...one });
    const bounded = await curveFit({ ...problem, bounds: { w: [0.5, 2.5] } }, { multistart: { starts: 128, seed: 3 } });
    expect(bounded.params.w).toBeGreaterThanOrEqual(0.5);
    expect(bounded.params.w).toBeLessThanOrEqual(2.5);
  });

  it('works for models of several named predictors (one by one)', async () => {
    const named: FitProblem = { ...problem, model: 'sin(w*t) + c', x: { t: x } };
    const fit = await curveFit(named, { multistart: { starts: 128 } });
    expect(fit.params.w).toBeCloseTo(2.7, 8);
  });

  it('rejects bad settings with a coded error', async () => {
    for (const multistart of [{ starts: 1 }, { starts: 2.5 }, { starts: 10, seed: Number.NaN }, null]) {
      const error = await curveFit(problem, { multistart: multistart as never }).catch((e) => e);
      expect(error).toBeInstanceOf(FitbenchError);
      expect((error as FitbenchError).code).toBe('OPTIONS_INVALID');
    }
  });
});
