import { describe, expect, it } from 'vitest';
import { differentiate } from './differentiate';
import { evaluateAst } from './evaluate-ast';
import { parseExpression } from './parser';
import { print } from './printer';
import { ExprPool } from './simplify';
import { erf, wofzIm, wofzRe } from '../numerics/error-functions';

function derivative(text: string, name = 'a'): { pool: ExprPool; d: ReturnType<typeof differentiate> } {
  const pool = new ExprPool();
  const f = pool.simplify(parseExpression(text));
  return { pool, d: differentiate(pool, f, name) };
}

const SQPI = Math.sqrt(Math.PI);

describe('differentiate: each construct by hand', () => {
  // [model in a and x, ∂/∂a as a JS function, sample points a]
  const cases: Array<[string, (a: number, x: number) => number, number[]]> = [
    ['a + x', () => 1, [0.3]],
    ['x - a', () => -1, [0.3]],
    ['-a*x', (_a, x) => -x, [0.3]],
    ['a*x', (_a, x) => x, [0.3]],
    ['x/a', (a, x) => -x / (a * a), [0.3, -2]],
    ['a/x', (_a, x) => 1 / x, [0.3]],
    ['a^3', (a) => 3 * a * a, [0.7, -1.2]],
    ['x^a', (a, x) => Math.pow(x, a) * Math.log(x), [0.7]],
    ['a^a', (a) => Math.pow(a, a) * (Math.log(a) + 1), [0.7, 2.5]],
    ['pow(a, x)', (a, x) => x * Math.pow(a, x - 1), [0.7]],
    ['exp(a*x)', (a, x) => x * Math.exp(a * x), [0.7]],
    ['log(a)', (a) => 1 / a, [0.7]],
    ['ln(a*x)', (a) => 1 / a, [0.7]],
    ['log10(a)', (a) => 1 / (a * Math.LN10), [0.7]],
    ['sqrt(a)', (a) => 0.5 / Math.sqrt(a), [0.7]],
    ['abs(a)', (a) => Math.sign(a), [0.7, -0.4]],
    ['sin(a)', (a) => Math.cos(a), [0.7]],
    ['cos(a)', (a) => -Math.sin(a), [0.7]],
    ['tan(a)', (a) => 1 / Math.cos(a) ** 2, [0.7]],
    ['asin(a)', (a) => 1 / Math.sqrt(1 - a * a), [0.7]],
    ['acos(a)', (a) => -1 / Math.sqrt(1 - a * a), [0.7]],
    ['atan(a)', (a) => 1 / (1 + a * a), [0.7]],
    ['atan2(a, x)', (a, x) => x / (x * x + a * a), [0.7]],
    ['atan2(x, a)', (a, x) => -x / (x * x + a * a), [0.7]],
    ['sinh(a)', (a) => Math.cosh(a), [0.7]],
    ['cosh(a)', (a) => Math.sinh(a), [0.7]],
    ['tanh(a)', (a) => 1 - Math.tanh(a) ** 2, [0.7]],
    ['min(a, x)', (a, x) => (a <= x ? 1 : 0), [0.7, 2]],
    ['max(a, x)', (a, x) => (a <= x ? 0 : 1), [0.7, 2]],
    ['erf(a)', (a) => (2 / SQPI) * Math.exp(-a * a), [0.7]],
    ['erfc(a)', (a) => (-2 / SQPI) * Math.exp(-a * a), [0.7]],
    ['pi*a + e', () => Math.PI, [0.7]],
    ['wofz_re(a, x)', (a, x) => -2 * (a * wofzRe(a, x) - x * wofzIm(a, x)), [0.7]],
    ['wofz_im(a, x)', (a, x) => -2 * (a * wofzIm(a, x) + x * wofzRe(a, x)) + 2 / SQPI, [0.7]],
    ['wofz_re(x, a)', (a, x) => -(-2 * (x * wofzIm(x, a) + a * wofzRe(x, a)) + 2 / SQPI), [0.7]],
    ['wofz_im(x, a)', (a, x) => -2 * (x * wofzRe(x, a) - a * wofzIm(x, a)), [0.7]],
  ];
  it.each(cases)('d/da %s', (text, expected, points) => {
    const { d } = derivative(text);
    for (const a of points) {
      const x = 1.3;
      expect(evaluateAst(d, { a, x })).toBeCloseTo(expected(a, x), 12);
    }
  });

  it('treats predictors and other parameters as constants', () => {
    expect(print(derivative('b*x + c').d)).toBe('0');
    expect(print(derivative('a*x + b', 'x').d)).toBe('a');
  });

  it('never turns 0/0 into 1: a model divided by a zero has no finite derivative', () => {
    // d/db (a/0 + b) once read 2 (0/0 "simplified" to 1, plus 1); it is NaN, as f is not finite.
    for (const [text, name] of [
      ['a/(x*(-0)) + b', 'b'],
      ['a*x + b/(x*(0-0))', 'a'],
    ]) {
      expect(evaluateAst(derivative(text, name).d, { a: 1.5, b: 2, x: 0.7 })).toBeNaN();
    }
  });
});

describe('differentiate: simplified and shared', () => {
  it('simplifies the derivatives of common models', () => {
    expect(print(derivative('a*exp(-x/t)').d)).toBe('exp(-(x/t))');
    expect(print(derivative('a*x^2 + b*x + c').d)).toBe('x^2');
    expect(print(derivative('c + a').d)).toBe('1');
    expect(print(derivative('a^2').d)).toBe('2*a');
  });

  it('reuses the nodes of f (exp, quotient)', () => {
    const pool = new ExprPool();
    const f = pool.simplify(parseExpression('exp(a*x)'));
    const d = differentiate(pool, f, 'a');
    expect(d.type === 'binary' && (d.left === f || d.right === f)).toBe(true);
    const q = pool.simplify(parseExpression('x/a'));
    const dq = differentiate(pool, q, 'a');
    // (0 − (x/a)·1)/a = −((x/a)/a): the quotient node itself appears.
    expect(print(dq)).toBe('-(x/a/a)');
  });

  it('erf derivative agrees with a central difference', () => {
    const { d } = derivative('erf(a*x)');
    const h = 1e-6;
    const fd = (erf((0.4 + h) * 1.3) - erf((0.4 - h) * 1.3)) / (2 * h);
    expect(evaluateAst(d, { a: 0.4, x: 1.3 })).toBeCloseTo(fd, 8);
  });
});
