/**
 * A model evaluated without generating code: the parsed AST turned once into nested
 * closures. It is what the page's main thread uses to draw a fitted curve and its
 * residuals, so the document runs under `script-src 'self'` with no `unsafe-eval`
 * (strict CSP); the workers, whose own policy allows it, keep the generated kernels,
 * which are several times faster.
 */
import { CONSTANTS, type Expr } from './ast';
import { applyFunction } from './evaluate-ast';
import { parseModel, type ModelOptions } from './parse-model';

/** The evaluating part of a CompiledModel, built without eval. */
export interface InterpretedModel {
  readonly expression: string;
  readonly paramNames: readonly string[];
  readonly predictorNames: readonly string[];
  /** f(params; predictors) into `out` (one value per row, out.length rows). */
  evaluate(params: Float64Array, predictors: readonly Float64Array[], out: Float64Array): void;
}

interface Env {
  p: Float64Array;
  cols: readonly Float64Array[];
}

type Node = (env: Env, i: number) => number;

function build(e: Expr, params: readonly string[], predictors: readonly string[]): Node {
  switch (e.type) {
    case 'number': {
      const v = e.value;
      return () => v;
    }
    case 'constant': {
      const v = CONSTANTS[e.name];
      return () => v;
    }
    case 'identifier': {
      const k = params.indexOf(e.name);
      if (k >= 0) return (env) => env.p[k];
      const c = predictors.indexOf(e.name);
      return (env, i) => env.cols[c][i];
    }
    case 'negate': {
      const a = build(e.arg, params, predictors);
      return (env, i) => -a(env, i);
    }
    case 'binary': {
      const l = build(e.left, params, predictors);
      const r = build(e.right, params, predictors);
      switch (e.op) {
        case '+':
          return (env, i) => l(env, i) + r(env, i);
        case '-':
          return (env, i) => l(env, i) - r(env, i);
        case '*':
          return (env, i) => l(env, i) * r(env, i);
        case '/':
          return (env, i) => l(env, i) / r(env, i);
        case '^':
          return (env, i) => Math.pow(l(env, i), r(env, i));
      }
      break;
    }
    case 'call': {
      const args = e.args.map((a) => build(a, params, predictors));
      const fn = e.fn;
      const values = new Array<number>(args.length);
      return (env, i) => {
        for (let k = 0; k < args.length; k++) values[k] = args[k](env, i);
        return applyFunction(fn, values);
      };
    }
  }
  throw new Error('unreachable');
}

/** Parses `expression` (as compileModel does, same options and errors) into an InterpretedModel. */
export function interpretModel(expression: string, options: ModelOptions = {}): InterpretedModel {
  const parsed = parseModel(expression, options);
  const root = build(parsed.ast, parsed.paramNames, parsed.predictorNames);
  return Object.freeze({
    expression: parsed.expression,
    paramNames: parsed.paramNames,
    predictorNames: parsed.predictorNames,
    evaluate(params: Float64Array, predictors: readonly Float64Array[], out: Float64Array): void {
      const env: Env = { p: params, cols: predictors };
      for (let i = 0; i < out.length; i++) out[i] = root(env, i);
    },
  });
}
