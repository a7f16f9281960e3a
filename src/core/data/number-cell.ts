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
/** A decimal-comma number as European spreadsheets write it (1,5 / -0,25 / 1,5e-3 / ,5). */
const DECIMAL_COMMA_NUMBER = /^[+-]?(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?$/;

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
  if (DECIMAL_COMMA.test(s))
    return ` (decimal commas are read only in semicolon- or tab-separated files: write ${s.replace(',', '.')}, or save the file with semicolons)`;
  return '';
}

/**
 * The value of a decimal-comma cell ("1,5" → 1.5), or undefined. Only for files whose
 * delimiter is not the comma (semicolon- or tab-separated, as spreadsheets in decimal-comma
 * locales export them), where the comma cannot be a field separator.
 */
export function parseDecimalCommaCell(raw: string): number | undefined {
  const s = raw.trim();
  return DECIMAL_COMMA_NUMBER.test(s) ? Number(s.replace(',', '.')) : undefined;
}
