import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/fitbench-error-of';
import { compareSharing, fDistributionSf } from './compare-sharing';
import { curveFit } from './curve-fit';
import { curveFitGlobal } from './curve-fit-global';
import { prepareGlobal } from './prepare-global';

const xs = Array.from({ length: 40 }, (_, i) => i / 4);
const decayData = (a: number, t: number, phase: number) =>
  xs.map((x) => a * Math.exp(-x / t) + 0.02 * Math.sin(7 * x + phase));

describe('curveFitGlobal', () => {
  it('names local parameters <name>_<k>; bare p0/bounds apply to all, <name>_<k> to one', () => {
    const p = prepareGlobal({
      datasets: [
        { x: xs, y: decayData(2, 1.5, 0) },
        { x: xs, y: decayData(3, 1.5, 1) },
      ],
      model: 'a*exp(-x/t)',
      shared: ['t'],
      p0: { a: 1, a_2: 4, t: 2 },
      bounds: { a: [0, 10], a_2: [1, 5] },
    });
    expect(p.paramNames).toEqual(['a_1', 't', 'a_2']);
    expect(Array.from(p.x0)).toEqual([1, 2, 4]);
    expect(p.bounds).toEqual({ a_1: [0, 10], a_2: [1, 5] });
    expect(p.method).toBe('trf');
  });

  it('library models guess per data set; a shared parameter starts at the mean of the guesses', async () => {
    const peak = (a: number, mu: number) => xs.map((x) => a * Math.exp(-((x - mu) ** 2) / (2 * 0.8 ** 2)));
    const r = await curveFitGlobal({
      datasets: [
        { x: xs, y: peak(2, 4) },
        { x: xs, y: peak(3, 6) },
      ],
      model: 'gaussian',
      shared: ['s'],
    });
    expect(r.params.s).toBeCloseTo(0.8, 6);
    expect(r.params.mu_2).toBeCloseTo(6, 6);
    // The peaks' standard quantities: per data set, or once for a shared width.
    expect(r.derived?.fwhm.value).toBeCloseTo(2 * Math.sqrt(2 * Math.LN2) * 0.8, 6);
    expect(r.derived?.fwhm.stdError).toBeCloseTo(2 * Math.sqrt(2 * Math.LN2) * r.stdErrors.s, 12);
    expect(r.derived?.height_2.value).toBeCloseTo(3, 6);
    expect(r.derived?.area_1.value).toBeCloseTo(2 * 0.8 * Math.sqrt(2 * Math.PI), 6);
    expect(r.derived?.center_1.stdError).toBeCloseTo(r.stdErrors.mu_1, 12);
  });

  it('fixed parameters by bare name hold in every data set', async () => {
    const r = await curveFitGlobal({
      datasets: [
        { x: xs, y: decayData(2, 1.5, 0) },
        { x: xs, y: decayData(3, 1.5, 1) },
      ],
      model: 'a*exp(-x/t) + c',
      shared: ['t'],
      p0: { a: 1, t: 1, c: 0 },
      fixed: ['c'],
    });
    expect(r.params.c_1).toBe(0);
    expect(r.params.c_2).toBe(0);
    expect(r.stdErrors.c_2).toBe(0);
    expect(r.dof).toBe(80 - 3);
  });

  it('bad input: no data sets, unknown shared name, ambiguous expression, bad data names the data set', () => {
    expect(errorOf(() => prepareGlobal({ datasets: [], model: 'a*x' })).code).toBe('DATA_EMPTY');
    const two = [
      { x: xs, y: decayData(2, 1.5, 0) },
      { x: xs, y: decayData(3, 1.5, 1) },
    ];
    expect(
      errorOf(() => prepareGlobal({ datasets: two, model: 'a*exp(-x/t)', shared: ['k'], p0: { a: 1, t: 1 } })).code,
    ).toBe('PARAM_UNKNOWN');
    const amb = errorOf(() =>
      prepareGlobal({ datasets: two, model: 'a*exp(-x/t)', p0: { a: 1, t: 1 }, expressions: { t_2: '2*t' } }),
    );
    expect(amb.message).toMatch(/reads "t", which is one parameter per data set/);
    const bad = errorOf(() =>
      prepareGlobal({ datasets: [two[0], { x: [1, 2], y: [1] }], model: 'a*exp(-x/t)', p0: { a: 1, t: 1 } }),
    );
    expect(bad.code).toBe('DATA_LENGTH_MISMATCH');
    expect(bad.message).toMatch(/^dataset 2:/);
    expect(
      errorOf(() =>
        prepareGlobal({
          datasets: two,
          model: 'a*exp(-x/t)',
          p0: { a: 1, t: 1 },
          expressions: { t_2: '2*t_1' },
          bounds: { t_2: [0, 1] },
        }),
      ).code,
    ).toBe('EXPRESSION_INVALID');
  });

  it('a bare-name expression ties the parameter in every data set to the same data set’s others', async () => {
    const r = await curveFitGlobal({
      datasets: [
        { x: xs, y: decayData(2, 1.5, 0) },
        { x: xs, y: decayData(3, 1.5, 1) },
      ],
      model: 'a*exp(-x/t) + c',
      shared: ['t'],
      p0: { a: 1, t: 1 },
      expressions: { c: '0.01*a' },
    });
    expect(r.params.c_1).toBeCloseTo(0.01 * r.params.a_1, 12);
    expect(r.params.c_2).toBeCloseTo(0.01 * r.params.a_2, 12);
  });

  it('robust losses and weights carry over: nothing shared equals the separate soft_l1 fits', async () => {
    const y = [decayData(2, 1.5, 0), decayData(3, 2, 1)];
    y[0][7] += 1; // an outlier the robust loss discounts
    const sigma = xs.map((x) => 0.02 + 0.01 * x);
    const options = { loss: 'soft_l1' as const, fScale: 0.5 };
    const global = await curveFitGlobal(
      { datasets: y.map((yk) => ({ x: xs, y: yk, sigma })), model: 'a*exp(-x/t)', p0: { a: 1, t: 1 } },
      options,
    );
    for (let k = 0; k < 2; k++) {
      const alone = await curveFit({ model: 'a*exp(-x/t)', x: xs, y: y[k], sigma, p0: { a: 1, t: 1 } }, options);
      expect(global.params[`t_${k + 1}`]).toBeCloseTo(alone.params.t, 6);
    }
  });

  it('property: a global fit with nothing shared equals the separate fits', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            a: fc.double({ min: 0.5, max: 5, noNaN: true }),
            t: fc.double({ min: 0.5, max: 4, noNaN: true }),
            phase: fc.double({ min: 0, max: 6, noNaN: true }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (sets) => {
          const datasets = sets.map((s) => ({ x: xs, y: decayData(s.a, s.t, s.phase) }));
          const p0 = { a: 1, t: 1 };
          const global = await curveFitGlobal({ datasets, model: 'a*exp(-x/t)', p0 }, { absoluteSigma: true });
          for (let k = 0; k < sets.length; k++) {
            const alone = await curveFit(
              { x: xs, y: datasets[k].y, model: 'a*exp(-x/t)', p0 },
              { absoluteSigma: true },
            );
            for (const q of ['a', 't']) {
              const g = global.params[`${q}_${k + 1}`];
              expect(Math.abs(g - alone.params[q])).toBeLessThan(1e-6 * Math.max(1, Math.abs(alone.params[q])));
              const se = global.stdErrors[`${q}_${k + 1}`];
              expect(Math.abs(se - alone.stdErrors[q])).toBeLessThan(1e-4 * alone.stdErrors[q]);
            }
            expect(global.datasets[k].chiSquare).toBeCloseTo(alone.chiSquare, 8);
          }
        },
      ),
      { numRuns: 25, seed: 11 },
    );
  });
});

describe('compareSharing', () => {
  it('finds a real difference in t, and accepts a shared t when the data sets agree', async () => {
    const differ = await compareSharing(
      {
        datasets: [
          { x: xs, y: decayData(2, 1.2, 0) },
          { x: xs, y: decayData(3, 2.0, 1) },
        ],
        model: 'a*exp(-x/t)',
        p0: { a: 1, t: 1 },
      },
      't',
    );
    expect(differ.preferred).toBe('separate');
    expect(differ.pValue).toBeLessThan(1e-4);
    expect(differ.deltaAICc).toBeGreaterThan(0);
    expect(differ.dfn).toBe(1);
    expect(differ.dfd).toBe(80 - 4);
    expect(differ.conclusion).toMatch(/do not share one value of t/);
    const agree = await compareSharing(
      {
        datasets: [
          { x: xs, y: decayData(2, 1.5, 0) },
          { x: xs, y: decayData(3, 1.5, 0.5) },
        ],
        model: 'a*exp(-x/t)',
        p0: { a: 1, t: 1 },
      },
      't',
    );
    expect(agree.shared.paramNames).toContain('t');
    expect(agree.separate.paramNames).toContain('t_2');
    expect(agree.f).toBeGreaterThanOrEqual(0);
    expect(agree.conclusion).toMatch(agree.preferred === 'shared' ? /consistent with one t/ : /do not share/);
  });

  it('F distribution tail matches scipy.stats.f.sf', () => {
    // scipy 1.17: f.sf(3.2, 2, 17), f.sf(1, 1, 1)
    expect(fDistributionSf(3.2, 2, 17)).toBeCloseTo(0.0661425666664213, 12);
    expect(fDistributionSf(1, 1, 1)).toBeCloseTo(0.5, 12);
    expect(fDistributionSf(0, 3, 9)).toBe(1);
  });
});
