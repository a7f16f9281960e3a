/**
 * A fitted value and its standard error as a scientist writes them: the error to two
 * significant digits and the value to the same decimal place ("3.207 ± 0.015"), with a
 * shared power of ten when the numbers are very large or small ("(1.52 ± 0.11)e-7").
 * Display only: copies and exports keep the full-precision numbers.
 */

/** Significant digits of the error. */
const ERROR_DIGITS = 2;

export interface ValueWithError {
  value: string;
  error: string | null;
  /** Shared exponent ("e-7"), or '' when written plainly. */
  exponent: string;
}

/** `value` rounded by `error`; without a usable error, 6 significant digits. */
export function formatValueWithError(value: number, error: number | null | undefined): ValueWithError {
  if (!Number.isFinite(value)) return { value: String(value), error: null, exponent: '' };
  const hasError = error !== null && error !== undefined && Number.isFinite(error) && error > 0;
  if (!hasError) return { value: plainNumber(value, 6), error: null, exponent: '' };
  // Decimal place of the error's last kept digit.
  const place = Math.floor(Math.log10(error)) - (ERROR_DIGITS - 1);
  const magnitude = Math.max(Math.abs(value), error);
  const power = Math.floor(Math.log10(magnitude));
  if (power >= 6 || power <= -4) {
    const scale = 10 ** power;
    const decimals = Math.max(0, power - place);
    return {
      value: (value / scale).toFixed(decimals),
      error: (error / scale).toFixed(decimals),
      exponent: `e${power}`,
    };
  }
  const decimals = Math.max(0, -place);
  const rounding = 10 ** Math.max(0, place);
  if (place > 0) {
    return {
      value: String(Math.round(value / rounding) * rounding),
      error: String(Math.round(error / rounding) * rounding),
      exponent: '',
    };
  }
  return { value: value.toFixed(decimals), error: error.toFixed(decimals), exponent: '' };
}

/** "3.207 ± 0.015", "(1.52 ± 0.11)e-7", or the value alone. */
export function valueWithErrorText(value: number, error: number | null | undefined): string {
  const f = formatValueWithError(value, error);
  if (f.error === null) return f.value;
  return f.exponent ? `(${f.value} ± ${f.error})${f.exponent}` : `${f.value} ± ${f.error}`;
}

/** A number to `digits` significant digits without trailing zeros, exponent form when far from 1. */
export function plainNumber(value: number, digits = 6): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(digits)));
}
