import type { Expr, FunctionName } from './ast';
import { CONSTANTS } from './ast';
import { erf, erfc, wofzIm, wofzRe } from '../numerics/error-functions';
import { assertNever } from '../assert-never';

/** Numeric value of one function application, shared by the interpreter and constant folding. */
export function applyFunction(fn: FunctionName, a: readonly number[]): number {
  switch (fn) {
    case 'exp':
      return Math.exp(a[0]);
    case 'log':
    case 'ln':
      return Math.log(a[0]);
    case 'log10':
      return Math.log10(a[0]);
    case 'sqrt':
      return Math.sqrt(a[0]);
    case 'abs':
      return Math.abs(a[0]);
    case 'sin':
      return Math.sin(a[0]);
    case 'cos':
      return Math.cos(a[0]);
    case 'tan':
      return Math.tan(a[0]);
    case 'asin':
      return Math.asin(a[0]);
    case 'acos':
      return Math.acos(a[0]);
    case 'atan':
      return Math.atan(a[0]);
    case 'atan2':
      return Math.atan2(a[0], a[1]);
    case 'sinh':
      return Math.sinh(a[0]);
    case 'cosh':
      return Math.cosh(a[0]);
    case 'tanh':
      return Math.tanh(a[0]);
    case 'pow':
      return Math.pow(a[0], a[1]);
    case 'min':
      return Math.min(a[0], a[1]);
    case 'max':
      return Math.max(a[0], a[1]);
    case 'erf':
      return erf(a[0]);
    case 'erfc':
      return erfc(a[0]);
    case 'wofz_re':
      return wofzRe(a[0], a[1]);
    case 'wofz_im':
      return wofzIm(a[0], a[1]);
    case 'sign':
      return Math.sign(a[0]);
    case 'ifle':
      return a[0] <= a[1] ? a[2] : a[3];
    default:
      return assertNever(fn, 'function');
  }
}

/**
 * Plain tree-walking evaluation: the slow, obviously-correct reference the generated code is
 * tested against. `values` maps every identifier (parameter or predictor) to a number.
 */
export function evaluateAst(e: Expr, values: Readonly<Record<string, number>>): number {
  switch (e.type) {
    case 'number':
      return e.value;
    case 'constant':
      return CONSTANTS[e.name];
    case 'identifier': {
      if (!Object.prototype.hasOwnProperty.call(values, e.name)) throw new Error(`no value for '${e.name}'`);
      return values[e.name];
    }
    case 'negate':
      return -evaluateAst(e.arg, values);
    case 'binary': {
      const l = evaluateAst(e.left, values);
      const r = evaluateAst(e.right, values);
      switch (e.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return l / r;
        case '^':
          return Math.pow(l, r);
        default:
          return assertNever(e.op, 'operator');
      }
      break;
    }
    case 'call':
      return applyFunction(
        e.fn,
        e.args.map((x) => evaluateAst(x, values)),
      );
    default:
      return assertNever(e, 'expression node');
  }
  throw new Error('unreachable');
}
