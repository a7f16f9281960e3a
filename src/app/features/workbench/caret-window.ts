/**
 * The part of a model text shown under the field when it does not parse: the text around the
 * error position, with the offending character singled out (long texts are windowed so the
 * culprit stays in view on a phone).
 */
export interface CaretWindow {
  before: string;
  /** The character at the position; a space when the error is at the end (something is missing). */
  at: string;
  after: string;
  /** Text was cut before / after the window. */
  cutStart: boolean;
  cutEnd: boolean;
}

/** Characters shown around the position in a long text. */
export const CARET_WINDOW_CHARS = 48;

export function caretWindow(text: string, position: number, width = CARET_WINDOW_CHARS): CaretWindow {
  const flat = text.replace(/[\t\r\n]/g, ' ');
  const pos = Math.max(0, Math.min(Math.trunc(position), flat.length));
  let start = 0;
  let end = flat.length;
  if (flat.length > width) {
    start = Math.max(0, Math.min(pos - Math.floor(width / 2), flat.length - width));
    end = Math.min(flat.length, start + width);
  }
  return {
    before: flat.slice(start, pos),
    at: pos < flat.length ? flat[pos] : ' ',
    after: pos < flat.length ? flat.slice(pos + 1, Math.max(end, pos + 1)) : '',
    cutStart: start > 0,
    cutEnd: end < flat.length,
  };
}

/** The first line of a compiler message (the excerpt lines below it are redrawn by the page). */
export function problemLine(message: string): string {
  return message.split('\n')[0].replace(/:\s*$/, '');
}
