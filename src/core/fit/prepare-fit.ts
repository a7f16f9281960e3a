/**
 * From a FitProblem as a caller writes it to a PreparedFit the minimizer can trust (Ceres'
 * Preprocessor): the model resolved (library name or expression) and compiled, the data
 * validated, start values filled (library guesses where the caller gave none), bounds and
 * fixed parameters checked, the method chosen. Every problem is a FitbenchError that names it.
 */
import type { FitOptions, FitProblem, LossName, MethodName } from '../api-types';
import { validateArrays, type FitData } from '../data';
import { quoteNames } from '../data/row-list';
import { FitbenchError } from '../errors';
import { compileModel, parseModel } from '../model';
import type { Expr } from '../model/ast';
import type { CompiledModel } from '../model/compiled-model';
import { resolveModel, type ResolvedModel } from '../model/library';
import { describeValue, quoteName } from '../input/describe-value';
import { validateFitOptions } from '../input/validate-fit-input';

const hasOwn = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);
import { covarianceFactor, isSigmaMatrix } from './correlated-sigma';
import { assertModelSpec, planExpressions, type ResolvedTies } from './prepare-expressions';

export interface PreparedFit {
  model: CompiledModel;
  /** The library model the spec named, when it named one. */
  library: ResolvedModel | null;
  data: FitData;
  /** Predictor columns in model.predictorNames order. */
  predictors: Float64Array[];
  /** All parameters in model order. */
  paramNames: readonly string[];
  freeNames: string[];
  fixedValues: Record<string, number>;
  /** Start values of the free parameters (freeNames order). */
  x0: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  hasBounds: boolean;
  /** Bounds as given, by name, for diagnostics. */
  bounds: Record<string, [number | null, number | null]>;
  method: MethodName;
  loss: LossName;
  fScale: number;
  /** Tied parameters (FitProblem.expressions), substituted into `model`; reported after the fit. */
  ties?: ResolvedTies;
  /** Derived quantities to report (FitProblem.derived and a library peak's standard ones). */
  derived?: ReadonlyMap<string, Expr>;
  /** Parameter order of the result: the model's as written, tied ones in place. */
  displayOrder?: readonly string[];
  /** Lower Cholesky factor of y's covariance when sigma was an n × n matrix (whitened fit). */
  sigmaFactor?: Float64Array;
}

const LOSSES: readonly LossName[] = ['linear', 'soft_l1', 'huber', 'cauchy', 'arctan'];

/** Resolves a model spec: a library name (or sum of names) or an expression. */
export function resolveModelSpec(
  spec: string,
  predictorNames?: readonly string[],
): { model: CompiledModel; library: ResolvedModel | null } {
  assertModelSpec(spec);
  const library = resolveModel(spec);
  const expression = library ? library.expression : spec;
  const predictors = library ? ['x'] : predictorNames;
  return { model: compileModel(expression, predictors ? { predictors } : undefined), library };
}

/** Validates and normalizes a problem and its options; throws FitbenchError on bad input. */
export function prepareFit(problem: FitProblem, rawOptions: FitOptions = {}): PreparedFit {
  if (problem === null || typeof problem !== 'object' || Array.isArray(problem))
    throw new FitbenchError(
      'DATA_PARSE',
      `the problem must be an object with model, x, y and p0, got ${describeValue(problem)}`,
    );
  const options = validateFitOptions(rawOptions);
  const loss = options.loss ?? 'linear';
  if (!LOSSES.includes(loss))
    throw new FitbenchError('OPTIONS_INVALID', `unknown loss ${describeValue(loss)}: use one of ${LOSSES.join(', ')}`, {
      option: 'loss',
    });
  const fScale = options.fScale ?? 1;

  const xIsNamed = problem.x !== null && typeof problem.x === 'object' && !isArrayLike(problem.x);
  const dataNames = xIsNamed ? Object.keys(problem.x as Record<string, unknown>) : ['x'];
  refuseConstantNames(dataNames);
  // One unnamed predictor is `x`; identifiers such as x0 and x1 are then parameters.
  const plan = planExpressions(problem, dataNames);
  const { model, library } = plan.model;

  const missing = model.predictorNames.filter((name) => !dataNames.includes(name));
  if (missing.length > 0) {
    throw new FitbenchError(
      'DATA_COLUMN_MISSING',
      `the model reads ${quoteNames(missing)} but the data has only ${quoteNames(dataNames)}`,
      { column: missing[0] },
    );
  }

  const paramNames = model.paramNames;
  const tiedNames = plan.ties ? [...plan.ties.order] : [];
  const fixedList = problem.fixed ?? [];
  if (!Array.isArray(fixedList))
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `fixed must be a list of parameter names, got ${describeValue(fixedList)}`,
    );
  for (const name of fixedList) {
    if (tiedNames.includes(name)) throw tiedConflict(name, 'fixed');
    if (typeof name !== 'string' || !paramNames.includes(name)) throw unknownParameter(name, paramNames, 'fixed');
  }
  const freeNames = paramNames.filter((name) => !fixedList.includes(name));
  if (freeNames.length === 0) throw new FitbenchError('OPTIONS_INVALID', 'every parameter is fixed: nothing to fit');

  const sigmaMatrix = isSigmaMatrix(problem.sigma) ? problem.sigma : undefined;
  if (sigmaMatrix && problem.dropNonFinite)
    throw new FitbenchError(
      'OPTIONS_INVALID',
      'dropNonFinite cannot drop points of data whose sigma is a covariance matrix: remove the rows and their matrix rows and columns',
      { option: 'dropNonFinite' },
    );
  const data = validateArrays({
    x: problem.x,
    y: problem.y,
    sigma: sigmaMatrix ? undefined : (problem.sigma as FitProblem['y'] | undefined),
    dropNonFinite: problem.dropNonFinite,
  });
  const sigmaFactor = sigmaMatrix ? covarianceFactor(sigmaMatrix, data.y.length) : undefined;
  const predictors = model.predictorNames.map((name) => data.predictors[name]);

  const given = problem.p0 ?? {};
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `p0 must be an object of start values by parameter name, got ${describeValue(given)}`,
    );
  for (const name of Object.keys(given)) {
    // A start value of a tied parameter is ignored, as lmfit ignores the value of a Parameter with expr.
    if (tiedNames.includes(name)) continue;
    if (!paramNames.includes(name)) throw unknownParameter(name, paramNames, 'p0');
    if (typeof given[name] !== 'number' || !Number.isFinite(given[name])) {
      throw new FitbenchError(
        'PARAM_NONFINITE',
        `the start value of ${quoteName(name)} is ${describeValue(given[name])}: it must be a finite number`,
        { parameter: name },
      );
    }
  }
  const needGuess = paramNames.some((name) => !hasOwn(given, name));
  let guessed: Record<string, number> = {};
  if (needGuess) {
    // Library models read `x`; a model that reads none ("constant") still guesses from the data's x.
    if (library) guessed = library.guess(data.predictors[model.predictorNames[0] ?? data.predictorNames[0]], data.y);
    else {
      const name = paramNames.find((p) => !hasOwn(given, p)) as string;
      throw new FitbenchError(
        'PARAM_NO_START',
        `parameter "${name}" has no start value: give it in p0 (automatic guesses exist only for library models)`,
        { parameter: name },
      );
    }
  }
  const start = (name: string) => (hasOwn(given, name) ? given[name] : guessed[name]);

  for (const name of Object.keys(problem.bounds ?? {}))
    if (tiedNames.includes(name)) throw tiedConflict(name, 'bounds');
  const bounds = normalizeBounds(problem.bounds ?? {}, paramNames);
  const lower = new Float64Array(freeNames.length).fill(-Infinity);
  const upper = new Float64Array(freeNames.length).fill(Infinity);
  let hasBounds = false;
  freeNames.forEach((name, k) => {
    const b = hasOwn(bounds, name) ? bounds[name] : undefined;
    if (!b) return;
    lower[k] = b[0] ?? -Infinity;
    upper[k] = b[1] ?? Infinity;
    if (Number.isFinite(lower[k]) || Number.isFinite(upper[k])) hasBounds = true;
  });
  // A guess outside the caller's bounds is moved inside them; a given start value is not.
  const x0 = Float64Array.from(freeNames, (name, k) =>
    hasOwn(given, name) ? given[name] : insideBounds(start(name), lower[k], upper[k]),
  );
  freeNames.forEach((name, k) => {
    if (x0[k] < lower[k] || x0[k] > upper[k]) {
      throw new FitbenchError(
        'START_OUTSIDE_BOUNDS',
        `the start value of "${name}" (${x0[k]}) is outside its bounds [${lower[k]}, ${upper[k]}]`,
        { parameter: name },
      );
    }
    if (hasBounds && lower[k] === upper[k]) {
      throw new FitbenchError(
        'BOUNDS_INVERTED',
        `the bounds of "${name}" are equal (${lower[k]}): fix the parameter instead`,
        { parameter: name },
      );
    }
  });
  const fixedValues: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const name of fixedList) fixedValues[name] = start(name);

  // Fewer points than free parameters: LM (MINPACK) cannot run, TRF can (as scipy's trf).
  const underdetermined = data.y.length < freeNames.length;
  const method = options.method ?? (hasBounds || underdetermined ? 'trf' : 'lm');
  if (method !== 'lm' && method !== 'trf')
    throw new FitbenchError('OPTIONS_INVALID', `unknown method ${describeValue(method)}: use lm or trf`, {
      option: 'method',
    });
  if (method === 'lm' && underdetermined) {
    const kept = data.y.length;
    throw new FitbenchError(
      'DATA_TOO_FEW_POINTS',
      `${kept} data point${kept === 1 ? '' : 's'} but ${freeNames.length} free parameters: method "lm" needs at least as many points as free parameters; use method "trf", add data or fix parameters`,
      { points: kept, freeParams: freeNames.length },
    );
  }
  if (method === 'lm' && hasBounds) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      'method "lm" cannot honour bounds: use method "trf" (the default when bounds are given) or remove the bounds',
      { option: 'method' },
    );
  }
  return {
    model,
    library,
    data,
    predictors,
    paramNames,
    freeNames,
    fixedValues,
    x0,
    lower,
    upper,
    hasBounds,
    bounds,
    method,
    loss,
    fScale,
    ties: plan.ties,
    derived: plan.derived.size > 0 ? plan.derived : undefined,
    displayOrder: plan.displayOrder,
    sigmaFactor,
  };
}

/** A data column named like a constant would be silently read as the constant: refuse it. */
function refuseConstantNames(dataNames: readonly string[]): void {
  const clash = dataNames.find((name) => name === 'e' || name === 'pi');
  if (clash !== undefined)
    throw new FitbenchError(
      'DATA_COLUMN_RESERVED',
      `the data column "${clash}" has the name of the constant ${clash} (${clash === 'e' ? Math.E : Math.PI}), which a model would read instead of the column: rename the column`,
      { column: clash },
    );
}

function tiedConflict(name: string, where: 'fixed' | 'bounds'): FitbenchError {
  return new FitbenchError(
    'EXPRESSION_INVALID',
    where === 'bounds'
      ? `"${name}" is tied by an expression, so it cannot have bounds: bound the parameters its expression reads instead`
      : `"${name}" is tied by an expression, so it cannot also be fixed: remove it from fixed or from expressions`,
    { parameter: name },
  );
}

/** `v` if it lies within [lo, hi], else the nearest point 1% of the way inside the interval. */
function insideBounds(v: number, lo: number, hi: number): number {
  if (v >= lo && v <= hi) return v;
  const width = Number.isFinite(hi - lo) ? hi - lo : Math.max(Math.abs(Number.isFinite(lo) ? lo : hi), 1);
  return v < lo ? lo + 0.01 * width : hi - 0.01 * width;
}

function normalizeBounds(
  raw: Record<string, [number | null, number | null]>,
  paramNames: readonly string[],
): Record<string, [number | null, number | null]> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `bounds must be an object of [lower, upper] pairs by parameter name, got ${describeValue(raw)}`,
    );
  const out = Object.create(null) as Record<string, [number | null, number | null]>;
  for (const [name, pair] of Object.entries(raw)) {
    if (!paramNames.includes(name)) throw unknownParameter(name, paramNames, 'bounds');
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new FitbenchError(
        'OPTIONS_INVALID',
        `the bounds of ${quoteName(name)} must be [lower, upper] (null or ±Infinity for an open side), got ${describeValue(pair)}`,
        { parameter: name },
      );
    }
    const side = (v: unknown, which: string, open: number): number => {
      if (v === null || v === undefined) return open;
      if (typeof v !== 'number' || Number.isNaN(v))
        throw new FitbenchError(
          'OPTIONS_INVALID',
          `the ${which} bound of ${quoteName(name)} is not a number: ${describeValue(v)}`,
          {
            parameter: name,
          },
        );
      return v;
    };
    const lo = side(pair[0], 'lower', -Infinity);
    const hi = side(pair[1], 'upper', Infinity);
    if (lo === Infinity || hi === -Infinity)
      throw new FitbenchError(
        'BOUNDS_INVERTED',
        `the bounds of "${name}" are [${lo}, ${hi}]: a lower bound of +Infinity or an upper bound of -Infinity leaves no value; use null or ±Infinity on the open side only`,
        { parameter: name },
      );
    if (lo > hi)
      throw new FitbenchError('BOUNDS_INVERTED', `the bounds of "${name}" are inverted: lower ${lo} > upper ${hi}`, {
        parameter: name,
      });
    out[name] = [Number.isFinite(lo) ? lo : null, Number.isFinite(hi) ? hi : null];
  }
  return out;
}

function unknownParameter(name: unknown, paramNames: readonly string[], where: string): FitbenchError {
  return new FitbenchError(
    'PARAM_UNKNOWN',
    `${where} names ${quoteName(name)}, which is not a parameter of the model (its parameters: ${paramNames.join(', ')})`,
    { parameter: typeof name === 'string' ? name : describeValue(name) },
  );
}

function isArrayLike(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

/** The parsed parameter and predictor names of a model spec without compiling it (for UIs). */
export function describeModelSpec(
  spec: string,
  predictorNames?: readonly string[],
): { expression: string; paramNames: string[]; predictorNames: string[]; library: ResolvedModel | null } {
  const library = resolveModel(spec);
  if (library)
    return { expression: library.expression, paramNames: [...library.paramNames], predictorNames: ['x'], library };
  const parsed = parseModel(spec, predictorNames ? { predictors: predictorNames } : undefined);
  return {
    expression: parsed.expression,
    paramNames: [...parsed.paramNames],
    predictorNames: [...parsed.predictorNames],
    library: null,
  };
}
