import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../errors';
import { dd, type DD } from '../numerics/double-double';
import { liftColumn, type DdColumn } from '../numerics/double-double-decimal';
import { evaluateAst } from './evaluate-ast';
import { compileDoubleDouble } from './evaluate-double-double';
import { getLibraryModel, listLibraryModels } from './library';
import { parseModel } from './parse-model';

function evaluateAt(expression: string, params: Record<string, number>, xs: number[], lift = false) {
  const parsed = parseModel(expression);
  const model = compileDoubleDouble(parsed.ast, parsed.paramNames, parsed.predictorNames);
  const column: DdColumn = lift ? liftColumn(xs) : { hi: Float64Array.from(xs), lo: new Float64Array(xs.length) };
  const out: DdColumn = { hi: new Float64Array(xs.length), lo: new Float64Array(xs.length) };
  const p: DD[] = parsed.paramNames.map((n) => dd(params[n]));
  const info = model.evaluate(
    p,
    parsed.predictorNames.map(() => column),
    out,
  );
  return { out, info, model, parsed };
}

/** Random expressions over a, b and x whose values stay moderate (no overflow, no poles). */
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('a', 'b', 'x', '0.5', '1.25', 'pi'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([l, op, r]) => `(${l} ${op} ${r})`),
    fc.tuple(tie('e'), tie('e')).map(([l, r]) => `(${l}) / (2 + sin(${r}))`),
    fc.tuple(fc.constantFrom('sin', 'cos', 'atan', 'tanh'), tie('e')).map(([f, u]) => `${f}(${u})`),
    tie('e').map((u) => `exp(-abs(${u}))`),
    tie('e').map((u) => `log(1 + abs(${u}))`),
    tie('e').map((u) => `sqrt(1 + (${u})^2)`),
    fc.tuple(tie('e'), tie('e')).map(([u, v]) => `pow(1 + abs(${u}), tanh(${v}))`),
    tie('e').map((u) => `sinh(tanh(${u})) * cosh(tanh(${u}))`),
  ),
})).e;

describe('double-double evaluation of a model AST', () => {
  it('agrees with the f64 tree walker on random models to f64 accuracy', () => {
    const value = fc.double({ min: -3, max: 3, noNaN: true });
    fc.assert(
      fc.property(expression, value, value, value, (expr, a, b, x) => {
        const withParams = `a + b*0 + ${expr}`;
        const { out } = evaluateAt(withParams, { a, b }, [x]);
        const f = evaluateAst(parseModel(withParams).ast, { a, b, x });
        expect(Math.abs(out.hi[0] + out.lo[0] - f)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(f)));
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with every library model (evaluate at its fallback parameters)', () => {
    const xs = [-1.5, 0.25, 0.8, 2, 3.75];
    for (const info of listLibraryModels()) {
      const lib = getLibraryModel(info.name);
      if (!lib) continue;
      const { out, info: run, model } = evaluateAt(lib.expression, lib.fallback, xs);
      expect(run.exact).toBe(model.supported);
      // Models with f64-only functions (voigt's wofz) differ from the library's own JS by its approximation.
      if (!model.supported) continue;
      xs.forEach((x, i) => {
        const f = lib.evaluate(lib.fallback, x);
        if (!Number.isFinite(f)) return;
        expect(Math.abs(out.hi[i] + out.lo[i] - f), `${lib.name} at x=${x}`).toBeLessThanOrEqual(
          1e-12 * Math.max(1, Math.abs(f)),
        );
      });
    }
  });

  it('is exact where f64 is not: the residual of an exact decimal identity', () => {
    // 0.1·3 − 0.3 is 5.55e-17 in f64; with literals read as decimals it is 0 to ~1e-33.
    const { out } = evaluateAt('a*0.1*3 - 0.3', { a: 1 }, [0]);
    expect(Math.abs(out.hi[0] + out.lo[0])).toBeLessThan(1e-32);
    expect(1 * 0.1 * 3 - 0.3).not.toBe(0);
    // Data read as decimals: x − 0.1 at x = 0.1.
    const lifted = evaluateAt('x - a', { a: 0.1 }, [0.1], true);
    expect(Math.abs(lifted.out.hi[0] + lifted.out.lo[0] + 5.551115123125783e-18)).toBeLessThan(1e-30);
  });

  it('min, max, sign and the derivative-only ifle follow Math semantics', () => {
    const { out } = evaluateAt('min(a, x) + max(a, x)*2 + abs(x - a)', { a: 1 }, [0.5, 3]);
    expect(Array.from(out.hi)).toEqual([0.5 + 2 + 0.5, 1 + 6 + 2]);
  });

  it('functions without a double-double form fall back to f64 and report it', () => {
    const { out, info, model } = evaluateAt('a*erf(x) + wofz_re(x, a)', { a: 1 }, [0.3]);
    expect(model.supported).toBe(false);
    expect(info.exact).toBe(false);
    expect(info.fallbacks.sort()).toEqual(['erf', 'wofz_re']);
    expect(out.hi[0]).toBeCloseTo(evaluateAst(parseModel('a*erf(x) + wofz_re(x, a)').ast, { a: 1, x: 0.3 }), 15);
    expect(evaluateAt('a*exp(x)', { a: 1 }, [0.3]).info).toEqual({ exact: true, fallbacks: [] });
  });

  it('several predictors, each from its own column', () => {
    const parsed = parseModel('a*x1 + x2', { predictors: ['x1', 'x2'] });
    const model = compileDoubleDouble(parsed.ast, parsed.paramNames, parsed.predictorNames);
    const out: DdColumn = { hi: new Float64Array(2), lo: new Float64Array(2) };
    model.evaluate([dd(2)], [liftColumn([1, 2]), liftColumn([10, 20])], out);
    expect(Array.from(out.hi)).toEqual([12, 24]);
  });

  it('bad shapes and unknown names raise FitbenchError', () => {
    const parsed = parseModel('a*x');
    const model = compileDoubleDouble(parsed.ast, parsed.paramNames, parsed.predictorNames);
    const out: DdColumn = { hi: new Float64Array(2), lo: new Float64Array(2) };
    const col = liftColumn([1, 2]);
    expect(() => model.evaluate([], [col], out)).toThrow(FitbenchError);
    expect(() => model.evaluate([dd(1)], [], out)).toThrow(/predictor/);
    expect(() => model.evaluate([dd(1)], [liftColumn([1])], out)).toThrow(/2 values/);
    expect(() => model.evaluate([dd(1)], [col], { hi: new Float64Array(2), lo: new Float64Array(1) })).toThrow(
      FitbenchError,
    );
    expect(() => compileDoubleDouble(parsed.ast, [], ['x'])).toThrow(/"a"/);
  });
});
