/** Number and list formatting for the human-readable diagnostics. */

/** Short, exact-looking form: integers as they are, others to 6 significant digits. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : v < 0 ? '-inf' : 'NaN';
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(6)));
}

/** 'a' / 'a' and 'b' / 'a', 'b' and 'c' */
export function quoteList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
