/**
 * Values as error messages show them: readable for every JavaScript value (symbols, BigInts,
 * null-prototype objects, proxies, huge arrays) and bounded in length. `String(v)` is neither:
 * it prints "[object Object]", throws on symbols and null-prototype objects, and copies a
 * million-element array into the message.
 */

/** Longest description of one value (characters). */
export const MAX_VALUE_CHARS = 80;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/** A number as a reader expects it: -0 as 0, NaN/Infinity spelled out. */
function numberText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}

function safeTag(v: object): string {
  try {
    const tag = Object.prototype.toString.call(v).slice(8, -1);
    return tag === 'Object' ? 'object' : tag;
  } catch {
    return 'object';
  }
}

/** A short, human description of any value, such as `the number 5`, `a string ('abc')` or `an object {a, b}`. */
export function describeValue(v: unknown, max = MAX_VALUE_CHARS): string {
  switch (typeof v) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return `the number ${numberText(v)}`;
    case 'bigint':
      return clip(`the BigInt ${v.toString()}n`, max);
    case 'boolean':
      return `the boolean ${v}`;
    case 'string':
      return `a string ('${clip(v, max)}')`;
    case 'symbol':
      return clip(`a symbol (${v.description ?? ''})`, max);
    case 'function':
      return 'a function';
  }
  if (v === null) return 'null';
  try {
    if (Array.isArray(v)) return `an array of ${v.length} value${v.length === 1 ? '' : 's'}`;
    if (ArrayBuffer.isView(v)) {
      const length = (v as unknown as { length?: number }).length;
      return length === undefined ? `a ${safeTag(v)}` : `a ${safeTag(v)} of ${length} values`;
    }
    const keys = Object.keys(v as object);
    const tag = safeTag(v as object);
    const proto = Object.getPrototypeOf(v);
    const kind = proto === null ? 'a null-prototype object' : tag === 'object' ? 'an object' : `a ${tag}`;
    if (keys.length === 0) return kind;
    const shown = clip(
      keys
        .slice(0, 6)
        .map((k) => JSON.stringify(k))
        .join(', '),
      max,
    );
    return `${kind} {${shown}${keys.length > 6 ? `, …${keys.length - 6} more` : ''}}`;
  } catch {
    return 'an unreadable object';
  }
}

/** A name (column, parameter, key) quoted for a message and bounded in length. */
export function quoteName(name: unknown, max = MAX_VALUE_CHARS): string {
  if (typeof name !== 'string') return describeValue(name, max);
  return `'${clip(name, max)}'`;
}
