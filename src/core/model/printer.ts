import type { Expr } from './ast';
import { assertNever } from '../assert-never';

// Binding strength of what a node prints as; a child printed below the strength its slot
// needs gets parentheses. Mirrors the grammar in parser.ts.
const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const PRIMARY = 5;

/** Shortest decimal text of a number that the lexer reads back to the same value. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return '(0/0)';
  if (v === Infinity) return '(1/0)';
  if (v === -Infinity) return '(-1/0)';
  return String(v);
}

function strength(e: Expr): number {
  switch (e.type) {
    case 'number':
      return e.value < 0 || Object.is(e.value, -0) ? UNARY : PRIMARY;
    case 'negate':
      return UNARY;
    case 'binary':
      return e.op === '+' || e.op === '-' ? SUM : e.op === '^' ? 4 : PRODUCT;
    default:
      return PRIMARY;
  }
}

function wrap(e: Expr, needed: number): string {
  const text = print(e);
  return strength(e) >= needed ? text : `(${text})`;
}

/**
 * Canonical text of an AST with the fewest parentheses that parse back to the same tree:
 * `+`/`-` spaced, `*`, `/`, `^` tight, e.g. `a*exp(-(x - mu)^2/(2*s^2)) + c`.
 */
export function print(e: Expr): string {
  switch (e.type) {
    case 'number':
      return Object.is(e.value, -0) ? '-0' : formatNumber(e.value);
    case 'constant':
    case 'identifier':
      return e.name;
    case 'negate':
      return `-${wrap(e.arg, UNARY)}`;
    case 'binary':
      switch (e.op) {
        case '+':
        case '-':
          return `${wrap(e.left, SUM)} ${e.op} ${wrap(e.right, PRODUCT)}`;
        case '*':
        case '/':
          return `${wrap(e.left, PRODUCT)}${e.op}${wrap(e.right, UNARY)}`;
        case '^':
          return `${wrap(e.left, PRIMARY)}^${wrap(e.right, UNARY)}`;
        default:
          return assertNever(e.op, 'operator');
      }
      break;
    case 'call':
      return `${e.fn}(${e.args.map(print).join(', ')})`;
    default:
      return assertNever(e, 'expression node');
  }
  throw new Error('unreachable');
}
