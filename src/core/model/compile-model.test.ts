import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../errors';
import { compileModel, parseModel } from './compile-model';
import { evaluateAst } from './evaluate-ast';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FitbenchError);
    return (e as FitbenchError).code;
  }
  throw new Error('expected a FitbenchError');
}

describe('compileModel', () => {
  it('compiles gauss4 with names in first-appearance order and the canonical text', () => {
    const m = compileModel('a*exp(-(x-mu)^2/(2*s^2)) + c');
    expect(m.paramNames).toEqual(['a', 'mu', 's', 'c']);
    expect(m.predictorNames).toEqual(['x']);
    expect(m.expression).toBe('a*exp(-(x - mu)^2/(2*s^2)) + c');
  });

  it('evaluates f and the exact Jacobian (row-major n × p)', () => {
    const m = compileModel('a*exp(-(x-mu)^2/(2*s^2)) + c');
    const [a, mu, s, c] = [2, 0.5, 1.5, 0.25];
    const x = new Float64Array([-1, 0, 0.5, 2, 3.7]);
    const out = new Float64Array(5);
    const jac = new Float64Array(20);
    m.evaluateWithJacobian(new Float64Array([a, mu, s, c]), [x], out, jac);
    for (let i = 0; i < 5; i++) {
      const g = Math.exp(-((x[i] - mu) ** 2) / (2 * s * s));
      expect(out[i]).toBeCloseTo(a * g + c, 14);
      expect(jac[i * 4]).toBeCloseTo(g, 14);
      expect(jac[i * 4 + 1]).toBeCloseTo((a * g * (x[i] - mu)) / (s * s), 14);
      expect(jac[i * 4 + 2]).toBeCloseTo((a * g * (x[i] - mu) ** 2) / s ** 3, 14);
      expect(jac[i * 4 + 3]).toBe(1);
    }
    const v = new Float64Array(5);
    m.evaluate(new Float64Array([a, mu, s, c]), [x], v);
    expect(Array.from(v)).toEqual(Array.from(out));
  });

  it('reads several predictors in x, x1, x2 order by default', () => {
    const m = compileModel('b1 - b2*x2*exp(-b3*x1)');
    expect(m.predictorNames).toEqual(['x1', 'x2']);
    expect(m.paramNames).toEqual(['b1', 'b2', 'b3']);
    const out = new Float64Array(1);
    m.evaluate(new Float64Array([1, 2, 3]), [new Float64Array([0.5]), new Float64Array([4])], out);
    expect(out[0]).toBeCloseTo(1 - 2 * 4 * Math.exp(-1.5), 14);
  });

  it('takes predictor names from the caller, in the caller order', () => {
    const m = compileModel('k*temp + b*time + x', { predictors: ['time', 'temp'] });
    expect(m.predictorNames).toEqual(['time', 'temp']);
    expect(m.paramNames).toEqual(['k', 'b', 'x']);
    const out = new Float64Array(1);
    m.evaluate(new Float64Array([2, 3, 5]), [new Float64Array([10]), new Float64Array([100])], out);
    expect(out[0]).toBe(2 * 100 + 3 * 10 + 5);
  });

  it('keeps pi and e as constants', () => {
    const m = compileModel('a*sin(2*pi*x) + e');
    expect(m.paramNames).toEqual(['a']);
    const out = new Float64Array(1);
    m.evaluate(new Float64Array([3]), [new Float64Array([0.125])], out);
    expect(out[0]).toBeCloseTo(3 * Math.sin(Math.PI / 4) + Math.E, 14);
  });

  it('matches the AST interpreter on NIST-style models', () => {
    const models = [
      'b1*(1-exp(-b2*x))',
      'b1 / (1+exp(b2-b3*x))',
      '(b1+b2*x+b3*x^2+b4*x^3) / (1+b5*x+b6*x^2+b7*x^3)',
      'b1*x^b2 + log10(b3 + x) - atan2(b4, x)',
      'b1 * exp(-b2*x) + b3*exp(-(x-b4)^2/b5^2) + b6*exp(-(x-b7)^2/b8^2)',
      'b1 * (b2+x)^(-1/b3)',
      'min(a, x) + max(b*x, 1) + abs(c - x) + erf(d*x) + erfc(x/d)',
    ];
    for (const text of models) {
      const m = compileModel(text);
      const parsed = parseModel(text);
      const params = new Float64Array(m.paramNames.map((_, k) => 0.7 + 0.3 * k));
      const xs = new Float64Array([0.3, 1.1, 2.5]);
      const out = new Float64Array(3);
      m.evaluate(params, [xs], out);
      xs.forEach((x, i) => {
        const values: Record<string, number> = { x };
        m.paramNames.forEach((n, k) => (values[n] = params[k]));
        expect(out[i]).toBeCloseTo(evaluateAst(parsed.ast, values), 12);
      });
    }
  });

  it('caches compiled models by expression and predictors', () => {
    const a = compileModel('q*x + r');
    expect(compileModel('q*x + r')).toBe(a);
    expect(compileModel('q*x + r', { predictors: ['x'] })).not.toBe(a);
  });

  it('rejects bad buffers with clear errors', () => {
    const m = compileModel('a*x + b');
    expect(codeOf(() => m.evaluate(new Float64Array(1), [new Float64Array(2)], new Float64Array(2)))).toBe(
      'PARAM_UNKNOWN',
    );
    expect(codeOf(() => m.evaluate(new Float64Array(2), [], new Float64Array(2)))).toBe('DATA_COLUMN_MISSING');
    expect(codeOf(() => m.evaluate(new Float64Array(2), [new Float64Array(1)], new Float64Array(2)))).toBe(
      'DATA_LENGTH_MISMATCH',
    );
    expect(
      codeOf(() =>
        m.evaluateWithJacobian(new Float64Array(2), [new Float64Array(2)], new Float64Array(2), new Float64Array(3)),
      ),
    ).toBe('DATA_LENGTH_MISMATCH');
  });

  it('rejects models without parameters', () => {
    expect(codeOf(() => compileModel('2*x + 1'))).toBe('MODEL_NO_PARAMETERS');
    expect(codeOf(() => compileModel('pi*e'))).toBe('MODEL_NO_PARAMETERS');
    expect(codeOf(() => compileModel('x1*x2'))).toBe('MODEL_NO_PARAMETERS');
  });

  it('writes non-finite values as they come', () => {
    const m = compileModel('log(a*x)');
    const out = new Float64Array(2);
    const jac = new Float64Array(2);
    m.evaluateWithJacobian(new Float64Array([1]), [new Float64Array([-1, 0])], out, jac);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBe(-Infinity);
  });
});
