/** "3, 7, 12" or "3, 7, …, 40 …and 5 more": at most `limit` numbers, then a count. */
export function formatRowList(rows: readonly number[], limit = 10): string {
  const shown = rows.slice(0, limit).join(', ');
  return rows.length > limit ? `${shown} …and ${rows.length - limit} more` : shown;
}

/** 'a' / 'a' and 'b' / 'a', 'b' and 'c' */
export function quoteNames(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
