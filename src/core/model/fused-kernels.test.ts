import { describe, expect, it } from 'vitest';
import { compileModel } from './compile-model';
import { FUSED_MAX_PARAMS } from './compiled-model';

const n = 37;
const x = Float64Array.from({ length: n }, (_, i) => -2 + i / 9);
const y = Float64Array.from(x, (v, i) => 1.5 * Math.exp(-((v - 0.3) ** 2) / 0.8) + 0.2 + 0.01 * Math.cos(5 * i));
const w = Float64Array.from(x, (_, i) => 1 / (0.5 + (i % 4) * 0.2));

describe('fused least-squares kernels', () => {
  const model = compileModel('a*exp(-(x-mu)^2/(2*s^2)) + c');
  const p = new Float64Array([1.4, 0.2, 0.7, 0.1]);
  const P = 4;

  for (const weights of [null, w]) {
    it(`reduce r, g = w·∂f/∂θ into Σr², Σg·r and Σg·gᵀ (${weights ? 'weighted' : 'unit weights'}, sub-range)`, () => {
      const f = new Float64Array(n);
      const jac = new Float64Array(n * P);
      model.evaluateWithJacobian(p, [x], f, jac);
      const start = 3;
      const end = 30;
      let rr = 0;
      const t = new Float64Array(P);
      const s = new Float64Array(P * P);
      for (let i = start; i < end; i++) {
        const wi = weights ? weights[i] : 1;
        const r = (y[i] - f[i]) * wi;
        rr += r * r;
        for (let j = 0; j < P; j++) {
          t[j] += jac[i * P + j] * wi * r;
          for (let k = 0; k < P; k++) s[j * P + k] += jac[i * P + j] * wi * jac[i * P + k] * wi;
        }
      }
      const acc = new Float64Array(1 + P + (P * (P + 1)) / 2);
      model.fused!.normalEquations(p, [x], y, weights, start, end, acc);
      expect(acc[0]).toBeCloseTo(rr, 13);
      for (let j = 0; j < P; j++) expect(acc[1 + j]).toBeCloseTo(t[j], 12);
      let o = 1 + P;
      for (let j = 0; j < P; j++) for (let k = j; k < P; k++) expect(acc[o++]).toBeCloseTo(s[j * P + k], 11);
      expect(model.fused!.sumSquares(p, [x], y, weights, start, end)).toBe(rr);
    });
  }

  it('computes each exponential once per point for the value and its derivatives, divisions hoisted', () => {
    // exp2: a1·e^(−x/t1) + a2·e^(−x/t2) + c; e^(−x/t) serves f, ∂f/∂a and ∂f/∂t alike.
    const source = String(compileModel('a1*exp(-x/t1) + a2*exp(-x/t2) + c').fused!.normalEquations);
    const loop = source.slice(source.indexOf('for ('), source.lastIndexOf('acc[0]'));
    expect(loop.match(/fastExp\(/g)).toHaveLength(2);
    expect(loop).not.toMatch(/Math\.exp/);
    // 1/t1 and 1/t2 are computed before the loop: no division per point.
    expect(source.slice(0, source.indexOf('for ('))).toMatch(/= 1 \/ p1;[\s\S]*= 1 \/ p3;/);
    expect(loop).not.toMatch(/\//);
  });

  it('gives NaN sums when the model is not finite', () => {
    const m = compileModel('a*log(x - b)');
    const acc = new Float64Array(1 + 2 + 3);
    m.fused!.normalEquations(new Float64Array([1, 0]), [x], y, null, 0, n, acc);
    expect(acc[0]).toBeNaN();
  });

  it(`is absent above ${FUSED_MAX_PARAMS} parameters`, () => {
    const names = Array.from({ length: FUSED_MAX_PARAMS + 1 }, (_, k) => `q${k}*x^${k % 4}`);
    expect(compileModel(names.join(' + ')).fused).toBeUndefined();
    expect(compileModel('a*x + b').fused).toBeDefined();
  });
});
