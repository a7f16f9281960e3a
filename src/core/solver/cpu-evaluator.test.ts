import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../errors';
import { compileModel } from '../model/compile-model';
import type { CompiledModel } from '../model/compiled-model';
import { createCpuEvaluator } from './cpu-evaluator';
import { createLoss } from './loss-functions';
import { normalFromJacobian } from './minimizer';

/** f = a·exp(−b·x) + c with its exact gradient, written by hand. */
const expModel: CompiledModel = {
  expression: 'a*exp(-b*x)+c',
  paramNames: ['a', 'b', 'c'],
  predictorNames: ['x'],
  evaluate(p, [x], out) {
    for (let i = 0; i < out.length; i++) out[i] = p[0] * Math.exp(-p[1] * x[i]) + p[2];
  },
  evaluateWithJacobian(p, [x], out, jac) {
    for (let i = 0; i < out.length; i++) {
      const e = Math.exp(-p[1] * x[i]);
      out[i] = p[0] * e + p[2];
      jac[i * 3] = e;
      jac[i * 3 + 1] = -p[0] * x[i] * e;
      jac[i * 3 + 2] = 1;
    }
  },
  wgsl: { source: '', numPredictors: 1, numParams: 3 },
};

const n = 50;
const x = Float64Array.from({ length: n }, (_, i) => i / 10);
const y = Float64Array.from(x, (v, i) => 2 * Math.exp(-0.7 * v) + 0.3 + 0.05 * Math.sin(7 * i));
const sigma = Float64Array.from(x, (_, i) => 0.5 + (i % 3) * 0.25);
const theta = new Float64Array([1.8, 0.6, 0.2]);

describe('CPU evaluator', () => {
  it('weighted residuals and Jacobian −(∂f/∂θ)/σ, cost ½Σr²', () => {
    const ev = createCpuEvaluator({ model: expModel, predictors: [x], y, sigma });
    const r = new Float64Array(n);
    const jac = new Float64Array(n * 3);
    const c = ev.linearize(theta, r, jac);
    let expected = 0;
    for (let i = 0; i < n; i++) {
      const e = Math.exp(-theta[1] * x[i]);
      const ri = (y[i] - (theta[0] * e + theta[2])) / sigma[i];
      expected += 0.5 * ri * ri;
      expect(r[i]).toBeCloseTo(ri, 14);
      expect(jac[i * 3]).toBeCloseTo(-e / sigma[i], 14);
      expect(jac[i * 3 + 1]).toBeCloseTo((theta[0] * x[i] * e) / sigma[i], 14);
    }
    expect(c).toBeCloseTo(expected, 13);
    expect(ev.cost(theta)).toBeCloseTo(expected, 13);
    const raw = new Float64Array(n);
    ev.residuals(theta, raw);
    expect(raw[3]).toBeCloseTo(r[3], 15);
  });

  for (const loss of ['linear', 'huber', 'cauchy'] as const) {
    it(`streamed normal equations equal JᵀJ, Jᵀr of the dense Jacobian (${loss}, several blocks)`, () => {
      const dense = createCpuEvaluator({ model: expModel, predictors: [x], y, sigma, loss, fScale: 0.05 });
      const streamed = createCpuEvaluator({
        model: expModel,
        predictors: [x],
        y,
        sigma,
        loss,
        fScale: 0.05,
        blockSize: 7,
      });
      const r = new Float64Array(n);
      const jac = new Float64Array(n * 3);
      const c1 = dense.linearize(theta, r, jac);
      const a = new Float64Array(9);
      const g = new Float64Array(3);
      normalFromJacobian(n, 3, jac, r, a, g);
      const b = new Float64Array(9);
      const h = new Float64Array(3);
      const c2 = streamed.normalEquations(theta, b, h);
      expect(c2).toBeCloseTo(c1, 12);
      for (let k = 0; k < 9; k++) expect(b[k]).toBeCloseTo(a[k], 10);
      for (let k = 0; k < 3; k++) expect(h[k]).toBeCloseTo(g[k], 10);
      expect(streamed.cost(theta)).toBeCloseTo(c1, 12);
    });
  }

  it('robust cost is ½Σρ(r²) and Jᵀr is its gradient', () => {
    const ev = createCpuEvaluator({ model: expModel, predictors: [x], y, loss: 'soft_l1', fScale: 0.02 });
    const loss = createLoss('soft_l1', 0.02);
    const raw = new Float64Array(n);
    ev.residuals(theta, raw);
    let expected = 0;
    for (const ri of raw) expected += 0.5 * loss.rho(ri * ri);
    expect(ev.cost(theta)).toBeCloseTo(expected, 12);
    const a = new Float64Array(9);
    const g = new Float64Array(3);
    ev.normalEquations(theta, a, g);
    for (let j = 0; j < 3; j++) {
      const hp = theta.slice();
      const hm = theta.slice();
      const h = 1e-6;
      hp[j] += h;
      hm[j] -= h;
      expect(g[j]).toBeCloseTo((ev.cost(hp) - ev.cost(hm)) / (2 * h), 5);
    }
  });

  for (const [label, opts] of [
    ['unit weights', {}],
    ['σ and a fixed parameter', { sigma, fixed: { b: 0.6 } }],
  ] as const) {
    it(`fused normal equations of a compiled model equal the dense Jacobian's (${label})`, () => {
      const model = compileModel('a*exp(-b*x) + c');
      expect(model.fused).toBeDefined();
      const dense = createCpuEvaluator({ model, predictors: [x], y, ...opts });
      const fused = createCpuEvaluator({ model, predictors: [x], y, ...opts, blockSize: 7 });
      const k = dense.numParameters;
      const th = 'fixed' in opts ? new Float64Array([1.8, 0.2]) : theta;
      const r = new Float64Array(n);
      const jac = new Float64Array(n * k);
      const c1 = dense.linearize(th, r, jac);
      const a = new Float64Array(k * k);
      const g = new Float64Array(k);
      normalFromJacobian(n, k, jac, r, a, g);
      const b = new Float64Array(k * k);
      const h = new Float64Array(k);
      expect(fused.normalEquations(th, b, h)).toBeCloseTo(c1, 13);
      for (let i = 0; i < k * k; i++) expect(b[i]).toBeCloseTo(a[i], 11);
      for (let i = 0; i < k; i++) expect(h[i]).toBeCloseTo(g[i], 11);
      expect(fused.cost(th)).toBeCloseTo(c1, 14);
    });
  }

  it('fixed parameters are baked in and drop out of the Jacobian', () => {
    const ev = createCpuEvaluator({ model: expModel, predictors: [x], y, fixed: { b: 0.6 } });
    expect(ev.paramNames).toEqual(['a', 'c']);
    expect(ev.numParameters).toBe(2);
    const r = new Float64Array(n);
    const jac = new Float64Array(n * 2);
    ev.linearize(new Float64Array([1.8, 0.2]), r, jac);
    expect(jac[5 * 2]).toBeCloseTo(-Math.exp(-0.6 * x[5]), 15);
    expect(jac[5 * 2 + 1]).toBe(-1);
    expect([...ev.fullParameters(new Float64Array([1.8, 0.2]))]).toEqual([1.8, 0.6, 0.2]);
  });

  it('reports non-finite residuals as a NaN cost', () => {
    const ev = createCpuEvaluator({ model: expModel, predictors: [x], y });
    expect(ev.cost(new Float64Array([1, -1e4, 0]))).toBeNaN();
  });

  const cases: [string, () => unknown, string][] = [
    [
      'empty data',
      () => createCpuEvaluator({ model: expModel, predictors: [new Float64Array(0)], y: new Float64Array(0) }),
      'DATA_EMPTY',
    ],
    [
      'length mismatch',
      () => createCpuEvaluator({ model: expModel, predictors: [x.subarray(1)], y }),
      'DATA_LENGTH_MISMATCH',
    ],
    ['missing predictor', () => createCpuEvaluator({ model: expModel, predictors: [], y }), 'DATA_COLUMN_MISSING'],
    [
      'sigma length',
      () => createCpuEvaluator({ model: expModel, predictors: [x], y, sigma: sigma.subarray(2) }),
      'DATA_LENGTH_MISMATCH',
    ],
    [
      'sigma zero',
      () => createCpuEvaluator({ model: expModel, predictors: [x], y, sigma: new Float64Array(n) }),
      'SIGMA_INVALID',
    ],
    [
      'unknown fixed',
      () => createCpuEvaluator({ model: expModel, predictors: [x], y, fixed: { q: 1 } }),
      'PARAM_UNKNOWN',
    ],
    [
      'non-finite fixed',
      () => createCpuEvaluator({ model: expModel, predictors: [x], y, fixed: { a: NaN } }),
      'PARAM_NONFINITE',
    ],
    [
      'all fixed',
      () => createCpuEvaluator({ model: expModel, predictors: [x], y, fixed: { a: 1, b: 1, c: 1 } }),
      'OPTIONS_INVALID',
    ],
    [
      'bad loss',
      () => createCpuEvaluator({ model: expModel, predictors: [x], y, fScale: -2, loss: 'huber' }),
      'OPTIONS_INVALID',
    ],
  ];
  for (const [label, make, code] of cases) {
    it(`rejects ${label} with ${code}`, () => {
      try {
        make();
        throw new Error('no throw');
      } catch (e) {
        expect(e).toBeInstanceOf(FitbenchError);
        expect((e as FitbenchError).code).toBe(code);
      }
    });
  }
});

describe('warm-up calls of the fused kernels', () => {
  it('leave no trace: the first passes equal later ones and the blockwise sums over the data', () => {
    const model = compileModel('a*exp(-(x-mu)^2/(2*s^2)) + c');
    const m = 5000;
    const xs = Float64Array.from({ length: m }, (_, i) => -5 + (10 * i) / m);
    const ys = xs.map((v, i) => 3 * Math.exp(-((v - 0.2) ** 2) / 2.42) + 0.5 + 0.01 * Math.sin(7 * i));
    const params = Float64Array.of(2.5, 0, 1.4, 0.3);
    const first = createCpuEvaluator({ model, predictors: [xs], y: ys });
    const cost1 = first.cost(params);
    const jtj1 = new Float64Array(16);
    const jtr1 = new Float64Array(4);
    const ne1 = first.normalEquations(params, jtj1, jtr1);
    const jtj2 = new Float64Array(16);
    const jtr2 = new Float64Array(4);
    expect(first.normalEquations(params, jtj2, jtr2)).toBe(ne1);
    expect(Array.from(jtj2)).toEqual(Array.from(jtj1));
    expect(Array.from(jtr2)).toEqual(Array.from(jtr1));
    expect(first.cost(params)).toBe(cost1);
    // The cost is the blocks' sums of the model's own residuals (4096-row blocks, then halved).
    const r = new Float64Array(m);
    first.residuals(params, r);
    let head = 0;
    let tail = 0;
    for (let i = 0; i < m; i++) {
      if (i < 4096) head += r[i] * r[i];
      else tail += r[i] * r[i];
    }
    expect(cost1).toBe((head + tail) * 0.5);
  });
});
