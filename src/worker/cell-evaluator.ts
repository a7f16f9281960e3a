/**
 * Evaluates notebook cells against a shared scope (the kernel's only use of eval: it runs in
 * the kernel worker, never on the page). See cell-scope.ts for how declarations persist.
 */
import { compileCell, SCOPE_PARAM } from './cell-scope';

type AsyncFn = (scope: object) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => AsyncFn;

/** A notebook's variables over a fixed set of builtins (the library, `show`, helpers). */
export class CellScope {
  private variables: Record<string, unknown>;

  constructor(private readonly builtins: Record<string, unknown>) {
    this.variables = Object.create(this.frozenBuiltins());
  }

  private frozenBuiltins(): Record<string, unknown> {
    // A null prototype: Object.prototype's names (toString, constructor) are not variables.
    return Object.assign(Object.create(null), this.builtins);
  }

  /** Forgets every variable. */
  reset(): void {
    this.variables = Object.create(this.frozenBuiltins());
  }

  /** A variable's value (tests, inspection). */
  get(name: string): unknown {
    return this.variables[name];
  }

  /** The scope as a `with` object: it claims its own names and those the cell declares. */
  private view(declared: ReadonlySet<string>): object {
    return new Proxy(this.variables, {
      has: (target, key) => typeof key === 'string' && !key.startsWith('__fb') && (key in target || declared.has(key)),
      get: (target, key) => (key === Symbol.unscopables ? undefined : Reflect.get(target, key)),
    });
  }

  /** Runs a cell's JavaScript; resolves with what it returns (a cell may `return` a value to show). */
  async run(code: string): Promise<unknown> {
    const compiled = compileCell(code);
    const fn = new AsyncFunction(SCOPE_PARAM, `with (${SCOPE_PARAM}) {\n${compiled.body}\n}`);
    return fn(this.view(new Set(compiled.declared)));
  }

  /** Evaluates an expression over the variables; a failure is null. */
  evaluate(expression: string): unknown {
    try {
      const read = new Function(SCOPE_PARAM, `with (${SCOPE_PARAM}) { return (${expression}); }`) as (
        s: object,
      ) => unknown;
      return read(this.view(new Set()));
    } catch {
      return null;
    }
  }
}
