/**
 * Elementary functions in double-double (relative error ~1e-30 for moderate arguments).
 * exp: reduction by ln 2 and by 2⁹, Taylor series, repeated squaring (QD's method); log,
 * sqrt, atan, asin, acos: one or two Newton steps from the f64 value, each of which
 * doubles the correct bits; sin/cos: reduction by a three-part π/2 and Taylor series.
 * Arguments beyond what the reduction handles accurately fall back to f64 and say so
 * through {@link DdFallback}.
 */
import {
  abs,
  add,
  compare,
  DD_HALF_PI,
  DD_LN10,
  DD_LN2,
  DD_ONE,
  DD_PI,
  DD_ZERO,
  dd,
  div,
  HALF_PI_TAIL,
  ldexp,
  mul,
  mulNumber,
  neg,
  powInt,
  sqr,
  sqrt,
  sub,
  twoProd,
  type DD,
} from './double-double';

/** Receives a note whenever a function could only be evaluated in f64. */
export type DdFallback = (what: string) => void;

const ignore: DdFallback = () => undefined;

/** Series stop when a term is below this fraction of the sum. */
const SERIES_TOL = 1e-34;
/** Third term of ln 2 (60-digit value minus DD_LN2). */
const LN2_TAIL = 5.707708438416212e-34;
/** |x| above which sin/cos argument reduction by a three-part π/2 stops being exact enough. */
const TRIG_REDUCTION_LIMIT = 1e9;

export function exp(a: DD): DD {
  if (a.hi > 709.782712893384) return dd(Infinity);
  if (a.hi < -745.2) return DD_ZERO;
  if (Number.isNaN(a.hi)) return a;
  if (a.hi === 0) return DD_ONE;
  const k = Math.round(a.hi / DD_LN2.hi);
  // r = (a − k·ln2)/512, so the series needs only ~9 terms; ln 2 in three parts keeps
  // k·ln 2 exact to ~1e-47 for every k that does not overflow.
  let r = sub(a, twoProd(k, DD_LN2.hi));
  r = sub(r, twoProd(k, DD_LN2.lo));
  r = ldexp(sub(r, twoProd(k, LN2_TAIL)), -9);
  // expm1(r) by Taylor series.
  let s = r;
  let term = r;
  for (let i = 2; i < 30; i++) {
    term = div(mul(term, r), dd(i));
    s = add(s, term);
    if (Math.abs(term.hi) <= SERIES_TOL * Math.abs(s.hi)) break;
  }
  // expm1(2r) = 2·expm1(r) + expm1(r)², nine times; adding 1 only at the end keeps the bits.
  for (let i = 0; i < 9; i++) s = add(ldexp(s, 1), sqr(s));
  return ldexp(add(s, DD_ONE), k);
}

export function log(a: DD): DD {
  if (Number.isNaN(a.hi) || a.hi < 0) return dd(Number.NaN);
  if (a.hi === 0) return dd(-Infinity);
  if (a.hi === Infinity) return a;
  // Far from 1 in magnitude, exp(−y) would overflow: log(a) = log(a·2⁻ᵏ) + k·ln 2.
  if (a.hi < 1e-290 || a.hi > 1e290) {
    const k = Math.round(Math.log2(a.hi));
    return add(log(ldexp(a, -k)), mulNumber(DD_LN2, k));
  }
  // Newton on exp(y) = a: y ← y + a·exp(−y) − 1. The error after a step is ~δ²/2 for an
  // absolute error δ ≈ ulp(y): one step from f64 suffices for |y| ≤ 1, larger y need two.
  let y = dd(Math.log(a.hi));
  const rounds = Math.abs(y.hi) > 1 ? 2 : 1;
  for (let i = 0; i < rounds; i++) y = sub(add(y, mul(a, exp(neg(y)))), DD_ONE);
  return y;
}

export function log10(a: DD): DD {
  return div(log(a), DD_LN10);
}

/** sin and cos of |r| ≤ π/4 by their Taylor series. */
function sinCosReduced(r: DD): { sin: DD; cos: DD } {
  const r2 = sqr(r);
  let sinSum = r;
  let term = r;
  for (let i = 1; i < 30; i++) {
    term = neg(div(mul(term, r2), dd(2 * i * (2 * i + 1))));
    sinSum = add(sinSum, term);
    if (Math.abs(term.hi) <= SERIES_TOL * Math.abs(sinSum.hi)) break;
  }
  let cosSum = DD_ONE;
  term = DD_ONE;
  for (let i = 1; i < 30; i++) {
    term = neg(div(mul(term, r2), dd((2 * i - 1) * (2 * i))));
    cosSum = add(cosSum, term);
    if (Math.abs(term.hi) <= SERIES_TOL) break;
  }
  return { sin: sinSum, cos: cosSum };
}

/** sin and cos together (they share the reduction); f64 beyond |x| = 1e9. */
export function sinCos(a: DD, fallback: DdFallback = ignore): { sin: DD; cos: DD } {
  if (!Number.isFinite(a.hi)) return { sin: dd(Number.NaN), cos: dd(Number.NaN) };
  if (Math.abs(a.hi) > TRIG_REDUCTION_LIMIT) {
    fallback('sin/cos of an argument beyond 1e9');
    return { sin: dd(Math.sin(a.hi)), cos: dd(Math.cos(a.hi)) };
  }
  const k = Math.round(a.hi / DD_HALF_PI.hi);
  // k·(π/2) in three parts: each product is exact as a double-double.
  let r = sub(a, twoProd(k, DD_HALF_PI.hi));
  r = sub(r, twoProd(k, DD_HALF_PI.lo));
  r = sub(r, twoProd(k, HALF_PI_TAIL));
  const { sin: s, cos: c } = sinCosReduced(r);
  switch (((k % 4) + 4) % 4) {
    case 0:
      return { sin: s, cos: c };
    case 1:
      return { sin: c, cos: neg(s) };
    case 2:
      return { sin: neg(s), cos: neg(c) };
    default:
      return { sin: neg(c), cos: s };
  }
}

export function sin(a: DD, fallback: DdFallback = ignore): DD {
  return sinCos(a, fallback).sin;
}

export function cos(a: DD, fallback: DdFallback = ignore): DD {
  return sinCos(a, fallback).cos;
}

export function tan(a: DD, fallback: DdFallback = ignore): DD {
  const { sin: s, cos: c } = sinCos(a, fallback);
  return div(s, c);
}

export function atan(a: DD): DD {
  if (Number.isNaN(a.hi)) return a;
  if (a.hi === Infinity) return DD_HALF_PI;
  if (a.hi === -Infinity) return neg(DD_HALF_PI);
  // Newton on sin y − a·cos y = 0, whose derivative at the root is 1/cos y.
  let y = dd(Math.atan(a.hi));
  for (let i = 0; i < 2; i++) {
    const { sin: s, cos: c } = sinCos(y);
    y = sub(y, mul(sub(s, mul(a, c)), c));
  }
  return y;
}

export function atan2(y: DD, x: DD): DD {
  if (!Number.isFinite(x.hi) || !Number.isFinite(y.hi) || (x.hi === 0 && y.hi === 0)) return dd(Math.atan2(y.hi, x.hi));
  // z ← z + sin(θ − z), θ the angle of (x, y): one step from 53 bits gives ~106 bits.
  const r = sqrt(add(sqr(x), sqr(y)));
  const xx = div(x, r);
  const yy = div(y, r);
  let z = dd(Math.atan2(y.hi, x.hi));
  for (let i = 0; i < 2; i++) {
    const { sin: s, cos: c } = sinCos(z);
    z = add(z, sub(mul(yy, c), mul(xx, s)));
  }
  return z;
}

export function asin(a: DD): DD {
  const cmp = compare(abs(a), DD_ONE);
  if (Number.isNaN(cmp) || cmp > 0) return dd(Number.NaN);
  if (cmp === 0) return a.hi > 0 ? DD_HALF_PI : neg(DD_HALF_PI);
  let y = dd(Math.asin(a.hi));
  for (let i = 0; i < 2; i++) {
    const { sin: s, cos: c } = sinCos(y);
    y = sub(y, div(sub(s, a), c));
  }
  return y;
}

export function acos(a: DD): DD {
  const cmp = compare(abs(a), DD_ONE);
  if (Number.isNaN(cmp) || cmp > 0) return dd(Number.NaN);
  if (cmp === 0) return a.hi > 0 ? DD_ZERO : DD_PI;
  let y = dd(Math.acos(a.hi));
  for (let i = 0; i < 2; i++) {
    const { sin: s, cos: c } = sinCos(y);
    y = add(y, div(sub(c, a), s));
  }
  return y;
}

/** sinh by its series for |x| < ½ (no cancellation), from exp otherwise. */
export function sinh(a: DD): DD {
  if (Math.abs(a.hi) < 0.5) {
    const a2 = sqr(a);
    let s = a;
    let term = a;
    for (let i = 1; i < 30; i++) {
      term = div(mul(term, a2), dd(2 * i * (2 * i + 1)));
      s = add(s, term);
      if (Math.abs(term.hi) <= SERIES_TOL * Math.abs(s.hi)) break;
    }
    return s;
  }
  const e = exp(a);
  if (!Number.isFinite(e.hi) || e.hi === 0) return dd(Math.sinh(a.hi));
  return ldexp(sub(e, div(DD_ONE, e)), -1);
}

export function cosh(a: DD): DD {
  const e = exp(abs(a));
  if (!Number.isFinite(e.hi)) return dd(Infinity);
  return ldexp(add(e, div(DD_ONE, e)), -1);
}

export function tanh(a: DD): DD {
  if (Number.isNaN(a.hi)) return a;
  if (Math.abs(a.hi) < 0.5) {
    const s = sinh(a);
    return div(s, sqrt(add(DD_ONE, sqr(s))));
  }
  // 1 − 2/(e^{2|x|} + 1): no overflow, no cancellation for |x| ≥ ½.
  const e2 = exp(ldexp(abs(a), 1));
  const t = Number.isFinite(e2.hi) ? sub(DD_ONE, div(dd(2), add(e2, DD_ONE))) : DD_ONE;
  return a.hi < 0 ? neg(t) : t;
}

/** a^b as Math.pow defines it: integer b by repeated squaring, otherwise exp(b·log a). */
export function pow(a: DD, b: DD): DD {
  if (Number.isNaN(a.hi) || Number.isNaN(b.hi)) return b.hi === 0 && b.lo === 0 ? DD_ONE : dd(Number.NaN);
  if (b.lo === 0 && Number.isInteger(b.hi) && Math.abs(b.hi) <= 1024) {
    if (a.hi === 0) return dd(Math.pow(a.hi, b.hi));
    return powInt(a, b.hi);
  }
  if (a.hi === 0 || !Number.isFinite(a.hi) || !Number.isFinite(b.hi)) return dd(Math.pow(toF64(a), toF64(b)));
  if (a.hi < 0) {
    // Only integer exponents are defined for a negative base; a large integer gets its sign from parity.
    if (b.lo !== 0 || !Number.isInteger(b.hi)) return dd(Number.NaN);
    const m = exp(mul(b, log(neg(a))));
    return b.hi % 2 === 0 ? m : neg(m);
  }
  return exp(mul(b, log(a)));
}

function toF64(a: DD): number {
  return a.hi + a.lo;
}
