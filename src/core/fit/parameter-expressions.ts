/**
 * Parameter expressions (lmfit's `expr`): tied parameters defined by other parameters and
 * constants, and derived quantities computed from the fitted ones. Expressions are parsed
 * into the model language's AST, never evaluated as code; ties are resolved in dependency
 * order (chains allowed, cycles refused) and substituted into the model, so the Jacobian of
 * the fitted model is the exact symbolic chain rule through the expressions.
 */
import type { Expr } from '../model/ast';
import { children, identifiersInOrder } from '../model/ast';
import { FitbenchError } from '../errors';
import { parseExpression } from '../model/parser';

/** Tied parameters with their definitions resolved down to untied parameter names. */
export interface ResolvedTies {
  /** Tied names in dependency order (a name comes after every tied name it reads). */
  readonly order: readonly string[];
  /** Each tied name's expression as written (may read other tied names). */
  readonly written: ReadonlyMap<string, Expr>;
  /** Each tied name's expression with every tied name substituted: reads untied names only. */
  readonly resolved: ReadonlyMap<string, Expr>;
  /** The source text of each expression, for messages and reports. */
  readonly text: Readonly<Record<string, string>>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a name → expression record (`expressions` or `derived`). Each key must be a valid
 * identifier and each value a string in the model language; errors name the entry.
 */
export function parseExpressionRecord(raw: unknown, what: 'expressions' | 'derived'): Map<string, Expr> {
  const out = new Map<string, Expr>();
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new FitbenchError('EXPRESSION_INVALID', `${what} must be an object of name → expression strings`);
  for (const [name, text] of Object.entries(raw as Record<string, unknown>)) {
    if (!NAME.test(name))
      throw new FitbenchError('EXPRESSION_INVALID', `${what} names "${name}", which is not a valid parameter name`, {
        parameter: name,
      });
    if (typeof text !== 'string' || text.trim() === '')
      throw new FitbenchError('EXPRESSION_INVALID', `the ${what} entry for "${name}" must be a non-empty expression`, {
        parameter: name,
      });
    try {
      out.set(name, parseExpression(text));
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new FitbenchError('EXPRESSION_INVALID', `the ${what} entry for "${name}" does not parse: ${detail}`, {
        parameter: name,
        expression: text,
      });
    }
  }
  return out;
}

/**
 * Orders tied parameters by dependency and substitutes each definition into the ones that
 * read it. A cycle (`a: "b"`, `b: "2*a"`, or `a: "a+1"`) is EXPRESSION_CYCLE naming the loop.
 */
export function resolveTies(written: ReadonlyMap<string, Expr>, text: Readonly<Record<string, string>>): ResolvedTies {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const loop = [...path.slice(path.indexOf(name)), name];
      throw new FitbenchError(
        'EXPRESSION_CYCLE',
        `the expressions form a cycle: ${loop.join(' → ')}; a tied parameter cannot depend on itself`,
        { parameter: name, cycle: loop },
      );
    }
    state.set(name, 'visiting');
    for (const dep of identifiersInOrder(written.get(name) as Expr)) if (written.has(dep)) visit(dep, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of written.keys()) visit(name, []);
  const resolved = new Map<string, Expr>();
  for (const name of order) resolved.set(name, substituteIdentifiers(written.get(name) as Expr, resolved));
  return { order, written, resolved, text };
}

/** `e` with every identifier in `map` replaced by its expression (a new tree; `e` is untouched). */
export function substituteIdentifiers(e: Expr, map: ReadonlyMap<string, Expr>): Expr {
  if (map.size === 0) return e;
  const walk = (node: Expr): Expr => {
    switch (node.type) {
      case 'identifier':
        return map.get(node.name) ?? node;
      case 'negate':
        return { type: 'negate', arg: walk(node.arg) };
      case 'binary':
        return { type: 'binary', op: node.op, left: walk(node.left), right: walk(node.right) };
      case 'call':
        return { type: 'call', fn: node.fn, args: node.args.map(walk) };
      default:
        return node;
    }
  };
  return walk(e);
}

/** `e` with identifiers renamed by `rename` (names it returns unchanged stay). */
export function renameIdentifiers(e: Expr, rename: (name: string) => string): Expr {
  const map = new Map<string, Expr>();
  const visit = (node: Expr): void => {
    if (node.type === 'identifier') {
      const to = rename(node.name);
      if (to !== node.name) map.set(node.name, { type: 'identifier', name: to });
    }
    for (const c of children(node)) visit(c);
  };
  visit(e);
  return substituteIdentifiers(e, map);
}

/** Refuses identifiers in expressions that are data columns: expressions tie parameters only. */
export function checkNoPredictors(
  written: ReadonlyMap<string, Expr>,
  predictors: readonly string[],
  what: 'expressions' | 'derived',
): void {
  for (const [name, e] of written) {
    const column = identifiersInOrder(e).find((id) => predictors.includes(id));
    if (column !== undefined)
      throw new FitbenchError(
        'EXPRESSION_INVALID',
        `the ${what} entry for "${name}" reads the data column "${column}": expressions combine parameters and constants only`,
        { parameter: name, column },
      );
  }
}

/** The source texts of a name → expression record (for ResolvedTies.text). */
export function expressionTexts(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object')
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}
