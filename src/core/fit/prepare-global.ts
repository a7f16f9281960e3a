/**
 * From a GlobalProblem to what the composite evaluator runs: each data set's model renamed to
 * global parameter names (shared ones kept, others `q_<k>`), ties substituted, compiled; data
 * validated per data set; start values, bounds and fixed parameters expanded from bare names.
 */
import type { FitOptions, GlobalProblem, LossName, MethodName, NumericArray } from '../api-types';
import { validateArrays, type FitData } from '../data';
import { FitbenchError } from '../errors';
import type { Expr } from '../model/ast';
import { identifiersInOrder } from '../model/ast';
import { compileModel } from '../model/compile-model';
import type { CompiledModel } from '../model/compiled-model';
import type { ResolvedModel } from '../model/library';
import { print } from '../model/printer';
import { covarianceFactor, isSigmaMatrix } from './correlated-sigma';
import { expandExpressions, expandKey, globalName, type GlobalNaming } from './global-names';
import {
  checkNoPredictors,
  expressionTexts,
  parseExpressionRecord,
  renameIdentifiers,
  resolveTies,
  substituteIdentifiers,
  type ResolvedTies,
} from './parameter-expressions';
import { checkDerivedNames, modelExpressionOf } from './prepare-expressions';

export interface PreparedDataset {
  name: string;
  /** The model in global parameter names, ties substituted. */
  model: CompiledModel;
  library: ResolvedModel | null;
  data: FitData;
  predictors: Float64Array[];
  sigmaFactor?: Float64Array;
}

export interface PreparedGlobal {
  datasets: PreparedDataset[];
  /** Untied global parameters (free and fixed). */
  paramNames: string[];
  freeNames: string[];
  fixedValues: Record<string, number>;
  x0: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  hasBounds: boolean;
  bounds: Record<string, [number | null, number | null]>;
  method: MethodName;
  loss: LossName;
  fScale: number;
  ties?: ResolvedTies;
  derived?: ReadonlyMap<string, Expr>;
  displayOrder: string[];
}

const LOSSES: readonly LossName[] = ['linear', 'soft_l1', 'huber', 'cauchy', 'arctan'];

function isArrayLike(v: unknown): v is NumericArray {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

/** Validates and expands a global problem; throws FitbenchError naming the culprit. */
export function prepareGlobal(problem: GlobalProblem, options: FitOptions = {}): PreparedGlobal {
  if (problem === null || typeof problem !== 'object')
    throw new FitbenchError('DATA_PARSE', 'the global problem must be an object with datasets, model and shared');
  const list = problem.datasets;
  if (!Array.isArray(list) || list.length === 0)
    throw new FitbenchError('DATA_EMPTY', 'a global fit needs datasets: a non-empty list of { x, y, sigma?, model? }');
  const loss = options.loss ?? 'linear';
  if (!LOSSES.includes(loss))
    throw new FitbenchError('OPTIONS_INVALID', `unknown loss "${String(loss)}": use one of ${LOSSES.join(', ')}`, {
      option: 'loss',
    });
  const fScale = options.fScale ?? 1;
  if (!(fScale > 0) || !Number.isFinite(fScale))
    throw new FitbenchError('OPTIONS_INVALID', `fScale must be a positive number, got ${fScale}`, { option: 'fScale' });
  const sharedList = problem.shared ?? [];
  if (!Array.isArray(sharedList) || sharedList.some((s) => typeof s !== 'string'))
    throw new FitbenchError('OPTIONS_INVALID', 'shared must be a list of parameter names');

  const specs = list.map((d, k) => {
    if (d === null || typeof d !== 'object')
      throw new FitbenchError('DATA_PARSE', `dataset ${k + 1} must be an object { x, y, sigma?, model?, name? }`);
    const named = d.x !== null && typeof d.x === 'object' && !isArrayLike(d.x);
    const dataNames = named ? Object.keys(d.x as Record<string, unknown>) : ['x'];
    const clash = dataNames.find((n) => n === 'e' || n === 'pi');
    if (clash !== undefined)
      throw new FitbenchError(
        'DATA_COLUMN_RESERVED',
        `dataset ${k + 1} has a column "${clash}", the name of a constant the model would read instead: rename the column`,
        { column: clash, dataset: k + 1 },
      );
    const spec = modelExpressionOf(d.model ?? problem.model, dataNames);
    return { ...spec, predictors: spec.library ? ['x'] : dataNames };
  });
  const naming: GlobalNaming = { local: specs.map((s) => s.paramNames), shared: new Set(sharedList) };
  for (const name of sharedList)
    if (!specs.some((s) => s.paramNames.includes(name)))
      throw new FitbenchError(
        'PARAM_UNKNOWN',
        `shared names "${name}", which no data set's model has (parameters: ${[...new Set(specs.flatMap((s) => s.paramNames))].join(', ')})`,
        { parameter: name },
      );

  // Ties in global names, substituted into every renamed model.
  const parsed = parseExpressionRecord(problem.expressions, 'expressions');
  const expanded = expandExpressions(naming, parsed, expressionTexts(problem.expressions));
  const allPredictors = [...new Set(specs.flatMap((s) => s.predictors))];
  checkNoPredictors(expanded.written, allPredictors, 'expressions');
  const ties = expanded.written.size > 0 ? resolveTies(expanded.written, expanded.texts) : undefined;
  const tiedNames = ties ? [...ties.order] : [];
  const models = specs.map((spec, k) => {
    const renamed = renameIdentifiers(spec.ast, (id) =>
      spec.paramNames.includes(id) ? globalName(naming, id, k) : id,
    );
    const substituted = ties ? substituteIdentifiers(renamed, ties.resolved) : renamed;
    return compileModel(print(substituted), { predictors: spec.predictors });
  });
  const written = specs.flatMap((spec, k) => spec.paramNames.map((q) => globalName(naming, q, k)));
  const paramNames = [...new Set(models.flatMap((m) => m.paramNames))];
  for (const t of ties ? ties.resolved.values() : [])
    for (const id of identifiersInOrder(t)) if (!paramNames.includes(id)) paramNames.push(id);
  const displayOrder = [...new Set([...written, ...paramNames, ...tiedNames])];

  const known = new Set([...paramNames, ...tiedNames]);
  const keysOf = (key: string, where: string): string[] => {
    const names = expandKey(naming, key);
    for (const n of names) {
      if (tiedNames.includes(n) && where !== 'p0')
        throw new FitbenchError(
          'EXPRESSION_INVALID',
          `"${n}" is tied by an expression, so it cannot ${where === 'bounds' ? 'have bounds' : 'also be fixed'}`,
          { parameter: n },
        );
      if (!known.has(n))
        throw new FitbenchError(
          'PARAM_UNKNOWN',
          `${where} names "${key}", which is not a parameter of this global fit (its parameters: ${[...known].join(', ')})`,
          { parameter: key },
        );
    }
    return names.filter((n) => paramNames.includes(n));
  };
  // Bare-name entries first, then specific ones, so `a_2` overrides `a`.
  const byKey = <T>(raw: Record<string, T> | undefined, where: string): Map<string, T> => {
    const out = new Map<string, T>();
    if (raw === undefined || raw === null) return out;
    if (typeof raw !== 'object' || Array.isArray(raw))
      throw new FitbenchError('OPTIONS_INVALID', `${where} must be an object keyed by parameter name`);
    const entries = Object.entries(raw);
    const bare = entries.filter(([k]) => expandKey(naming, k).length !== 1 || expandKey(naming, k)[0] !== k);
    const specific = entries.filter((e) => !bare.includes(e));
    for (const [key, value] of [...bare, ...specific]) for (const n of keysOf(key, where)) out.set(n, value);
    return out;
  };

  const fixedRaw = problem.fixed ?? [];
  if (!Array.isArray(fixedRaw)) throw new FitbenchError('OPTIONS_INVALID', 'fixed must be a list of parameter names');
  const fixedSet = new Set(fixedRaw.flatMap((key) => keysOf(String(key), 'fixed')));
  const freeNames = paramNames.filter((n) => !fixedSet.has(n));
  if (freeNames.length === 0) throw new FitbenchError('OPTIONS_INVALID', 'every parameter is fixed: nothing to fit');

  const datasets: PreparedDataset[] = list.map((d, k) => {
    const sigmaMatrix = isSigmaMatrix(d.sigma) ? d.sigma : undefined;
    const label = d.name ?? `dataset ${k + 1}`;
    let data: FitData;
    try {
      data = validateArrays({
        x: d.x,
        y: d.y,
        sigma: sigmaMatrix ? undefined : (d.sigma as NumericArray | undefined),
        dropNonFinite: problem.dropNonFinite,
      });
    } catch (err) {
      throw inDataset(err, label, k);
    }
    const sigmaFactor = sigmaMatrix ? covarianceFactor(sigmaMatrix, data.y.length, `${label} sigma`) : undefined;
    return {
      name: label,
      model: models[k],
      library: specs[k].library,
      data,
      predictors: models[k].predictorNames.map((p) => data.predictors[p]),
      sigmaFactor,
    };
  });

  const p0 = byKey(problem.p0, 'p0');
  for (const [name, v] of p0)
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new FitbenchError('PARAM_NONFINITE', `the start value of "${name}" is ${String(v)}: it must be finite`, {
        parameter: name,
      });
  const start = startValues(paramNames, p0, datasets, specs, naming);
  const boundsIn = byKey(problem.bounds, 'bounds');
  const bounds: Record<string, [number | null, number | null]> = {};
  for (const [name, pair] of boundsIn) bounds[name] = checkBounds(name, pair);
  const lower = Float64Array.from(freeNames, (n) => bounds[n]?.[0] ?? -Infinity);
  const upper = Float64Array.from(freeNames, (n) => bounds[n]?.[1] ?? Infinity);
  const hasBounds = freeNames.some((_, j) => Number.isFinite(lower[j]) || Number.isFinite(upper[j]));
  const x0 = Float64Array.from(freeNames, (n) => start[n]);
  freeNames.forEach((name, j) => {
    if (x0[j] < lower[j] || x0[j] > upper[j])
      throw new FitbenchError(
        'START_OUTSIDE_BOUNDS',
        `the start value of "${name}" (${x0[j]}) is outside its bounds [${lower[j]}, ${upper[j]}]`,
        { parameter: name },
      );
  });
  const fixedValues: Record<string, number> = {};
  for (const n of paramNames) if (fixedSet.has(n)) fixedValues[n] = start[n];

  const points = datasets.reduce((s, d) => s + d.data.y.length, 0);
  const underdetermined = points < freeNames.length;
  const method = options.method ?? (hasBounds || underdetermined ? 'trf' : 'lm');
  if (method !== 'lm' && method !== 'trf')
    throw new FitbenchError('OPTIONS_INVALID', `unknown method "${String(method)}": use lm or trf`, {
      option: 'method',
    });
  if (method === 'lm' && hasBounds)
    throw new FitbenchError('OPTIONS_INVALID', 'method "lm" cannot honour bounds: use method "trf"', {
      option: 'method',
    });
  if (method === 'lm' && underdetermined)
    throw new FitbenchError(
      'DATA_TOO_FEW_POINTS',
      `${points} data points but ${freeNames.length} free parameters: method "lm" needs at least as many points; use method "trf"`,
      { points, freeParams: freeNames.length },
    );

  const derivedWritten = withLibraryDerived(
    parseExpressionRecord(problem.derived, 'derived'),
    specs,
    naming,
    new Set(displayOrder),
  );
  checkNoPredictors(derivedWritten, allPredictors, 'derived');
  checkDerivedNames(derivedWritten, displayOrder);
  return {
    datasets,
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
    ties,
    derived: derivedWritten.size > 0 ? derivedWritten : undefined,
    displayOrder,
  };
}

/**
 * Library peaks' standard derived quantities per data set (fwhm_1, fwhm_2, …); one that reads
 * only shared parameters is one quantity under its bare name. The caller's entries win.
 */
function withLibraryDerived(
  given: Map<string, Expr>,
  specs: readonly { paramNames: readonly string[]; library: ResolvedModel | null }[],
  naming: GlobalNaming,
  parameters: ReadonlySet<string>,
): Map<string, Expr> {
  const out = new Map<string, Expr>();
  specs.forEach((spec, k) => {
    for (const [name, text] of Object.entries(spec.library?.derived ?? {})) {
      const parsed = parseExpressionRecord({ [name]: text }, 'derived').get(name) as Expr;
      const renamed = renameIdentifiers(parsed, (id) =>
        spec.paramNames.includes(id) ? globalName(naming, id, k) : id,
      );
      const local = identifiersInOrder(parsed).some((id) => spec.paramNames.includes(id) && !naming.shared.has(id));
      const key = local ? `${name}_${k + 1}` : name;
      if (!given.has(key) && !parameters.has(key) && !out.has(key)) out.set(key, renamed);
    }
  });
  for (const [name, e] of given) out.set(name, e);
  return out;
}

/** p0 entries, then library guesses (a shared parameter: the mean over the data sets' guesses). */
function startValues(
  paramNames: readonly string[],
  p0: ReadonlyMap<string, number>,
  datasets: readonly PreparedDataset[],
  specs: readonly { paramNames: readonly string[]; library: ResolvedModel | null }[],
  naming: GlobalNaming,
): Record<string, number> {
  const guesses: Record<string, number[]> = {};
  const missing = paramNames.filter((n) => !p0.has(n));
  if (missing.length > 0)
    specs.forEach((spec, k) => {
      if (!spec.library) return;
      const names = spec.paramNames.map((q) => globalName(naming, q, k));
      if (!names.some((n) => missing.includes(n))) return;
      const x = datasets[k].data.predictors[datasets[k].data.predictorNames[0]];
      const g = spec.library.guess(x, datasets[k].data.y);
      spec.paramNames.forEach((q, i) => (guesses[names[i]] ??= []).push(g[q]));
    });
  const out: Record<string, number> = {};
  for (const name of paramNames) {
    const given = p0.get(name);
    if (given !== undefined) {
      out[name] = given;
      continue;
    }
    const g = (guesses[name] ?? []).filter(Number.isFinite);
    if (g.length === 0)
      throw new FitbenchError(
        'PARAM_NO_START',
        `parameter "${name}" has no start value: give it in p0 (by its own name, or the bare name for every data set)`,
        { parameter: name },
      );
    out[name] = g.reduce((a, b) => a + b, 0) / g.length;
  }
  return out;
}

function checkBounds(name: string, pair: unknown): [number | null, number | null] {
  if (!Array.isArray(pair) || pair.length !== 2)
    throw new FitbenchError('OPTIONS_INVALID', `the bounds of "${name}" must be [lower, upper]`, { parameter: name });
  const side = (v: unknown, open: number): number => {
    if (v === null || v === undefined) return open;
    if (typeof v !== 'number' || Number.isNaN(v))
      throw new FitbenchError('OPTIONS_INVALID', `a bound of "${name}" is not a number: ${String(v)}`, {
        parameter: name,
      });
    return v;
  };
  const lo = side(pair[0], -Infinity);
  const hi = side(pair[1], Infinity);
  if (lo === Infinity || hi === -Infinity || lo >= hi)
    throw new FitbenchError(
      'BOUNDS_INVERTED',
      `the bounds of "${name}" are [${lo}, ${hi}]: the lower bound must be below the upper one, and +Infinity/-Infinity only on the open side`,
      { parameter: name },
    );
  return [Number.isFinite(lo) ? lo : null, Number.isFinite(hi) ? hi : null];
}

function inDataset(err: unknown, label: string, k: number): unknown {
  if (!(err instanceof FitbenchError)) return err;
  return new FitbenchError(err.code, `${label}: ${err.message}`, { ...err.context, dataset: k + 1 });
}
