/**
 * Strict number parsing for data cells: decimal numbers with an optional sign and exponent,
 * `inf`/`infinity`/`nan` (any case, signed) as non-finite values, an empty cell as missing
 * (NaN). Anything else is text: no hex, no thousands separators, no trailing junk
 * (JavaScript's Number('0x10') and parseFloat('1abc') are both too lenient).
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^([+-]?)inf(?:inity)?$/i;
const NOT_A_NUMBER = /^[+-]?nan$/i;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** The cell's value, NaN for an empty cell or `nan`, or undefined when the cell is text. */
export function parseNumberCell(raw: string): number | undefined {
  const s = raw.trim();
  if (s === '') return NaN;
  if (DECIMAL.test(s)) return Number(s);
  const inf = INFINITY.exec(s);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  if (NOT_A_NUMBER.test(s)) return NaN;
  return undefined;
}

/** A hint for text that is almost a number ("1,5" written with a decimal comma). */
export function numberHint(raw: string): string {
  const s = raw.trim();
  if (DECIMAL_COMMA.test(s)) return ` (decimal commas are not supported: write ${s.replace(',', '.')})`;
  return '';
}
