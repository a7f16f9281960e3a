/**
 * Double-double arithmetic: a value is the unevaluated sum hi + lo of two f64 with
 * |lo| ≤ ½ ulp(hi), about 106 bits (≈ 32 digits). The error-free transformations are
 * Knuth's TwoSum and Dekker's TwoProd with Veltkamp splitting (no FMA in JavaScript);
 * the algorithms follow Hida, Li & Bailey's QD library ("accurate" variants of add and div).
 *
 * Used where f64 rounding, not the data, limits a result: the residuals of a fit that
 * reproduces its data to ~1e-13 (see fit/refine-residuals.ts).
 */

export interface DD {
  readonly hi: number;
  readonly lo: number;
}

/** A double-double from one f64 (exact) or from a normalized pair. */
export function dd(hi: number, lo = 0): DD {
  return { hi, lo };
}

export const DD_ZERO: DD = dd(0);
export const DD_ONE: DD = dd(1);
export const DD_PI: DD = dd(3.141592653589793, 1.2246467991473532e-16);
export const DD_HALF_PI: DD = dd(1.5707963267948966, 6.123233995736766e-17);
/** Third term of π/2 for argument reduction: π/2 = HALF_PI.hi + HALF_PI.lo + this, to ~1e-49. */
export const HALF_PI_TAIL = -1.4973849048591698e-33;
export const DD_E: DD = dd(2.718281828459045, 1.4456468917292502e-16);
export const DD_LN2: DD = dd(0.6931471805599453, 2.3190468138462996e-17);
export const DD_LN10: DD = dd(2.302585092994046, -2.1707562233822494e-16);

/** Relative precision of the format: 2⁻¹⁰⁴. */
export const DD_EPS = 4.93038065763132e-32;

const SPLITTER = 134217729; // 2^27 + 1
const SPLIT_THRESHOLD = 6.69692879491417e299; // beyond this SPLITTER·a overflows
const TWO_M28 = 3.7252902984619140625e-9;
const TWO_P28 = 268435456;

/** hi + lo of an f64 pair when |a| ≥ |b| (Dekker's Fast2Sum). */
function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  if (!Number.isFinite(s)) return dd(s);
  return dd(s, b - (s - a));
}

/** Exact sum of two f64 as a double-double (Knuth's TwoSum). */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  if (!Number.isFinite(s)) return dd(s);
  const bb = s - a;
  return dd(s, a - (s - bb) + (b - bb));
}

let splitHi = 0;
let splitLo = 0;
/** Veltkamp split of a into two halves of 26 bits (results in splitHi, splitLo). */
function split(a: number): void {
  if (a > SPLIT_THRESHOLD || a < -SPLIT_THRESHOLD) {
    const s = a * TWO_M28;
    const t = SPLITTER * s;
    const h = t - (t - s);
    splitHi = h * TWO_P28;
    splitLo = (s - h) * TWO_P28;
  } else {
    const t = SPLITTER * a;
    splitHi = t - (t - a);
    splitLo = a - splitHi;
  }
}

/** Exact product of two f64 as a double-double (Dekker's TwoProd). */
export function twoProd(a: number, b: number): DD {
  const p = a * b;
  if (!Number.isFinite(p)) return dd(p);
  split(a);
  const ah = splitHi;
  const al = splitLo;
  split(b);
  const bh = splitHi;
  const bl = splitLo;
  return dd(p, ah * bh - p + ah * bl + al * bh + al * bl);
}

export function add(a: DD, b: DD): DD {
  const s = a.hi + b.hi;
  if (!Number.isFinite(s)) return dd(s);
  const bb = s - a.hi;
  let e = a.hi - (s - bb) + (b.hi - bb);
  const t = a.lo + b.lo;
  const bt = t - a.lo;
  const f = a.lo - (t - bt) + (b.lo - bt);
  e += t;
  const s2 = s + e;
  e = e - (s2 - s) + f;
  return quickTwoSum(s2, e);
}

export function neg(a: DD): DD {
  return dd(-a.hi, -a.lo);
}

export function sub(a: DD, b: DD): DD {
  return add(a, neg(b));
}

export function mul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  if (!Number.isFinite(p.hi)) return p;
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

/** a · b for an f64 b. */
export function mulNumber(a: DD, b: number): DD {
  const p = twoProd(a.hi, b);
  if (!Number.isFinite(p.hi)) return p;
  return quickTwoSum(p.hi, p.lo + a.lo * b);
}

/** a · 2^k, exact (k an integer; split in two so that 2^k itself never overflows). */
export function ldexp(a: DD, k: number): DD {
  const k1 = Math.trunc(k / 2);
  const f1 = Math.pow(2, k1);
  const f2 = Math.pow(2, k - k1);
  return dd(a.hi * f1 * f2, a.lo * f1 * f2);
}

export function sqr(a: DD): DD {
  return mul(a, a);
}

export function div(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  if (!Number.isFinite(q1) || q1 === 0) return dd(q1);
  let r = sub(a, mulNumber(b, q1));
  const q2 = r.hi / b.hi;
  r = sub(r, mulNumber(b, q2));
  const q3 = r.hi / b.hi;
  return add(quickTwoSum(q1, q2), dd(q3));
}

export function sqrt(a: DD): DD {
  if (a.hi === 0) return dd(a.hi);
  if (a.hi < 0) return dd(Number.NaN);
  if (!Number.isFinite(a.hi)) return dd(a.hi);
  // One Newton step from the f64 root doubles its 53 bits.
  const s = Math.sqrt(a.hi);
  const r = sub(a, twoProd(s, s));
  return twoSum(s, r.hi / (2 * s));
}

export function abs(a: DD): DD {
  return a.hi < 0 || (a.hi === 0 && a.lo < 0) ? neg(a) : a;
}

/** −1, 0 or 1 by the sign of hi + lo (NaN for NaN). */
export function compare(a: DD, b: DD): number {
  if (Number.isNaN(a.hi) || Number.isNaN(b.hi)) return Number.NaN;
  if (a.hi !== b.hi) return a.hi < b.hi ? -1 : 1;
  return a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0;
}

/** hi + lo rounded to the nearest f64 (hi itself for a normalized value). */
export function toNumber(a: DD): number {
  return a.hi + a.lo;
}

export function isFiniteDD(a: DD): boolean {
  return Number.isFinite(a.hi) && Number.isFinite(a.lo);
}

/** a^n for an integer n by repeated squaring (relative error grows like log₂|n|·DD_EPS). */
export function powInt(a: DD, n: number): DD {
  if (n === 0) return DD_ONE;
  let m = Math.abs(n);
  let base = a;
  let result = DD_ONE;
  while (m > 0) {
    if (m % 2 === 1) result = mul(result, base);
    m = Math.floor(m / 2);
    if (m > 0) base = sqr(base);
  }
  return n < 0 ? div(DD_ONE, result) : result;
}
