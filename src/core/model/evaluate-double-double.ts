/**
 * Evaluates a model AST in double-double arithmetic. The tree is turned into closures once
 * (identifier lookups resolved to slots), then run per point. Number literals are read as
 * the decimals they were written as (double-double-decimal.ts). Functions without a
 * double-double implementation (erf, erfc, wofz_re, wofz_im) are evaluated in f64, and the
 * result says that precision was lost.
 */
import type { Expr, FunctionName } from './ast';
import { CONSTANTS } from './ast';
import { abs, add, compare, DD_E, DD_PI, dd, div, mul, neg, sqrt, sub, type DD } from '../numerics/double-double';
import type { DdColumn } from '../numerics/double-double-decimal';
import { fromShortestDecimal } from '../numerics/double-double-decimal';
import * as F from '../numerics/double-double-functions';
import { applyFunction } from './evaluate-ast';
import { FitbenchError } from '../errors';
import { assertNever } from '../assert-never';

/** Functions only available in f64: their values carry f64 rounding into the result. */
const F64_ONLY: ReadonlySet<FunctionName> = new Set<FunctionName>(['erf', 'erfc', 'wofz_re', 'wofz_im']);

interface Context {
  params: readonly DD[];
  point: DD[];
  fallback: F.DdFallback;
}

type Node = (ctx: Context) => DD;

/** True when every operation of the tree has a double-double implementation. */
export function isDoubleDoubleSupported(e: Expr): boolean {
  switch (e.type) {
    case 'call':
      return !F64_ONLY.has(e.fn) && e.args.every(isDoubleDoubleSupported);
    case 'negate':
      return isDoubleDoubleSupported(e.arg);
    case 'binary':
      return isDoubleDoubleSupported(e.left) && isDoubleDoubleSupported(e.right);
    default:
      return true;
  }
}

function callNode(fn: FunctionName, args: Node[]): Node {
  const [a, b, c, d] = args;
  switch (fn) {
    case 'exp':
      return (x) => F.exp(a(x));
    case 'log':
    case 'ln':
      return (x) => F.log(a(x));
    case 'log10':
      return (x) => F.log10(a(x));
    case 'sqrt':
      return (x) => sqrt(a(x));
    case 'abs':
      return (x) => abs(a(x));
    case 'sin':
      return (x) => F.sin(a(x), x.fallback);
    case 'cos':
      return (x) => F.cos(a(x), x.fallback);
    case 'tan':
      return (x) => F.tan(a(x), x.fallback);
    case 'asin':
      return (x) => F.asin(a(x));
    case 'acos':
      return (x) => F.acos(a(x));
    case 'atan':
      return (x) => F.atan(a(x));
    case 'atan2':
      return (x) => F.atan2(a(x), b(x));
    case 'sinh':
      return (x) => F.sinh(a(x));
    case 'cosh':
      return (x) => F.cosh(a(x));
    case 'tanh':
      return (x) => F.tanh(a(x));
    case 'pow':
      return (x) => F.pow(a(x), b(x));
    case 'min':
      // Math.min semantics: NaN wins.
      return (x) => {
        const u = a(x);
        const v = b(x);
        const k = compare(u, v);
        return Number.isNaN(k) ? dd(Number.NaN) : k <= 0 ? u : v;
      };
    case 'max':
      return (x) => {
        const u = a(x);
        const v = b(x);
        const k = compare(u, v);
        return Number.isNaN(k) ? dd(Number.NaN) : k >= 0 ? u : v;
      };
    case 'sign':
      return (x) => {
        const u = a(x);
        return dd(Number.isNaN(u.hi) ? Number.NaN : u.hi > 0 ? 1 : u.hi < 0 ? -1 : 0);
      };
    case 'ifle':
      return (x) => (compare(a(x), b(x)) <= 0 ? c(x) : d(x));
    default:
      return (x) => {
        x.fallback(fn);
        return dd(
          applyFunction(
            fn,
            args.map((g) => {
              const v = g(x);
              return v.hi + v.lo;
            }),
          ),
        );
      };
  }
}

function compileNode(e: Expr, slot: (name: string) => { kind: 'param' | 'point'; index: number }): Node {
  switch (e.type) {
    case 'number': {
      const v = fromShortestDecimal(e.value);
      return () => v;
    }
    case 'constant': {
      const v = e.name === 'pi' ? DD_PI : e.name === 'e' ? DD_E : dd(CONSTANTS[e.name]);
      return () => v;
    }
    case 'identifier': {
      const s = slot(e.name);
      const i = s.index;
      return s.kind === 'param' ? (x) => x.params[i] : (x) => x.point[i];
    }
    case 'negate': {
      const a = compileNode(e.arg, slot);
      return (x) => neg(a(x));
    }
    case 'binary': {
      const l = compileNode(e.left, slot);
      const r = compileNode(e.right, slot);
      switch (e.op) {
        case '+':
          return (x) => add(l(x), r(x));
        case '-':
          return (x) => sub(l(x), r(x));
        case '*':
          return (x) => mul(l(x), r(x));
        case '/':
          return (x) => div(l(x), r(x));
        case '^':
          return (x) => F.pow(l(x), r(x));
        default:
          return assertNever(e.op, 'operator');
      }
      break;
    }
    case 'call':
      return callNode(
        e.fn,
        e.args.map((arg) => compileNode(arg, slot)),
      );
    default:
      return assertNever(e, 'expression node');
  }
  throw new Error('unreachable');
}

/** A model ready to evaluate in double-double; build with {@link compileDoubleDouble}. */
export interface DoubleDoubleModel {
  readonly paramNames: readonly string[];
  readonly predictorNames: readonly string[];
  /** Static: no node of the tree needs an f64 fallback. */
  readonly supported: boolean;
  /**
   * f at every point: `params` in paramNames order, `predictors[k]` the column of
   * predictorNames[k] (hi and lo, e.g. from liftColumn). Writes hi and lo of f; returns
   * `exact: false` when some operation fell back to f64, with what it was.
   */
  evaluate(
    params: readonly DD[],
    predictors: readonly DdColumn[],
    out: DdColumn,
  ): { exact: boolean; fallbacks: string[] };
}

/** Compiles a model tree over the given parameter and predictor names. */
export function compileDoubleDouble(
  ast: Expr,
  paramNames: readonly string[],
  predictorNames: readonly string[],
): DoubleDoubleModel {
  const slot = (name: string): { kind: 'param' | 'point'; index: number } => {
    const p = predictorNames.indexOf(name);
    if (p >= 0) return { kind: 'point', index: p };
    const k = paramNames.indexOf(name);
    if (k >= 0) return { kind: 'param', index: k };
    throw new FitbenchError(
      'PARAM_UNKNOWN',
      `the model reads "${name}", which is neither a parameter (${paramNames.join(', ')}) nor a predictor (${predictorNames.join(', ') || 'none'})`,
      { parameter: name },
    );
  };
  const root = compileNode(ast, slot);
  const supported = isDoubleDoubleSupported(ast);
  return {
    paramNames,
    predictorNames,
    supported,
    evaluate(params, predictors, out) {
      if (params.length !== paramNames.length) {
        throw new FitbenchError(
          'OPTIONS_INVALID',
          `double-double evaluation needs ${paramNames.length} parameter values, got ${params.length}`,
        );
      }
      if (predictors.length !== predictorNames.length) {
        throw new FitbenchError(
          'DATA_LENGTH_MISMATCH',
          `double-double evaluation needs ${predictorNames.length} predictor column(s), got ${predictors.length}`,
        );
      }
      const n = out.hi.length;
      for (const col of predictors) {
        if (col.hi.length !== n || col.lo.length !== n)
          throw new FitbenchError('DATA_LENGTH_MISMATCH', `every predictor column must have ${n} values`);
      }
      if (out.lo.length !== n)
        throw new FitbenchError('DATA_LENGTH_MISMATCH', 'the output hi and lo arrays must have the same length');
      const fallbacks = new Set<string>();
      const ctx: Context = { params, point: predictors.map(() => dd(0)), fallback: (what) => fallbacks.add(what) };
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < predictors.length; k++) ctx.point[k] = dd(predictors[k].hi[i], predictors[k].lo[i]);
        const v = root(ctx);
        out.hi[i] = v.hi;
        out.lo[i] = v.lo;
      }
      return { exact: fallbacks.size === 0, fallbacks: [...fallbacks] };
    },
  };
}
