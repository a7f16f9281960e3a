import type { Expr } from './ast';
import type { ExprPool } from './simplify';
import { assertNever } from '../assert-never';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * ∂e/∂name for an expression interned in `pool`, built with the pool's simplifying
 * constructors so the result is simplified and shares nodes with `e` (e.g. d exp(u) reuses
 * the exp(u) node, d(u/v) reuses u/v). Every construct of the language has an exact rule;
 * min, max and abs are piecewise (derivative of the active branch, sign(u) for abs).
 */
export function differentiate(pool: ExprPool, e: Expr, name: string): Expr {
  const memo = new Map<Expr, Expr>();
  const P = pool;
  const d = (f: Expr): Expr => {
    const hit = memo.get(f);
    if (hit) return hit;
    const out = rule(f);
    memo.set(f, out);
    return out;
  };
  const rule = (f: Expr): Expr => {
    switch (f.type) {
      case 'number':
      case 'constant':
        return P.zero;
      case 'identifier':
        return f.name === name ? P.one : P.zero;
      case 'negate':
        return P.neg(d(f.arg));
      case 'binary': {
        const u = f.left;
        const v = f.right;
        const du = d(u);
        const dv = d(v);
        switch (f.op) {
          case '+':
            return P.add(du, dv);
          case '-':
            return P.sub(du, dv);
          case '*':
            return P.add(P.mul(du, v), P.mul(u, dv));
          case '/':
            // (u/v)' = (u' − (u/v)·v')/v reuses the quotient itself.
            return P.div(P.sub(du, P.mul(f, dv)), v);
          case '^':
            return powRule(f, u, v, du, dv);
          default:
            return assertNever(f.op, 'operator');
        }
        break;
      }
      case 'call':
        return callRule(f, f.args.map(d));
      default:
        return assertNever(f, 'expression node');
    }
    throw new Error('unreachable');
  };

  // At u = 0 the textbook forms below are 0·∞ (u^(v−1)·u' with v < 1, u^v·ln u) although
  // the derivative's limit is 0 for v > 0: (x/t)^β at x = 0, the first point of many decay
  // data sets. The guard returns that limit instead of NaN.
  const zeroAtOrigin = (u: Expr, d: Expr): Expr => P.call('ifle', [P.call('abs', [u]), P.zero, P.zero, d]);

  const powRule = (f: Expr, u: Expr, v: Expr, du: Expr, dv: Expr): Expr => {
    if (dv === P.zero) {
      if (du === P.zero) return P.zero;
      // v·u^(v−1)·u' (v constant here: a number, a named constant or a parameter not being varied)
      const d = P.mul(P.mul(v, P.pow(u, P.sub(v, P.one))), du);
      // Literal exponents ≥ 1 are finite at u = 0 already (x^2 → 2x).
      return v.type === 'number' && v.value >= 1 ? d : zeroAtOrigin(u, d);
    }
    // u^v·(v'·ln u + v·u'/u); with u' = 0 only the first term remains.
    const logTerm = P.mul(dv, P.call('log', [u]));
    if (du === P.zero) return zeroAtOrigin(u, P.mul(f, logTerm));
    return zeroAtOrigin(u, P.mul(f, P.add(logTerm, P.div(P.mul(v, du), u))));
  };

  const callRule = (f: Expr & { type: 'call' }, da: readonly Expr[]): Expr => {
    const [u, v] = f.args;
    const du = da[0];
    if (f.args.length === 1 && du === P.zero) return P.zero;
    const chain = (g: Expr): Expr => P.mul(g, du);
    switch (f.fn) {
      case 'exp':
        return chain(f);
      case 'log':
      case 'ln':
        return P.div(du, u);
      case 'log10':
        return P.div(du, P.mul(P.num(Math.LN10), u));
      case 'sqrt':
        return P.div(du, P.mul(P.num(2), f));
      case 'abs':
        return chain(P.call('sign', [u]));
      case 'sin':
        return chain(P.call('cos', [u]));
      case 'cos':
        return P.neg(chain(P.call('sin', [u])));
      case 'tan':
        return chain(P.add(P.one, P.pow(f, P.num(2))));
      case 'asin':
        return P.div(du, P.call('sqrt', [P.sub(P.one, P.pow(u, P.num(2)))]));
      case 'acos':
        return P.neg(P.div(du, P.call('sqrt', [P.sub(P.one, P.pow(u, P.num(2)))])));
      case 'atan':
        return P.div(du, P.add(P.one, P.pow(u, P.num(2))));
      case 'sinh':
        return chain(P.call('cosh', [u]));
      case 'cosh':
        return chain(P.call('sinh', [u]));
      case 'tanh':
        return chain(P.sub(P.one, P.pow(f, P.num(2))));
      case 'erf':
        return chain(P.mul(P.num(TWO_OVER_SQRT_PI), P.call('exp', [P.neg(P.pow(u, P.num(2)))])));
      case 'erfc':
        return P.neg(chain(P.mul(P.num(TWO_OVER_SQRT_PI), P.call('exp', [P.neg(P.pow(u, P.num(2)))]))));
      case 'sign':
        return P.zero;
      case 'atan2': {
        // atan2(y, x)' = (x·y' − y·x')/(x² + y²)
        const dv = da[1];
        if (du === P.zero && dv === P.zero) return P.zero;
        const r2 = P.add(P.pow(v, P.num(2)), P.pow(u, P.num(2)));
        return P.div(P.sub(P.mul(v, du), P.mul(u, dv)), r2);
      }
      case 'pow':
        return powRule(f, u, v, du, da[1]);
      case 'min':
        return P.call('ifle', [u, v, du, da[1]]);
      case 'max':
        return P.call('ifle', [u, v, da[1], du]);
      case 'ifle':
        return P.call('ifle', [u, v, da[2], da[3]]);
      case 'wofz_re':
      case 'wofz_im': {
        // w' = −2z·w + 2i/√π; w analytic ⇒ ∂Re/∂u = Re w', ∂Re/∂v = −Im w', ∂Im/∂u = Im w', ∂Im/∂v = Re w'.
        const dv = da[1];
        if (du === P.zero && dv === P.zero) return P.zero;
        const wr = P.call('wofz_re', [u, v]);
        const wi = P.call('wofz_im', [u, v]);
        const two = P.num(2);
        const dRe = P.mul(P.neg(two), P.sub(P.mul(u, wr), P.mul(v, wi)));
        const dIm = P.add(P.mul(P.neg(two), P.add(P.mul(u, wi), P.mul(v, wr))), P.num(TWO_OVER_SQRT_PI));
        return f.fn === 'wofz_re' ? P.sub(P.mul(dRe, du), P.mul(dIm, dv)) : P.add(P.mul(dIm, du), P.mul(dRe, dv));
      }
      default:
        return assertNever(f.fn, 'function');
    }
  };

  return d(e);
}
