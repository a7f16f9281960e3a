import { formatValueWithError } from './value-with-error';

/** One end of an interval rounded like the value it brackets (by the standard error). */
export function intervalEnd(value: number | null, error: number | null | undefined): string {
  if (value === null) return '—';
  const f = formatValueWithError(value, error);
  return `${f.value}${f.exponent}`;
}

/** "[3.19, 3.23]" rounded by the error; an open side (null) as "—". */
export function intervalText(lower: number | null, upper: number | null, error: number | null | undefined): string {
  return `[${intervalEnd(lower, error)}, ${intervalEnd(upper, error)}]`;
}
