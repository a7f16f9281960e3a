import { modelError } from './model-error';

export type TokenKind = 'number' | 'identifier' | 'operator' | '(' | ')' | ',' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token (the operator character, the identifier, the number). */
  readonly text: string;
  /** 0-based offset of the first character. */
  readonly position: number;
  /** Parsed value for number tokens. */
  readonly value?: number;
}

/** Longest accepted model text: far beyond any real model, small enough to bound work. */
export const MAX_EXPRESSION_LENGTH = 10_000;

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentPart = (c: string): boolean => isIdentStart(c) || isDigit(c);

/** Splits model text into tokens; raises MODEL_PARSE with the position of a bad character. */
export function tokenize(expression: string): Token[] {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw modelError(
      'MODEL_PARSE',
      `Model expression is too long (${expression.length} characters, at most ${MAX_EXPRESSION_LENGTH})`,
      expression,
      MAX_EXPRESSION_LENGTH,
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  const n = expression.length;
  while (i < n) {
    const c = expression[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && i + 1 < n && isDigit(expression[i + 1]))) {
      while (i < n && isDigit(expression[i])) i++;
      if (i < n && expression[i] === '.') {
        i++;
        while (i < n && isDigit(expression[i])) i++;
      }
      // An exponent only when digits follow, so `2e` leaves `e` to be reported by the parser.
      if (i < n && (expression[i] === 'e' || expression[i] === 'E')) {
        let j = i + 1;
        if (j < n && (expression[j] === '+' || expression[j] === '-')) j++;
        if (j < n && isDigit(expression[j])) {
          while (j < n && isDigit(expression[j])) j++;
          i = j;
        }
      }
      const text = expression.slice(start, i);
      tokens.push({ kind: 'number', text, position: start, value: Number(text) });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(expression[i])) i++;
      tokens.push({ kind: 'identifier', text: expression.slice(start, i), position: start });
      continue;
    }
    if (c === '+' || c === '-' || c === '*' || c === '/' || c === '^') {
      if (c === '*' && expression[i + 1] === '*') {
        throw modelError('MODEL_PARSE', "Unexpected '**' (use '^' for powers)", expression, start);
      }
      tokens.push({ kind: 'operator', text: c, position: start });
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, position: start });
      i++;
      continue;
    }
    const shown = JSON.stringify(String.fromCodePoint(expression.codePointAt(i) ?? 0));
    throw modelError('MODEL_PARSE', `Unexpected character ${shown}`, expression, start);
  }
  tokens.push({ kind: 'end', text: '', position: n });
  return tokens;
}
