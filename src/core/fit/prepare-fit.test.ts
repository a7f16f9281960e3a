import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/fitbench-error-of';
import { curveFit } from './curve-fit';
import { curveFitBatch } from './curve-fit-batch';
import { prepareFit } from './prepare-fit';
import { runPreparedFit } from './run-fit';
import { createCpuEvaluatorFor } from './curve-fit';

const xs = Array.from({ length: 80 }, (_, i) => i / 8);
const peak = (x: number) => 2 * Math.exp(-((x - 5) ** 2) / (2 * 0.8 ** 2));

describe('prepareFit', () => {
  it('guesses a library model from x even when other named predictors come first', async () => {
    const r = await curveFit({ model: 'gaussian', x: { t: xs.map((v) => v * 1000), x: xs }, y: xs.map(peak) });
    expect(r.converged).toBe(true);
    expect(r.params.mu).toBeCloseTo(5, 6);
  });

  it('moves an automatic guess inside the bounds instead of rejecting it', async () => {
    const r = await curveFit({ model: 'gaussian', x: xs, y: xs.map(peak), bounds: { s: [1, null] } });
    expect(r.params.s).toBeGreaterThanOrEqual(1);
    // A start value the caller gave is still checked.
    expect(
      errorOf(() =>
        prepareFit({
          model: 'gaussian',
          x: xs,
          y: xs.map(peak),
          p0: { a: 2, mu: 5, s: 0.5 },
          bounds: { s: [1, null] },
        }),
      ).code,
    ).toBe('START_OUTSIDE_BOUNDS');
  });

  it('rejects an old checkpoint that lacks a parameter as corrupt', async () => {
    const prepared = prepareFit({
      model: 'a*exp(-x/t)',
      x: xs,
      y: xs.map((x) => 2 * Math.exp(-x / 3)),
      p0: { a: 1, t: 1 },
    });
    await expect(
      runPreparedFit(prepared, createCpuEvaluatorFor(prepared), {
        resumeFrom: { method: 'lm', iteration: 3, params: { a: 1 }, radius: 1, lambda: 0, nfev: 4, history: [] },
      }),
    ).rejects.toMatchObject({ code: 'CHECKPOINT_CORRUPT' });
  });
});

describe('curveFitBatch with a bad first curve', () => {
  it('fits the other curves and leaves a NaN row for the bad one', async () => {
    const good = xs.map(peak);
    const bad = [...good];
    bad[3] = Number.NaN;
    const r = await curveFitBatch({ model: 'gaussian', x: xs, y: [bad, good, good] });
    expect(Number.isNaN(r.params[0])).toBe(true);
    expect(r.converged[0]).toBe(0);
    expect(r.converged[1]).toBe(1);
    expect(r.params[3 + 1]).toBeCloseTo(5, 6);
  });

  it('names curve 0 when no curve has usable data, and throws model errors at once', async () => {
    await expect(curveFitBatch({ model: 'gaussian', x: xs, y: [[1, 2], [3]] })).rejects.toMatchObject({
      message: expect.stringContaining('curve 0'),
    });
    await expect(
      curveFitBatch({ model: 'a*exp(-x/t', x: xs, y: [[1, 2], xs.map(peak)], p0: { a: 1, t: 1 } }),
    ).rejects.toMatchObject({ code: 'MODEL_PARSE' });
  });
});
