import { quoteName } from '../input/describe-value';

/** "3, 7, 12" or "3, 7, …, 40 …and 5 more": at most `limit` numbers, then a count. */
export function formatRowList(rows: readonly number[], limit = 10): string {
  const shown = rows.slice(0, limit).join(', ');
  return rows.length > limit ? `${shown} …and ${rows.length - limit} more` : shown;
}

/**
 * 'a' / 'a' and 'b' / 'a', 'b' and 'c'; a long list stops after `limit` names with a count
 * ("…and 2988 more") and each name is clipped, so a message stays readable whatever the file.
 */
export function quoteNames(names: readonly string[], limit = 12): string {
  const q = names.slice(0, limit).map((n) => quoteName(n, 40));
  if (names.length > limit) return `${q.join(', ')} …and ${names.length - limit} more`;
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
