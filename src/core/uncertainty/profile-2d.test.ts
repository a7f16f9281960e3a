import { describe, expect, it } from 'vitest';
import { curveFit } from '../fit';
import { FitbenchError } from '../errors';
import reference from './reference/lmfit-conf-interval.json';
import { profile2d } from './profile-2d';

const example = reference.examples[1];

describe('profile2d against lmfit conf_interval2d', () => {
  it('gives the same probability surface over a1 and t2 (30 × 30, the others refitted)', async () => {
    const p0 = Object.fromEntries(Object.entries(example.best).map(([k, v]) => [k, Number(v.toPrecision(2))]));
    const problem = { model: example.model, x: example.x, y: example.y, p0 };
    const fit = await curveFit(problem);
    const ci2d = example.ci2d as {
      a: string;
      b: string;
      nx: number;
      ny: number;
      x: number[];
      y: number[];
      prob: number[][];
    };
    const out = await profile2d(problem, fit, ci2d.a, ci2d.b, { nx: ci2d.nx, ny: ci2d.ny });
    out.x.forEach((v, i) => expect(v).toBeCloseTo(ci2d.x[i], 4));
    out.y.forEach((v, j) => expect(v).toBeCloseTo(ci2d.y[j], 4));
    expect(out.probability.length).toBe(ci2d.ny);
    let worst = 0;
    for (let j = 0; j < ci2d.ny; j++)
      for (let i = 0; i < ci2d.nx; i++) worst = Math.max(worst, Math.abs(out.probability[j][i] - ci2d.prob[j][i]));
    expect(worst).toBeLessThan(1e-4);
    expect(out.refits).toBe(900);
    expect(structuredClone(out)).toEqual(out);
  });

  it('rejects unknown or repeated parameters and bad grids', async () => {
    const problem = {
      model: '1/(a*x) + b',
      x: reference.examples[0].x,
      y: reference.examples[0].y,
      p0: { a: 0.1, b: 1 },
    };
    const fit = await curveFit(problem);
    const code = async (f: () => Promise<unknown>) =>
      f().then(
        () => 'none',
        (e) => (e instanceof FitbenchError ? e.code : 'other'),
      );
    expect(await code(() => profile2d(problem, fit, 'a', 'zz'))).toBe('PARAM_UNKNOWN');
    expect(await code(() => profile2d(problem, fit, 'a', 'a'))).toBe('OPTIONS_INVALID');
    expect(await code(() => profile2d(problem, fit, 'a', 'b', { nx: 1 }))).toBe('OPTIONS_INVALID');
    expect(
      await code(() =>
        profile2d(problem, fit, 'a', 'b', {
          limits: [
            [1, 0],
            [0, 1],
          ],
        }),
      ),
    ).toBe('OPTIONS_INVALID');
  });

  it('evaluates χ² directly when the two parameters are all there is to fit', async () => {
    const problem = {
      model: '1/(a*x) + b',
      x: reference.examples[0].x,
      y: reference.examples[0].y,
      p0: { a: 0.1, b: 1 },
    };
    const fit = await curveFit(problem);
    const out = await profile2d(problem, fit, 'a', 'b', { nx: 5, ny: 5 });
    expect(out.probability[2][2]).toBeLessThan(1e-6);
    expect(out.probability[0][0]).toBeGreaterThan(0.99);
  });
});
