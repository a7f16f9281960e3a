/**
 * The model-language AST. Nodes are immutable plain objects; the simplifier interns them
 * (hash-consing) so that structurally equal subtrees become the same object, which is what
 * lets the code generators evaluate shared subexpressions once.
 */
import { assertNever } from '../assert-never';

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

/** Functions a user may call, with their argument counts. */
export const USER_FUNCTIONS = {
  exp: 1,
  log: 1,
  ln: 1,
  log10: 1,
  sqrt: 1,
  abs: 1,
  sin: 1,
  cos: 1,
  tan: 1,
  asin: 1,
  acos: 1,
  atan: 1,
  atan2: 2,
  sinh: 1,
  cosh: 1,
  tanh: 1,
  pow: 2,
  min: 2,
  max: 2,
  erf: 1,
  erfc: 1,
  wofz_re: 2,
  wofz_im: 2,
} as const;

export type UserFunctionName = keyof typeof USER_FUNCTIONS;

/**
 * Functions that only derivatives produce (never parsed): `sign(u)`, and
 * `ifle(u, v, a, b)` = (u <= v ? a : b) for the derivatives of min and max.
 */
export const INTERNAL_FUNCTIONS = { sign: 1, ifle: 4 } as const;

export type InternalFunctionName = keyof typeof INTERNAL_FUNCTIONS;
export type FunctionName = UserFunctionName | InternalFunctionName;

export const CONSTANTS = { pi: Math.PI, e: Math.E } as const;
export type ConstantName = keyof typeof CONSTANTS;

export interface NumberNode {
  readonly type: 'number';
  readonly value: number;
}
export interface ConstantNode {
  readonly type: 'constant';
  readonly name: ConstantName;
}
/** A parameter or a predictor: which one is decided by classification, not by the parser. */
export interface IdentifierNode {
  readonly type: 'identifier';
  readonly name: string;
}
export interface NegateNode {
  readonly type: 'negate';
  readonly arg: Expr;
}
export interface BinaryNode {
  readonly type: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}
export interface CallNode {
  readonly type: 'call';
  readonly fn: FunctionName;
  readonly args: readonly Expr[];
}

export type Expr = NumberNode | ConstantNode | IdentifierNode | NegateNode | BinaryNode | CallNode;

export function isUserFunction(name: string): name is UserFunctionName {
  return Object.prototype.hasOwnProperty.call(USER_FUNCTIONS, name);
}

export function isConstantName(name: string): name is ConstantName {
  return Object.prototype.hasOwnProperty.call(CONSTANTS, name);
}

/** Arity of any function, user or internal. */
export function functionArity(fn: FunctionName): number {
  return isUserFunction(fn) ? USER_FUNCTIONS[fn] : INTERNAL_FUNCTIONS[fn];
}

/** Children of a node in evaluation order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.type) {
    case 'negate':
      return [e.arg];
    case 'binary':
      return [e.left, e.right];
    case 'call':
      return e.args;
    default:
      return [];
  }
}

/** Structural equality (for tests and callers holding non-interned trees). */
export function exprEquals(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'number':
      return Object.is(a.value, (b as NumberNode).value);
    case 'constant':
    case 'identifier':
      return a.name === (b as ConstantNode | IdentifierNode).name;
    case 'negate':
      return exprEquals(a.arg, (b as NegateNode).arg);
    case 'binary': {
      const o = b as BinaryNode;
      return a.op === o.op && exprEquals(a.left, o.left) && exprEquals(a.right, o.right);
    }
    case 'call': {
      const o = b as CallNode;
      return a.fn === o.fn && a.args.length === o.args.length && a.args.every((x, i) => exprEquals(x, o.args[i]));
    }
    default:
      return assertNever(a, 'expression node');
  }
}

/** Identifier names in order of first appearance (left to right). */
export function identifiersInOrder(root: Expr): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (e: Expr): void => {
    if (e.type === 'identifier') {
      if (!seen.has(e.name)) {
        seen.add(e.name);
        out.push(e.name);
      }
      return;
    }
    for (const c of children(e)) visit(c);
  };
  visit(root);
  return out;
}
