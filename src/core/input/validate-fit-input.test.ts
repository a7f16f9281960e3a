/** Issue 9 item 5: each hostile input named in the issue gets a coded, readable error (or the right answer). */
import { describe, expect, it } from 'vitest';
import type { FitProblem, LibraryFitOptions, ResumeState } from '../api-types';
import { curveFit } from '../fit/curve-fit';
import { FitbenchError } from '../errors';
import { describeValue } from './describe-value';

const LINE: FitProblem = { model: 'a*x+b', x: [0, 1, 2, 3, 4], y: [1.1, 2.9, 5.2, 6.8, 9.1], p0: { a: 1, b: 0 } };

async function codeOf(problem: FitProblem, options?: unknown): Promise<FitbenchError> {
  try {
    await curveFit(problem, options as LibraryFitOptions);
  } catch (e) {
    expect(e).toBeInstanceOf(FitbenchError);
    const error = e as FitbenchError;
    expect(error.message).not.toMatch(/\[object /);
    return error;
  }
  throw new Error('expected an error');
}

const resume = (over: Partial<Record<keyof ResumeState, unknown>>): ResumeState =>
  ({
    method: 'lm',
    iteration: 2,
    params: { a: 1, b: 0 },
    radius: 0.1,
    lambda: 0.1,
    nfev: 3,
    history: [10, 5],
    ...over,
  }) as ResumeState;

describe('curveFit input validation', () => {
  it('refuses BigInt64Array data with a coded error', async () => {
    const e = await codeOf({ ...LINE, y: new BigInt64Array(5) as unknown as number[] });
    expect(e.code).toBe('DATA_PARSE');
    expect(e.message).toMatch(/y is a BigInt64Array of 5 values of BigInts/);
  });

  it('prints Symbol and null-prototype option values readably', async () => {
    const sym = await codeOf(LINE, { loss: Symbol('huber') });
    expect(sym.code).toBe('OPTIONS_INVALID');
    expect(sym.message).toBe(
      'options.loss must be one of "linear", "soft_l1", "huber", "cauchy", "arctan", got a symbol (huber)',
    );
    const bare = await codeOf(LINE, { method: Object.assign(Object.create(null), { kind: 'lm' }) });
    expect(bare.message).toBe('options.method must be "lm" or "trf", got a null-prototype object {"kind"}');
    // A null-prototype options object itself is fine.
    const r = await curveFit(LINE, Object.assign(Object.create(null) as LibraryFitOptions, { maxIterations: 50 }));
    expect(r.converged).toBe(true);
  });

  it('refuses a non-function onIteration', async () => {
    const e = await codeOf(LINE, { onIteration: 'log' });
    expect(e.code).toBe('OPTIONS_INVALID');
    expect(e.message).toMatch(/options.onIteration must be a function.*got a string \('log'\)/);
  });

  it('refuses malformed resume states with CHECKPOINT_CORRUPT', async () => {
    for (const [bad, pattern] of [
      [42, /resumeFrom must be a resume state object, got the number 42/],
      [resume({ history: 'x' }), /resumeFrom.history must be an array of finite costs ≥ 0/],
      [resume({ params: null }), /resumeFrom.params must be an object/],
      [resume({ lambda: NaN }), /resumeFrom.lambda must be a finite number ≥ 0, got the number NaN/],
      [resume({ scale: [1, Infinity] }), /resumeFrom.scale must be an array of positive finite numbers/],
      [resume({ iteration: undefined }), /resumeFrom.iteration is missing/],
    ] as const) {
      const e = await codeOf(LINE, { resumeFrom: bad });
      expect(e.code).toBe('CHECKPOINT_CORRUPT');
      expect(e.message).toMatch(pattern);
    }
  });

  it('does not trust a resume state with a negative cost', async () => {
    const e = await codeOf(LINE, { resumeFrom: resume({ cost: -5, radius: 1, scale: [1, 1] }) });
    expect(e.code).toBe('CHECKPOINT_CORRUPT');
    expect(e.message).toMatch(/resumeFrom.cost must be a finite cost ≥ 0.*got the number -5/);
  });

  it('bounds the run: zero tolerances and maxIterations 1e9 are refused', async () => {
    const big = await codeOf(LINE, { maxIterations: 1e9 });
    expect(big.code).toBe('OPTIONS_INVALID');
    expect(big.message).toMatch(/options.maxIterations must be an integer from 1 to 100000, got the number 1000000000/);
    const zero = await codeOf(LINE, { xtol: 0, ftol: 0, gtol: 0 });
    expect(zero.code).toBe('OPTIONS_INVALID');
    expect(zero.message).toMatch(/at least one must be larger/);
  });

  it('treats prototype-key predictor names as data', async () => {
    const x = Object.create(null) as Record<string, number[]>;
    x['__proto__'] = [0, 1, 2, 3, 4];
    x['constructor'] = [1, 1, 1, 1, 1];
    const r = await curveFit({ model: 'a*x1+b', x: { ...x, x1: [0, 1, 2, 3, 4] }, y: LINE.y, p0: { a: 1, b: 0 } });
    expect(r.params.a).toBeCloseTo(1.99, 2);
    const e = await codeOf({ ...LINE, p0: JSON.parse('{"a":1,"b":0,"__proto__":1}') as Record<string, number> });
    expect(e.code).toBe('PARAM_UNKNOWN');
    expect(e.message).toMatch(/p0 names '__proto__'/);
  });

  it('says the model must be text when it is a number', async () => {
    const e = await codeOf({ ...LINE, model: 5 as unknown as string });
    expect(e.code).toBe('MODEL_PARSE');
    expect(e.message).toMatch(/the model must be text .* got the number 5/);
  });

  it('does not polish where float64 is already exact (sqrt(1e300+a), y = 1e150)', async () => {
    const r = await curveFit({
      model: 'sqrt(1e300+a)',
      x: [1, 2, 3, 4],
      y: [1e150, 1e150, 1e150, 1e150],
      p0: { a: 1 },
    });
    expect(r.chiSquare).toBe(0);
    expect(r.params.a).toBe(1);
    expect(r.diagnostics.some((d) => d.includes('double-double'))).toBe(false);
  });
});

describe('describeValue', () => {
  it('describes every kind of value readably and briefly', () => {
    expect(describeValue(Symbol('s'))).toBe('a symbol (s)');
    expect(describeValue(10n)).toBe('the BigInt 10n');
    expect(describeValue(Object.create(null))).toBe('a null-prototype object');
    expect(describeValue({ a: 1, b: 2 })).toBe('an object {"a", "b"}');
    expect(describeValue(new Float64Array(3))).toBe('a Float64Array of 3 values');
    expect(describeValue('x'.repeat(500)).length).toBeLessThan(100);
    expect(
      describeValue(
        new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error('no');
            },
          },
        ),
      ),
    ).toBe('an unreadable object');
  });
});
