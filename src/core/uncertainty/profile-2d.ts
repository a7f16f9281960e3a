/**
 * The χ² surface over two parameters with the others refitted (lmfit's `conf_interval2d`),
 * for a contour plot of the joint confidence region. The whole grid is one batch; the
 * probability at each point is the F test with two parameters held,
 * p = F.cdf((χ²/χ²_best − 1)·dof/2, 2, dof).
 */
import type { FitProblem, FitResult } from '../api-types';
import { FitbenchError } from '../errors';
import { freeParameters, probabilityOf, profileContext, refitHolding } from './profile-intervals';
import type { RefitOptions, RefitOutcome } from './refit-many';

export interface Profile2dOptions extends RefitOptions {
  /** Grid points along a (default 10, as lmfit). */
  nx?: number;
  /** Grid points along b (default 10). */
  ny?: number;
  /** [[aLower, aUpper], [bLower, bUpper]] (default: value ± 5 standard errors, within the bounds). */
  limits?: [[number, number], [number, number]];
}

export interface Profile2d {
  a: string;
  b: string;
  /** Grid values of a (nx, ascending). */
  x: number[];
  /** Grid values of b (ny, ascending). */
  y: number[];
  /** χ² at (x[i], y[j]) in row j, column i (lmfit's layout: ny rows of nx). */
  chiSquare: number[][];
  /** F-test probability at each grid point, same layout; NaN where the refit failed. */
  probability: number[][];
  /** The best fit's position and χ². */
  best: { a: number; b: number; chiSquare: number };
  refits: number;
  backend: RefitOutcome['backend'];
}

/** χ² and F-test probability over a grid of two parameters, the others refitted at every point. */
export async function profile2d(
  problem: FitProblem,
  result: FitResult,
  a: string,
  b: string,
  options: Profile2dOptions = {},
): Promise<Profile2d> {
  const free = freeParameters(problem, result);
  for (const name of [a, b]) {
    if (!free.includes(name))
      throw new FitbenchError(
        'PARAM_UNKNOWN',
        `cannot profile "${name}": the free parameters of this fit are ${free.join(', ')}`,
        { parameter: name },
      );
  }
  if (a === b) throw new FitbenchError('OPTIONS_INVALID', `profile2d needs two different parameters, got "${a}" twice`);
  const nx = options.nx ?? 10;
  const ny = options.ny ?? 10;
  for (const [label, n] of [
    ['nx', nx],
    ['ny', ny],
  ] as const) {
    if (!Number.isInteger(n) || n < 2 || n > 1000)
      throw new FitbenchError('OPTIONS_INVALID', `${label} must be an integer from 2 to 1000, got ${n}`, {
        option: label,
      });
  }
  const context = profileContext(problem, result, options);
  const range = (name: string, given: [number, number] | undefined): [number, number] => {
    const [lo, hi] = context.bounds[name] ?? [-Infinity, Infinity];
    const v = result.params[name];
    const se = result.stdErrors[name];
    const [from, to] = given ?? [v - 5 * se, v + 5 * se];
    if (!Number.isFinite(from) || !Number.isFinite(to) || !(from < to))
      throw new FitbenchError(
        'OPTIONS_INVALID',
        given
          ? `the limits of "${name}" must be finite with lower < upper, got [${from}, ${to}]`
          : `"${name}" has no finite standard error: give limits for the grid`,
        { parameter: name },
      );
    return [Math.max(lo, from), Math.min(hi, to)];
  };
  const [ax0, ax1] = range(a, options.limits?.[0]);
  const [by0, by1] = range(b, options.limits?.[1]);
  const x = linspace(ax0, ax1, nx);
  const y = linspace(by0, by1, ny);
  const held: Record<string, number>[] = [];
  for (const vb of y) for (const va of x) held.push({ [a]: va, [b]: vb });
  const points = await refitHolding(context, held, [a, b]);
  options.onProgress?.({ done: held.length, total: held.length });
  const chiSquare = y.map((_, j) => x.map((_, i) => points[j * nx + i].chiSquare));
  return {
    a,
    b,
    x,
    y,
    chiSquare,
    probability: chiSquare.map((row) => row.map((c) => probabilityOf(c, context.best, context.dof, 2))),
    best: { a: result.params[a], b: result.params[b], chiSquare: context.best },
    refits: context.refits,
    backend: context.backend,
  };
}

/** n evenly spaced values from `from` to `to` inclusive (numpy's linspace). */
function linspace(from: number, to: number, n: number): number[] {
  const step = (to - from) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? to : from + i * step));
}
