import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr, UserFunctionName } from './ast';
import { USER_FUNCTIONS, exprEquals } from './ast';
import { compileModel, deriveModel, parseModel } from './compile-model';
import { evaluateAst } from './evaluate-ast';
import { parseExpression } from './parser';
import { print } from './printer';

const NAMES = ['x', 'a', 'b', 'c', 'mu', 'pi', 'e'];
const FUNCTIONS = Object.keys(USER_FUNCTIONS) as UserFunctionName[];

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc
    .oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1e30, noNaN: true, noDefaultInfinity: true }))
    .filter((v) => !Object.is(v, -0))
    .map((value): Expr => ({ type: 'number', value })),
  fc
    .constantFrom(...NAMES)
    .map((name): Expr => (name === 'pi' || name === 'e' ? { type: 'constant', name } : { type: 'identifier', name })),
);

/** Any tree the parser can produce (non-negative literals, user functions with their arity). */
const parsedTree: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('e').map((arg): Expr => ({ type: 'negate', arg })),
    fc
      .tuple(fc.constantFrom('+', '-', '*', '/', '^' as const), tie('e'), tie('e'))
      .map(([op, left, right]): Expr => ({ type: 'binary', op, left, right })),
    fc
      .constantFrom(...FUNCTIONS)
      .chain((fn) =>
        fc
          .array(tie('e'), { minLength: USER_FUNCTIONS[fn], maxLength: USER_FUNCTIONS[fn] })
          .map((args): Expr => ({ type: 'call', fn, args })),
      ),
  ),
})).e;

describe('printer round trip', () => {
  it('print → parse gives the same tree', () => {
    fc.assert(
      fc.property(parsedTree, (tree) => {
        const text = print(tree);
        expect(exprEquals(parseExpression(text), tree)).toBe(true);
        expect(print(parseExpression(text))).toBe(text);
      }),
      { numRuns: 400 },
    );
  });
});

// Smooth, finite building blocks over parameters in [0.5, 1.5] and x in [-1, 1]: every
// value stays moderate, so central differences are a fair reference.
const P = { a: 0.9, b: 1.2, c: 0.6, mu: 1.4 };
const smoothText: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constantFrom('x', 'a', 'b', 'c', 'mu', '2', '0.5', 'pi'),
    fc.tuple(tie('e'), tie('e')).map(([u, v]) => `(${u}) + (${v})`),
    fc.tuple(tie('e'), tie('e')).map(([u, v]) => `(${u}) - (${v})`),
    fc.tuple(tie('e'), tie('e')).map(([u, v]) => `(${u})*(${v})`),
    fc.tuple(tie('e'), tie('e')).map(([u, v]) => `(${u})/(1 + (${v})^2)`),
    fc.tuple(tie('e'), tie('e')).map(([u, v]) => `(1 + (${u})^2)^(0.5*sin(${v}))`),
    fc.tuple(tie('e'), tie('e')).map(([u, v]) => `atan2(${u}, 2 + (${v})^2)`),
    fc.tuple(tie('e'), tie('e')).map(([u, v]) => `wofz_re(sin(${u}), 1 + (${v})^2) + wofz_im(${v}, 0.5)`),
    tie('e').map((u) => `-(${u})`),
    tie('e').map((u) => `exp(sin(${u}))`),
    tie('e').map((u) => `log(1 + (${u})^2)`),
    tie('e').map((u) => `log10(2 + cos(${u}))`),
    tie('e').map((u) => `sqrt(1 + (${u})^2)`),
    tie('e').map((u) => `cos(${u}) + tan(0.5*sin(${u}))`),
    tie('e').map((u) => `atan(${u}) + tanh(${u})`),
    tie('e').map((u) => `sinh(sin(${u})) + cosh(cos(${u}))`),
    tie('e').map((u) => `asin(0.5*sin(${u})) + acos(0.5*cos(${u}))`),
    tie('e').map((u) => `erf(${u}) + erfc(sin(${u}))`),
    tie('e').map((u) => `(${u})^3`),
    tie('e').map((u) => `pow(2 + sin(${u}), a)`),
  ),
})).e;

describe('symbolic derivatives', () => {
  it('match central differences on random smooth expressions', () => {
    fc.assert(
      fc.property(smoothText, fc.double({ min: -1, max: 1, noNaN: true }), (body, x) => {
        const text = `a*(${body}) + b*0 + c*0 + mu*0`;
        const parsed = parseModel(text);
        const { value, gradient } = deriveModel(parsed);
        const at = { ...P, x };
        const f0 = evaluateAst(value, at);
        expect(f0).toBeCloseTo(evaluateAst(parsed.ast, at), 8);
        parsed.paramNames.forEach((name, j) => {
          const v = at[name as keyof typeof P];
          const central = (h: number): number =>
            (evaluateAst(value, { ...at, [name]: v + h }) - evaluateAst(value, { ...at, [name]: v - h })) / (2 * h);
          const h = 1e-5 * Math.max(1, Math.abs(v));
          const coarse = central(h);
          const fine = central(h / 2);
          // Where the function turns too fast for this step (sin of 8·mu⁹ near mu = 1.5), the
          // two difference quotients disagree and neither is a reference: no verdict there.
          fc.pre(Math.abs(coarse - fine) <= 1e-4 * (1 + Math.abs(fine) + Math.abs(f0)));
          const fd = (4 * fine - coarse) / 3; // Richardson: the h² error terms cancel
          const d = evaluateAst(gradient[j], at);
          expect(Math.abs(d - fd)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(d) + Math.abs(f0)));
        });
      }),
      { numRuns: 200 },
    );
  });
});

function sameNumber(actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected));
}

describe('generated JS', () => {
  it('equals the tree-walking interpreter for f and every derivative', () => {
    fc.assert(
      fc.property(parsedTree, fc.double({ min: -3, max: 3, noNaN: true }), (tree, x) => {
        const text = `a + ${print(tree)}`;
        const parsed = parseModel(text);
        const model = compileModel(text);
        const { value, gradient } = deriveModel(parsed);
        const params = new Float64Array(parsed.paramNames.map((_, k) => 0.5 + 0.25 * k));
        const at: Record<string, number> = { x };
        parsed.paramNames.forEach((n, k) => (at[n] = params[k]));
        const cols = parsed.predictorNames.map(() => new Float64Array([x, x]));
        const out = new Float64Array(2);
        const jac = new Float64Array(2 * params.length);
        model.evaluateWithJacobian(params, cols, out, jac);
        expect(sameNumber(out[1], evaluateAst(value, at))).toBe(true);
        gradient.forEach((g, j) => expect(sameNumber(jac[params.length + j], evaluateAst(g, at))).toBe(true));
        const v = new Float64Array(2);
        model.evaluate(params, cols, v);
        expect(sameNumber(v[0], out[0]) || (Number.isNaN(v[0]) && Number.isNaN(out[0]))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
