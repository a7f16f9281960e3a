import { describe, expect, it } from 'vitest';
import type { FitProblem } from '../api-types';
import { FitbenchError } from '../errors';
import { curveFit } from '../fit';
import { normalStream } from '../model/library/synthetic';
import reference from './reference/lmfit-conf-interval.json';
import { profileIntervals } from './profile-intervals';

/** lmfit's conf_interval rows [prob, value] → per level {lower, upper}. */
function lmfitIntervals(rows: number[][]) {
  const best = rows.find((r) => r[0] === 0)?.[1] as number;
  const levels = [...new Set(rows.filter((r) => r[0] > 0).map((r) => r[0]))].sort();
  return levels.map((level) => ({
    level,
    lower: rows.find((r) => r[0] === level && r[1] < best)?.[1] as number,
    upper: rows.find((r) => r[0] === level && r[1] > best)?.[1] as number,
  }));
}

/** Four significant digits. */
function expectDigits(actual: number | null, expected: number, label: string) {
  expect(actual, label).not.toBeNull();
  expect(
    Math.abs((actual as number) - expected) / Math.abs(expected),
    `${label}: ${actual} vs lmfit ${expected}`,
  ).toBeLessThan(1e-4);
}

describe('profileIntervals against lmfit conf_interval', () => {
  for (const example of reference.examples) {
    it(`${example.name}: every parameter and level to 4 digits`, async () => {
      // lmfit's advanced example reaches its minimum by Nelder–Mead first; start near it instead.
      const p0 = Object.fromEntries(Object.entries(example.best).map(([k, v]) => [k, Number(v.toPrecision(2))]));
      const problem: FitProblem = { model: example.model, x: example.x, y: example.y, p0 };
      const fit = await curveFit(problem);
      for (const [name, v] of Object.entries(example.best)) expect(fit.params[name]).toBeCloseTo(v, 5);
      const levels = example.sigmas.map((s) => [0.6826894921370859, 0.9544997361036416, 0.9973002039367398][s - 1]);
      const out = await profileIntervals(problem, fit, { levels });
      for (const [name, rows] of Object.entries(example.ci)) {
        const expected = lmfitIntervals(rows);
        const got = out.params[name].intervals;
        expect(got.map((g) => g.level)).toEqual(expected.map((e) => e.level));
        got.forEach((g, i) => {
          expectDigits(g.lower, expected[i].lower, `${name} lower @${g.level}`);
          expectDigits(g.upper, expected[i].upper, `${name} upper @${g.level}`);
        });
        const trace = out.params[name].trace;
        expect(trace.values.length).toBe(trace.probability.length);
        expect([...trace.values].sort((a, b) => a - b)).toEqual(trace.values);
        expect(trace.probability[trace.values.indexOf(fit.params[name])]).toBe(0);
      }
      expect(structuredClone(out)).toEqual(out);
    });
  }
});

describe('profileIntervals: sides that never cross, and bad requests', () => {
  const base = reference.examples[0];
  const problem: FitProblem = { model: base.model, x: base.x, y: base.y, p0: { a: 0.1, b: 1 } };

  it('reports a side cut by a bound as null with the reason, the other side as a number', async () => {
    const bounded = { ...problem, bounds: { a: [0.0993, 0.2] as [number, number] } };
    const fit = await curveFit(bounded);
    const out = await profileIntervals(bounded, fit, { params: ['a'] });
    for (const interval of out.params.a.intervals) {
      expect(interval.lower).toBeNull();
      expect(interval.lowerReason).toMatch(/reaches its lower bound/);
      expect(interval.upper).not.toBeNull();
    }
    expect(out.params.a.intervals[0].upper as number).toBeCloseTo(0.09963354636596308, 5);
    expect(JSON.parse(JSON.stringify(out)).params.a.intervals[0].lower).toBeNull();
  });

  it('reports a flat profile (the data do not bound the parameter) as unbounded', async () => {
    const z = normalStream(7);
    const x = Array.from({ length: 40 }, (_, i) => 1 + i * 0.25);
    const y = x.map((v) => 2 + 0.05 * Math.exp(-3 * v) + 0.1 * z());
    const flat = { model: 'c + a*exp(-t*x)', x, y, p0: { c: 2, a: 0.05, t: 3 } };
    const fit = await curveFit(flat);
    const out = await profileIntervals(flat, fit, { params: ['t'], maxSteps: 60 });
    const upper = out.params.t.intervals.map((i) => i.upperReason ?? '');
    expect(upper.some((r) => /flattens|does not cross/.test(r))).toBe(true);
    expect(out.params.t.intervals.every((i) => i.upper === null || Number.isFinite(i.upper))).toBe(true);
  });

  it('profiles a one-parameter model by evaluating χ² (nothing left to refit)', async () => {
    const one = { model: '1/(0.0994389574*x) + b', x: base.x, y: base.y, p0: { b: 1 } };
    const fit = await curveFit(one);
    const out = await profileIntervals(one, fit);
    const [s1] = out.params.b.intervals;
    // Linear in b: the profile interval is the t interval's F-test twin, symmetric about b.
    expect((s1.upper as number) - fit.params.b).toBeCloseTo(fit.params.b - (s1.lower as number), 8);
  });

  it('rejects unknown parameters, bad levels and cancels on the signal', async () => {
    const fit = await curveFit(problem);
    const code = async (f: () => Promise<unknown>) =>
      f().then(
        () => 'none',
        (e) => (e instanceof FitbenchError ? e.code : 'other'),
      );
    expect(await code(() => profileIntervals(problem, fit, { params: ['nope'] }))).toBe('PARAM_UNKNOWN');
    expect(await code(() => profileIntervals(problem, fit, { levels: [0.5, 1.2] }))).toBe('OPTIONS_INVALID');
    expect(await code(() => profileIntervals(problem, fit, { signal: { aborted: true } }))).toBe('FIT_ABORTED');
    const fixed = { ...problem, fixed: ['b'] };
    const fitFixed = await curveFit(fixed);
    expect(await code(() => profileIntervals(fixed, fitFixed, { params: ['b'] }))).toBe('PARAM_UNKNOWN');
  });

  it('reports progress per parameter side', async () => {
    const fit = await curveFit(problem);
    const seen: number[] = [];
    await profileIntervals(problem, fit, {
      levels: [0.6826894921370859],
      onProgress: (p) => seen.push(p.done / p.total),
    });
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
  });
});
