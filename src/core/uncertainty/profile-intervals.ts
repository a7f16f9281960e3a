/**
 * Profile-likelihood confidence intervals with lmfit's `conf_interval` semantics: one
 * parameter is held at a value, the others are refitted, and the χ² increase is turned into
 * a probability by the F test, p = F.cdf((χ²/χ²_best − 1)·dof, 1, dof). Each side walks away
 * from the best fit in steps of the standard error (lmfit's find_limit, the steps of a side
 * refitted as one batch) until p exceeds the highest level; each level's crossing is then
 * found by Brent's method inside the bracketing step. A side that never crosses a level
 * (a bound, a flat profile, the step limit) is reported as null with the reason.
 */
import type { FitProblem, FitResult } from '../api-types';
import { FitbenchError } from '../errors';
import { fisherFCdf } from '../stats/fisher-f';
import { formatNumber } from '../stats/format';
import { findRoot } from './find-root';
import { refitMany, rowParams, throwIfAborted, type RefitOptions, type RefitOutcome } from './refit-many';

/** 1σ, 2σ and 3σ of a normal distribution: erf(k/√2). */
export const DEFAULT_PROFILE_LEVELS: readonly number[] = [0.6826894921370859, 0.9544997361036416, 0.9973002039367398];

export interface ProfileOptions extends RefitOptions {
  /** Parameters to profile (default: every free parameter). */
  params?: string[];
  /** Confidence levels, probabilities in (0, 1) (default 1σ, 2σ, 3σ). */
  levels?: number[];
  /** Steps per side before giving up (default 200, as lmfit's conf_interval). */
  maxSteps?: number;
}

export interface ProfileLevelInterval {
  level: number;
  /** null: the profile never crosses the level on that side (see the reason). */
  lower: number | null;
  upper: number | null;
  lowerReason?: string;
  upperReason?: string;
}

export interface ProfileTrace {
  /** Values of the profiled parameter, ascending (the best fit included, p = 0). */
  values: number[];
  chiSquare: number[];
  probability: number[];
  /** Every parameter's refitted value at each point. */
  params: Record<string, number[]>;
}

export interface ParameterProfile {
  name: string;
  value: number;
  stdError: number;
  intervals: ProfileLevelInterval[];
  trace: ProfileTrace;
}

export interface ProfileIntervals {
  levels: number[];
  params: Record<string, ParameterProfile>;
  /** χ² of the best fit the probabilities are measured against. */
  chiSquare: number;
  dof: number;
  /** Refits run in all. */
  refits: number;
  backend: RefitOutcome['backend'];
}

/** Where one side of the profile crosses a level, or why it does not. */
interface SideCrossing {
  value: number | null;
  reason?: string;
}

interface ProfilePoint {
  value: number;
  chiSquare: number;
  probability: number;
  params: Record<string, number>;
}

const MIN_REL_CHANGE = 1e-5;
/** Steps of one side refitted per batch. */
const STEPS_PER_BATCH = 8;

/** Asymmetric profile-likelihood intervals per parameter and level, with the traces for plotting. */
export async function profileIntervals(
  problem: FitProblem,
  result: FitResult,
  options: ProfileOptions = {},
): Promise<ProfileIntervals> {
  const free = freeParameters(problem, result);
  const names = options.params ?? free;
  for (const name of names) {
    if (!free.includes(name))
      throw new FitbenchError(
        'PARAM_UNKNOWN',
        `cannot profile "${name}": the free parameters of this fit are ${free.join(', ')}`,
        { parameter: name },
      );
  }
  const levels = [...(options.levels ?? DEFAULT_PROFILE_LEVELS)].sort((a, b) => a - b);
  if (levels.length === 0 || levels.some((l) => !(l > 0 && l < 1)))
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `levels must be probabilities between 0 and 1, got ${levels.join(', ')}`,
      {
        option: 'levels',
      },
    );
  const maxSteps = options.maxSteps ?? 200;
  const context = profileContext(problem, result, options);
  const profiles: Record<string, ParameterProfile> = {};
  let step = 0;
  for (const name of names) {
    const sides: SideCrossing[][] = [];
    const points: ProfilePoint[] = [];
    for (const direction of [-1, 1] as const) {
      sides.push(await profileSide(context, name, direction, levels, maxSteps, points));
      options.onProgress?.({ done: ++step, total: names.length * 2 });
    }
    points.push({ value: result.params[name], chiSquare: context.best, probability: 0, params: { ...result.params } });
    points.sort((a, b) => a.value - b.value);
    profiles[name] = {
      name,
      value: result.params[name],
      stdError: result.stdErrors[name],
      intervals: levels.map((level, i) => {
        const interval: ProfileLevelInterval = { level, lower: sides[0][i].value, upper: sides[1][i].value };
        if (sides[0][i].reason) interval.lowerReason = sides[0][i].reason;
        if (sides[1][i].reason) interval.upperReason = sides[1][i].reason;
        return interval;
      }),
      trace: {
        values: points.map((p) => p.value),
        chiSquare: points.map((p) => p.chiSquare),
        probability: points.map((p) => p.probability),
        params: Object.fromEntries(result.paramNames.map((n) => [n, points.map((p) => p.params[n])])),
      },
    };
  }
  return {
    levels,
    params: profiles,
    chiSquare: context.best,
    dof: result.dof,
    refits: context.refits,
    backend: context.backend,
  };
}

/** The free parameters of the fit, in model order. */
export function freeParameters(problem: FitProblem, result: FitResult): string[] {
  if (!result || typeof result !== 'object' || !result.params || !Array.isArray(result.paramNames))
    throw new FitbenchError('OPTIONS_INVALID', 'pass the FitResult of this problem (from curveFit)');
  const fixed = problem.fixed ?? [];
  return result.paramNames.filter((name) => !fixed.includes(name));
}

export interface ProfileContext {
  problem: FitProblem;
  result: FitResult;
  options: RefitOptions;
  /** χ² of the best fit (2·cost, so robust losses compare like with like). */
  best: number;
  dof: number;
  bounds: Record<string, [number, number]>;
  refits: number;
  backend: RefitOutcome['backend'];
}

export function profileContext(problem: FitProblem, result: FitResult, options: RefitOptions): ProfileContext {
  if (!(result.dof > 0))
    throw new FitbenchError(
      'DATA_TOO_FEW_POINTS',
      `a profile needs more points than free parameters (dof = ${result.dof}): the F test is undefined`,
    );
  const best = 2 * result.cost;
  if (!(best > 0) || !Number.isFinite(best))
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `the fit's χ² is ${best}: a profile needs a finite, positive χ² (an exact fit has no confidence region)`,
    );
  const bounds: Record<string, [number, number]> = {};
  for (const [name, [lo, hi]] of Object.entries(problem.bounds ?? {})) bounds[name] = [lo ?? -Infinity, hi ?? Infinity];
  return {
    problem,
    result,
    options: { ...options, fitOptions: { method: result.method, loss: result.loss, ...options.fitOptions } },
    best,
    dof: result.dof,
    bounds,
    refits: 0,
    backend: 'cpu',
  };
}

/** Refits with the named parameters held at the given values, each from the best fit. */
export async function refitHolding(
  context: ProfileContext,
  held: Record<string, number>[],
  fixed: string[],
  starts: Record<string, number>[] = held.map(() => context.result.params),
): Promise<ProfilePoint[]> {
  const p0 = held.map((values, j) => ({ ...starts[j], ...values }));
  const out = await refitMany(context.problem, { p0, fixed }, { ...context.options, onProgress: undefined });
  context.refits += held.length;
  context.backend = out.backend;
  return p0.map((_, j) => {
    const chiSquare = out.chiSquare[j];
    return {
      value: held[j][fixed[0]],
      chiSquare,
      probability: probabilityOf(chiSquare, context.best, context.dof, fixed.length),
      params: rowParams(out, j),
    };
  });
}

/** lmfit's f_compare: F.cdf((χ²/χ²_best − 1)·dof/nfix, nfix, dof); NaN when the refit failed. */
export function probabilityOf(chiSquare: number, best: number, dof: number, nfix: number): number {
  if (!Number.isFinite(chiSquare)) return NaN;
  return fisherFCdf(((chiSquare / best - 1) * dof) / nfix, nfix, dof);
}

async function profileSide(
  context: ProfileContext,
  name: string,
  direction: -1 | 1,
  levels: number[],
  maxSteps: number,
  points: ProfilePoint[],
): Promise<SideCrossing[]> {
  const { result } = context;
  const value = result.params[name];
  const se = result.stdErrors[name];
  const stepSize = se > 0 && se < Math.abs(value) ? se : Math.max(Math.abs(value) * 0.2, 0.001);
  const [lo, hi] = context.bounds[name] ?? [-Infinity, Infinity];
  const maxLevel = levels[levels.length - 1];
  const walk: ProfilePoint[] = [{ value, chiSquare: context.best, probability: 0, params: { ...result.params } }];
  let stop: { kind: 'crossed' | 'bound' | 'flat' | 'max-steps' | 'failed' } = { kind: 'max-steps' };
  let i = 0;
  walking: while (i < maxSteps + 1) {
    throwIfAborted(context.options.signal);
    const values: number[] = [];
    for (let s = 0; s < STEPS_PER_BATCH && i + s < maxSteps + 1; s++) {
      const v = value + (i + s + 1) * stepSize * direction;
      const clamped = Math.min(hi, Math.max(lo, v));
      values.push(clamped);
      if (clamped !== v) break;
    }
    const batch = await refitHolding(
      context,
      values.map((v) => ({ [name]: v })),
      [name],
    );
    for (const point of batch) {
      i++;
      const previous = walk[walk.length - 1].probability;
      walk.push(point);
      points.push(point);
      if (Number.isNaN(point.probability)) {
        stop = { kind: 'failed' };
        break walking;
      }
      if (point.probability >= maxLevel) {
        stop = { kind: 'crossed' };
        break walking;
      }
      if (point.value === lo || point.value === hi) {
        stop = { kind: 'bound' };
        break walking;
      }
      const relChange = (point.probability - previous) / Math.max(point.probability, previous, 1e-12);
      if (relChange < MIN_REL_CHANGE) {
        stop = { kind: 'flat' };
        break walking;
      }
    }
  }
  const last = walk[walk.length - 1];
  const side = direction < 0 ? 'lower' : 'upper';
  const out: SideCrossing[] = [];
  let from = 0;
  for (const level of levels) {
    const crossing = walk.findIndex((p, k) => k >= from && p.probability >= level);
    if (crossing < 0) {
      out.push({ value: null, reason: reason(stop.kind, name, side, level, last, stepSize, maxSteps) });
      continue;
    }
    const root = await crossingBetween(context, name, walk[crossing - 1], walk[crossing], level, stepSize, points);
    from = crossing - 1;
    out.push(
      Number.isNaN(root)
        ? { value: null, reason: `the refits fail while locating the ${formatNumber(level)} crossing of "${name}"` }
        : { value: root },
    );
  }
  return out;
}

/** The value between two walk points where the probability equals `level` (Brent's method). */
async function crossingBetween(
  context: ProfileContext,
  name: string,
  below: ProfilePoint,
  above: ProfilePoint,
  level: number,
  stepSize: number,
  points: ProfilePoint[],
): Promise<number> {
  if (above.probability === level) return above.value;
  const evaluate = async (v: number): Promise<number> => {
    const start = Math.abs(v - below.value) < Math.abs(v - above.value) ? below.params : above.params;
    const [point] = await refitHolding(context, [{ [name]: v }], [name], [start]);
    points.push(point);
    return point.probability - level;
  };
  const tolerance = 1e-9 * Math.max(Math.abs(below.value), Math.abs(above.value), stepSize);
  return findRoot(evaluate, below.value, above.value, below.probability - level, above.probability - level, tolerance);
}

function reason(
  kind: string,
  name: string,
  side: 'lower' | 'upper',
  level: number,
  last: ProfilePoint,
  stepSize: number,
  maxSteps: number,
): string {
  const at = `p = ${formatNumber(last.probability)} at ${name} = ${formatNumber(last.value)}`;
  const lvl = formatNumber(level);
  switch (kind) {
    case 'bound':
      return `"${name}" reaches its ${side} bound before the profile crosses ${lvl} (${at}): the interval is open on this side within the bounds`;
    case 'flat':
      return `the profile of "${name}" flattens below ${lvl} (${at}): the data do not bound the parameter on this side`;
    case 'failed':
      return `the refits fail beyond ${name} = ${formatNumber(last.value)} (the model is not finite there) before the profile crosses ${lvl}`;
    default:
      return `the profile does not cross ${lvl} within ${maxSteps} steps of ${formatNumber(stepSize)} (${at})`;
  }
}
