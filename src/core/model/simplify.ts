import type { BinaryOp, ConstantName, Expr, FunctionName } from './ast';
import { CONSTANTS, children } from './ast';
import { applyFunction } from './evaluate-ast';
import { assertNever } from '../assert-never';

/**
 * Hash-consing pool with simplifying constructors. Every node it returns is interned:
 * structurally equal subexpressions are the same object, so `a === b` is equality and the
 * code generators see a DAG in which shared work is visible. Rules applied on construction:
 * constant folding (only when the result is finite), 0/1 identities (x+0, x*1, x*0, x/1,
 * x^1, x^0, 1^x, 0/x), double negation, x−x = 0, x/x = 1, x*x = x^2, and negation pulled
 * out of products so that ±u share u.
 *
 * x*0 → 0 and x/x → 1 follow the usual symbolic convention (they ignore x = ∞ or 0): the
 * derivatives they simplify are exact wherever the model itself is finite.
 */
export class ExprPool {
  private readonly table = new Map<string, Expr>();
  private readonly ids = new Map<Expr, number>();
  readonly zero: Expr;
  readonly one: Expr;

  constructor() {
    this.zero = this.num(0);
    this.one = this.num(1);
  }

  /** Stable small integer of an interned node (creation order). */
  id(e: Expr): number {
    const id = this.ids.get(e);
    if (id === undefined) throw new Error('node is not interned in this pool');
    return id;
  }

  private intern(key: string, make: () => Expr): Expr {
    const found = this.table.get(key);
    if (found) return found;
    const e = make();
    this.table.set(key, e);
    this.ids.set(e, this.ids.size);
    return e;
  }

  num(v: number): Expr {
    const value = v === 0 ? 0 : v; // −0 and 0 behave the same in every model expression
    return this.intern(`n${value}`, () => ({ type: 'number', value }));
  }

  constant(name: ConstantName): Expr {
    return this.intern(`c${name}`, () => ({ type: 'constant', name }));
  }

  identifier(name: string): Expr {
    return this.intern(`i${name}`, () => ({ type: 'identifier', name }));
  }

  private rawBinary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return this.intern(`${op}${this.id(left)},${this.id(right)}`, () => ({ type: 'binary', op, left, right }));
  }

  /** Folds when the result is finite; otherwise keeps the operation so ±∞/NaN stay visible. */
  private fold(v: number): Expr | undefined {
    return Number.isFinite(v) ? this.num(v) : undefined;
  }

  neg(a: Expr): Expr {
    if (a.type === 'number') return this.num(-a.value);
    if (a.type === 'negate') return a.arg;
    if (a.type === 'binary' && a.op === '-') return this.sub(a.right, a.left);
    return this.intern(`~${this.id(a)}`, () => ({ type: 'negate', arg: a }));
  }

  add(a: Expr, b: Expr): Expr {
    const x = numberValue(a);
    const y = numberValue(b);
    if (x !== undefined && y !== undefined) {
      const f = this.fold(x + y);
      if (f) return f;
    }
    if (x === 0) return b;
    if (y === 0) return a;
    if (b.type === 'negate') return this.sub(a, b.arg);
    if (a.type === 'negate') return this.sub(b, a.arg);
    if (b.type === 'number' && b.value < 0) return this.sub(a, this.num(-b.value));
    return this.rawBinary('+', a, b);
  }

  sub(a: Expr, b: Expr): Expr {
    const x = numberValue(a);
    const y = numberValue(b);
    if (x !== undefined && y !== undefined) {
      const f = this.fold(x - y);
      if (f) return f;
    }
    if (y === 0) return a;
    if (x === 0) return this.neg(b);
    if (a === b) return this.zero;
    if (b.type === 'negate') return this.add(a, b.arg);
    if (b.type === 'number' && b.value < 0) return this.add(a, this.num(-b.value));
    return this.rawBinary('-', a, b);
  }

  mul(a: Expr, b: Expr): Expr {
    const x = numberValue(a);
    const y = numberValue(b);
    if (x !== undefined && y !== undefined) {
      const f = this.fold(x * y);
      if (f) return f;
    }
    if (x === 0 || y === 0) return this.zero;
    if (x === 1) return b;
    if (y === 1) return a;
    if (x === -1) return this.neg(b);
    if (y === -1) return this.neg(a);
    if (a.type === 'negate') return this.neg(this.mul(a.arg, b));
    if (b.type === 'negate') return this.neg(this.mul(a, b.arg));
    if (a.type === 'number' && a.value < 0) return this.neg(this.mul(this.num(-a.value), b));
    if (b.type === 'number' && b.value < 0) return this.neg(this.mul(a, this.num(-b.value)));
    // Numbers go first, and 2*(3*u) becomes 6*u.
    if (y !== undefined && x === undefined) return this.mul(b, a);
    if (x !== undefined && b.type === 'binary' && b.op === '*') {
      const inner = numberValue(b.left);
      if (inner !== undefined) {
        const f = this.fold(x * inner);
        if (f) return this.mul(f, b.right);
      }
    }
    if (a === b) return this.pow(a, this.num(2));
    return this.rawBinary('*', a, b);
  }

  div(a: Expr, b: Expr): Expr {
    const x = numberValue(a);
    const y = numberValue(b);
    if (x !== undefined && y !== undefined) {
      const f = this.fold(x / y);
      if (f) return f;
    }
    if (x === 0 && y !== 0) return this.zero;
    if (y === 1) return a;
    if (y === -1) return this.neg(a);
    // u/u is 1 wherever u is not zero; the literal 0/0 stays (NaN when evaluated).
    if (a === b && y !== 0) return this.one;
    if (a.type === 'number' && a.value < 0) return this.neg(this.div(this.num(-a.value), b));
    if (a.type === 'negate') return this.neg(this.div(a.arg, b));
    if (b.type === 'negate') return this.neg(this.div(a, b.arg));
    return this.rawBinary('/', a, b);
  }

  pow(a: Expr, b: Expr): Expr {
    const x = numberValue(a);
    const y = numberValue(b);
    if (x !== undefined && y !== undefined) {
      const f = this.fold(Math.pow(x, y));
      if (f) return f;
    }
    if (y === 0) return this.one;
    if (y === 1) return a;
    if (x === 1) return this.one;
    return this.rawBinary('^', a, b);
  }

  binary(op: BinaryOp, a: Expr, b: Expr): Expr {
    switch (op) {
      case '+':
        return this.add(a, b);
      case '-':
        return this.sub(a, b);
      case '*':
        return this.mul(a, b);
      case '/':
        return this.div(a, b);
      case '^':
        return this.pow(a, b);
      default:
        return assertNever(op, 'operator');
    }
  }

  call(fn: FunctionName, args: readonly Expr[]): Expr {
    // Synonyms collapse so that ln(u) and log(u), pow(u,v) and u^v share work.
    if (fn === 'ln') fn = 'log';
    if (fn === 'pow') return this.pow(args[0], args[1]);
    if (fn === 'ifle' && args[2] === args[3]) return args[2];
    const values = args.map(numberValue);
    if (values.every((v) => v !== undefined)) {
      const f = this.fold(applyFunction(fn, values as number[]));
      if (f) return f;
    }
    const key = `f${fn}(${args.map((a) => this.id(a)).join(',')})`;
    return this.intern(key, () => ({ type: 'call', fn, args: [...args] }));
  }

  /** Interned, simplified copy of any tree (or DAG); shared inputs are visited once. */
  simplify(root: Expr): Expr {
    const memo = new Map<Expr, Expr>();
    const visit = (e: Expr): Expr => {
      const hit = memo.get(e);
      if (hit) return hit;
      const k = children(e).map(visit);
      let out: Expr;
      switch (e.type) {
        case 'number':
          out = this.num(e.value);
          break;
        case 'constant':
          out = this.constant(e.name);
          break;
        case 'identifier':
          out = this.identifier(e.name);
          break;
        case 'negate':
          out = this.neg(k[0]);
          break;
        case 'binary':
          out = this.binary(e.op, k[0], k[1]);
          break;
        case 'call':
          out = this.call(e.fn, k);
          break;
        default:
          return assertNever(e, 'expression node');
      }
      memo.set(e, out);
      return out;
    };
    return visit(root);
  }
}

/** Numeric value of a number or named-constant node, else undefined. */
export function numberValue(e: Expr): number | undefined {
  if (e.type === 'number') return e.value;
  if (e.type === 'constant') return CONSTANTS[e.name];
  return undefined;
}

/** Simplifies one expression in a fresh pool. */
export function simplify(e: Expr): Expr {
  return new ExprPool().simplify(e);
}
