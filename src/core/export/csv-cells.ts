/**
 * CSV the product writes is opened in spreadsheets, which run a cell that starts with `=`,
 * `+`, `-`, `@`, a tab or a carriage return as a formula (CSV injection). Every text cell
 * goes through `csvTextCell` (OWASP's rule: prefix such a cell with a single quote, then
 * quote the field when it holds a delimiter, a quote or a line break). Numbers the program
 * formats itself go through `csvNumberCell`: a negative number is data, not a formula.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** One text cell (a label, a column name), escaped against formula injection and quoted as needed. */
export function csvTextCell(text: string): string {
  const value = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A number as a cell: round-trip digits, NaN and ±Infinity spelled as spreadsheets and parsers read them. */
export function csvNumberCell(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}

/** Lines of cells (already escaped) as CSV text with a final newline. */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return `${rows.map((r) => r.join(',')).join('\n')}\n`;
}

/**
 * A file name safe on every platform, from text a user or a data file chose: path
 * separators, control and reserved characters become `_`, leading dots and trailing dots
 * or spaces go, Windows device names get a prefix, and the name is at most 120 characters.
 */
export function sanitizeFileName(name: string, fallback = 'fitbench-export'): string {
  // eslint-disable-next-line no-control-regex
  let s = name.normalize('NFC').replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '_');
  s = s.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(s)) s = `_${s}`;
  if (s.length > 120) s = s.slice(0, 120);
  return s === '' ? fallback : s;
}
