import { FitbenchError } from './errors';

/**
 * The default branch of a switch that handles every member of a union: a member added to
 * the union and not to the switch is a compile error at the call (`value` is then not
 * `never`), and a value outside the type at run time (data from an older version, a cast)
 * is an INTERNAL error naming it instead of a silent fall-through.
 */
export function assertNever(value: never, what: string): never {
  throw new FitbenchError('INTERNAL', `Unhandled ${what}: ${describe(value)}.`);
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
