import { FitbenchError } from '../errors';
import type { FitbenchErrorCode } from '../errors';

const EXCERPT_WIDTH = 72;

/**
 * The expression on one line and a caret under `position` on the next. Long expressions are
 * windowed around the position so the excerpt stays readable in a terminal or a tooltip.
 */
export function caretExcerpt(expression: string, position: number): string {
  const flat = expression.replace(/[\t\r\n]/g, ' ');
  const pos = Math.max(0, Math.min(position, flat.length));
  let start = 0;
  let end = flat.length;
  if (flat.length > EXCERPT_WIDTH) {
    start = Math.max(0, Math.min(pos - EXCERPT_WIDTH / 2, flat.length - EXCERPT_WIDTH));
    end = Math.min(flat.length, start + EXCERPT_WIDTH);
  }
  const prefix = start > 0 ? '…' : '';
  const suffix = end < flat.length ? '…' : '';
  const line = prefix + flat.slice(start, end) + suffix;
  const caret = ' '.repeat(prefix.length + pos - start) + '^';
  return `  ${line}\n  ${caret}`;
}

/** A FitbenchError about the model text, pointing at `position` (0-based). */
export function modelError(
  code: FitbenchErrorCode,
  problem: string,
  expression: string,
  position: number,
  extra: Record<string, unknown> = {},
): FitbenchError {
  const message = `${problem} at position ${position}:\n${caretExcerpt(expression, position)}`;
  return new FitbenchError(code, message, { position, expression, ...extra });
}
