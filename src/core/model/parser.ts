import type { BinaryOp, Expr } from './ast';
import { USER_FUNCTIONS, isConstantName, isUserFunction } from './ast';
import { tokenize } from './lexer';
import type { Token } from './lexer';
import { modelError } from './model-error';

/** Deepest accepted tree (nesting and operator chains alike): bounds every recursive pass. */
export const MAX_EXPRESSION_DEPTH = 200;

/**
 * Names that already mean something on every JS object. A parameter called `__proto__` or
 * `constructor` would poison the Record<string, number> maps (p0, bounds) used downstream.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Parses model text into an AST. Grammar (loosest first):
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary ('^' unary)?          — right-associative; `-x^2` = -(x^2), `2^-1` ok
 *   primary := number | identifier | identifier '(' args ')' | '(' sum ')'
 * Errors are FitbenchErrors (MODEL_PARSE, MODEL_UNKNOWN_FUNCTION, MODEL_ARITY) with the
 * 0-based position in `context.position` and a caret excerpt in the message.
 */
export function parseExpression(expression: string): Expr {
  return new Parser(expression).parseAll();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private nesting = 0;
  private readonly depth = new WeakMap<Expr, number>();

  constructor(private readonly source: string) {
    this.tokens = tokenize(source);
  }

  parseAll(): Expr {
    if (this.peek().kind === 'end') {
      throw modelError('MODEL_PARSE', 'Model expression is empty', this.source, 0);
    }
    const e = this.parseSum();
    const t = this.peek();
    if (t.kind !== 'end') {
      const what = t.kind === ')' ? "Unmatched ')'" : `Unexpected ${describe(t)} (missing operator?)`;
      throw this.error(what, t);
    }
    return e;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private error(problem: string, at: Token): Error {
    return modelError('MODEL_PARSE', problem, this.source, at.position);
  }

  private isOperator(t: Token, ...ops: string[]): boolean {
    return t.kind === 'operator' && ops.includes(t.text);
  }

  /** Records the depth of a new node and rejects trees deep enough to threaten the stack. */
  private node(e: Expr, kids: readonly Expr[], at: Token): Expr {
    let d = 0;
    for (const k of kids) d = Math.max(d, this.depth.get(k) ?? 1);
    if (d + 1 > MAX_EXPRESSION_DEPTH) {
      throw this.error(`Expression is nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`, at);
    }
    this.depth.set(e, d + 1);
    return e;
  }

  private binary(op: BinaryOp, left: Expr, right: Expr, at: Token): Expr {
    return this.node({ type: 'binary', op, left, right }, [left, right], at);
  }

  private parseSum(): Expr {
    let left = this.parseProduct();
    while (this.isOperator(this.peek(), '+', '-')) {
      const op = this.next();
      left = this.binary(op.text as BinaryOp, left, this.parseProduct(), op);
    }
    return left;
  }

  private parseProduct(): Expr {
    let left = this.parseUnary();
    while (this.isOperator(this.peek(), '*', '/')) {
      const op = this.next();
      left = this.binary(op.text as BinaryOp, left, this.parseUnary(), op);
    }
    return left;
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (++this.nesting > MAX_EXPRESSION_DEPTH) {
      throw this.error(`Expression is nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`, t);
    }
    let result: Expr;
    if (this.isOperator(t, '-')) {
      this.next();
      const arg = this.parseUnary();
      result = this.node({ type: 'negate', arg }, [arg], t);
    } else if (this.isOperator(t, '+')) {
      this.next();
      result = this.parseUnary();
    } else {
      result = this.parsePower();
    }
    this.nesting--;
    return result;
  }

  private parsePower(): Expr {
    const base = this.parsePrimary();
    const t = this.peek();
    if (this.isOperator(t, '^')) {
      this.next();
      return this.binary('^', base, this.parseUnary(), t);
    }
    return base;
  }

  private parsePrimary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        if (!Number.isFinite(t.value)) throw this.error(`Number ${t.text} is out of range`, t);
        return { type: 'number', value: t.value as number };
      case 'identifier':
        return this.parseIdentifier(t);
      case '(': {
        const inner = this.parseSum();
        const close = this.peek();
        if (close.kind !== ')') {
          throw this.error(`Expected ')' to close the '(' at position ${t.position}, found ${describe(close)}`, close);
        }
        this.next();
        return inner;
      }
      default:
        throw this.error(t.kind === 'end' ? 'Unexpected end of expression' : `Unexpected ${describe(t)}`, t);
    }
  }

  private parseIdentifier(t: Token): Expr {
    const name = t.text;
    if (this.peek().kind === '(') {
      if (!isUserFunction(name)) {
        const known = Object.keys(USER_FUNCTIONS).join(', ');
        throw modelError(
          'MODEL_UNKNOWN_FUNCTION',
          `Unknown function '${name}' (known: ${known})`,
          this.source,
          t.position,
          {
            function: name,
          },
        );
      }
      this.next();
      const args: Expr[] = [];
      if (this.peek().kind !== ')') {
        args.push(this.parseSum());
        while (this.peek().kind === ',') {
          this.next();
          args.push(this.parseSum());
        }
      }
      const close = this.peek();
      if (close.kind !== ')') {
        throw this.error(`Expected ',' or ')' in the arguments of ${name}, found ${describe(close)}`, close);
      }
      this.next();
      const arity = USER_FUNCTIONS[name];
      if (args.length !== arity) {
        const want = `${arity} argument${arity === 1 ? '' : 's'}`;
        throw modelError('MODEL_ARITY', `${name} takes ${want}, got ${args.length}`, this.source, t.position, {
          function: name,
          expected: arity,
          actual: args.length,
        });
      }
      return this.node({ type: 'call', fn: name, args }, args, t);
    }
    if (isUserFunction(name)) {
      throw this.error(`Function '${name}' needs its arguments in parentheses, e.g. ${name}(x)`, t);
    }
    if (isConstantName(name)) return { type: 'constant', name };
    if (RESERVED_NAMES.has(name)) {
      throw this.error(`'${name}' is a reserved name and cannot be a parameter or column`, t);
    }
    return { type: 'identifier', name };
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'end of expression';
    case 'number':
      return `number '${t.text}'`;
    case 'identifier':
      return `name '${t.text}'`;
    default:
      return `'${t.text}'`;
  }
}
