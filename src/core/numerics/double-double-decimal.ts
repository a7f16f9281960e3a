/**
 * Data as the decimals they were written as. A CSV cell or a JSON number such as 2.5134
 * reaches the fit as the nearest f64, which is off by up to 1.1e-16 relative: invisible
 * for noisy data, but for a model that reproduces its data to ~1e-13 (NIST's Lanczos1)
 * that rounding is a large part of every residual. Any decimal of at most 15 significant
 * digits is recovered exactly by the shortest round-trip text of its f64 (JavaScript's
 * Number → string), so a value whose shortest text has ≤ 15 digits is read as that
 * decimal, carried in double-double; a value needing 16–17 digits was computed in binary,
 * not typed, and is taken as the exact f64 it is.
 */
import { dd, div, DD_ONE, mul, type DD } from './double-double';

/** Decimal digits that always survive decimal → f64 → shortest decimal unchanged. */
const MAX_TYPED_DIGITS = 15;

/** 10^k for 0 ≤ k ≤ 22 is exact in f64; higher powers are products of exact factors. */
function pow10(k: number): DD {
  let result = DD_ONE;
  let left = k;
  while (left > 22) {
    result = mul(result, dd(1e22));
    left -= 22;
  }
  return mul(result, dd(Math.pow(10, left)));
}

/**
 * The double-double value of the shortest decimal text of `v` when that text has at most
 * 15 significant digits (the decimal the value was typed as), otherwise `v` exactly.
 * Infinite, NaN, zero, and values outside [1e-280, 1e280] are returned as they are.
 */
export function fromShortestDecimal(v: number): DD {
  const a = Math.abs(v);
  if (!Number.isFinite(v) || v === 0 || a < 1e-280 || a > 1e280) return dd(v);
  const text = String(a);
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!match) return dd(v);
  const intPart = match[1];
  const fracPart = match[2] ?? '';
  const digits = (intPart + fracPart).replace(/^0+/, '');
  const significant = digits.replace(/0+$/, '');
  if (significant.length > MAX_TYPED_DIGITS) return dd(v);
  if (significant.length === 0) return dd(v);
  // value = M · 10^E with M the digits (trailing zeros stripped) as an exact integer.
  const trailing = digits.length - significant.length;
  const exponent = Number(match[3] ?? '0') - fracPart.length + trailing;
  const mantissa = dd(Number(significant));
  const value = exponent >= 0 ? mul(mantissa, pow10(exponent)) : div(mantissa, pow10(-exponent));
  // The decimal rounds to v by construction; anything else means the text was not v's.
  if (value.hi !== a) return dd(v);
  return v < 0 ? dd(-value.hi, -value.lo) : value;
}

/** A column of values lifted by {@link fromShortestDecimal}, as hi and lo arrays. */
export interface DdColumn {
  readonly hi: Float64Array;
  readonly lo: Float64Array;
}

export function liftColumn(values: ArrayLike<number>): DdColumn {
  const n = values.length;
  const hi = new Float64Array(n);
  const lo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = fromShortestDecimal(values[i]);
    hi[i] = x.hi;
    lo[i] = x.lo;
  }
  return { hi, lo };
}
