/**
 * Bootstrap confidence intervals (Efron & Tibshirani 1993; Davison & Hinkley 1997, ch. 6).
 * Resampled data sets are refitted as one batch from the best fit, seeded and reproducible:
 * - residual: y* = f + σ·e*, e* drawn with replacement from the centred weighted residuals
 *   inflated by √(n/dof) (so their variance is the fit's residual variance);
 * - wild: y* = f + r·v with Rademacher v = ±1 (heteroscedasticity-robust), r inflated by √(n/dof);
 * - case: the rows (x, y, σ) drawn with replacement.
 * Percentile intervals always; BCa where the bias correction and the acceleration are
 * finite, the acceleration from the empirical influence of each point,
 * lᵢ ∝ Cov·Jᵢᵀrᵢ (the linearized jackknife, Efron 1987), which costs no extra refits.
 */
import type { FitProblem, FitResult, NumericArray } from '../api-types';
import { FitbenchError } from '../errors';
import { validateArrays } from '../data';
import { describeModelSpec, prepareFit, type PreparedFit } from '../fit/prepare-fit';
import { interpretModel } from '../model/interpret-model';
import { mulberry32 } from '../numerics/seeded-random';
import { normalCdf, normalQuantile } from '../stats/normal';
import { freeParameters } from './profile-intervals';
import { isArrayLike, refitMany, type RefitOptions, type RefitOutcome } from './refit-many';

export type BootstrapKind = 'residual' | 'case' | 'wild';

export interface BootstrapOptions extends RefitOptions {
  /** Resampled data sets (default 1000). */
  resamples?: number;
  kind?: BootstrapKind;
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
  /** Seed of the resampling (default 1): the same seed gives the same resamples. */
  seed?: number;
}

export interface BootstrapParameter {
  value: number;
  /** Mean of the resampled values minus the fitted value. */
  bias: number;
  /** Standard deviation of the resampled values. */
  stdError: number;
  percentile: [number, number];
  /** Bias-corrected and accelerated interval; null where z₀ or the acceleration is undefined. */
  bca: [number, number] | null;
  bcaReason?: string;
}

export interface BootstrapResult {
  kind: BootstrapKind;
  level: number;
  seed: number;
  resamples: number;
  /** Resamples whose refit failed or did not converge (left out of the intervals). */
  failed: number;
  paramNames: string[];
  params: Record<string, BootstrapParameter>;
  /** The resampled parameter sets of the successful refits, by name. */
  samples: Record<string, number[]>;
  backend: RefitOutcome['backend'];
  elapsedMs: number;
}

const KINDS: readonly BootstrapKind[] = ['residual', 'case', 'wild'];
const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Percentile and BCa intervals, bias and resampled parameter sets from refits of resampled data. */
export async function bootstrap(
  problem: FitProblem,
  result: FitResult,
  options: BootstrapOptions = {},
): Promise<BootstrapResult> {
  const t0 = now();
  const resamples = options.resamples ?? 1000;
  const kind = options.kind ?? 'residual';
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(resamples) || resamples < 2 || resamples > 1_000_000)
    throw new FitbenchError('OPTIONS_INVALID', `resamples must be an integer from 2 to 1e6, got ${resamples}`, {
      option: 'resamples',
    });
  if (!KINDS.includes(kind))
    throw new FitbenchError('OPTIONS_INVALID', `unknown bootstrap kind "${String(kind)}": use residual, case or wild`, {
      option: 'kind',
    });
  if (!(level > 0 && level < 1))
    throw new FitbenchError('OPTIONS_INVALID', `level must lie strictly between 0 and 1, got ${level}`, {
      option: 'level',
    });
  if (!Number.isFinite(seed))
    throw new FitbenchError('OPTIONS_INVALID', `seed must be a finite number, got ${seed}`, { option: 'seed' });
  const free = freeParameters(problem, result);
  const prepared = preparedForResampling(problem, result, free.length);
  const n = prepared.data.y.length;
  if (result.dof <= 0)
    throw new FitbenchError(
      'DATA_TOO_FEW_POINTS',
      `a bootstrap needs more points than free parameters (${n} points, dof ${result.dof})`,
    );
  const fitted = fittedValues(prepared, result.params);
  const data = resampledData(problem, prepared, fitted, kind, resamples, mulberry32(seed), result.dof);
  const p0 = Array.from({ length: resamples }, () => result.params);
  const out = await refitMany(problem, { p0, ...data }, { ...options, fitOptions: fitOptionsOf(result, options) });

  const names = out.paramNames;
  const p = names.length;
  const ok: number[] = [];
  for (let j = 0; j < resamples; j++) {
    let finite = out.converged[j] === 1;
    for (let i = 0; i < p && finite; i++) finite = Number.isFinite(out.params[j * p + i]);
    if (finite) ok.push(j);
  }
  const samples: Record<string, number[]> = {};
  names.forEach((name, i) => (samples[name] = ok.map((j) => out.params[j * p + i])));
  const influence = influenceValues(prepared, result, fitted);
  const params: Record<string, BootstrapParameter> = {};
  for (const name of free) {
    params[name] = summarize(samples[name], result.params[name], level, influence?.[name]);
  }
  return {
    kind,
    level,
    seed,
    resamples,
    failed: resamples - ok.length,
    paramNames: [...names],
    params,
    samples,
    backend: out.backend,
    elapsedMs: now() - t0,
  };
}

function fitOptionsOf(result: FitResult, options: BootstrapOptions) {
  return { method: result.method, loss: result.loss, ...options.fitOptions };
}

/** What resampling reads of a prepared fit: the data and the model's values and Jacobian. */
type ResamplingFit = Pick<PreparedFit, 'data' | 'paramNames' | 'predictors'> & {
  model: Pick<PreparedFit['model'], 'evaluate' | 'evaluateWithJacobian'>;
};

/**
 * The prepared fit; on a page under a strict Content-Security-Policy (no eval, so models
 * cannot be compiled on its main thread) the model is interpreted instead, with a
 * central-difference Jacobian (it only feeds the BCa acceleration).
 */
function preparedForResampling(problem: FitProblem, result: FitResult, numFree: number): ResamplingFit {
  try {
    return prepareFit({ ...problem, p0: result.params }, { loss: result.loss, method: result.method });
  } catch (error) {
    if (!(error instanceof EvalError || (error as Error | null)?.name === 'EvalError')) throw error;
    const named = !isArrayLike(problem.x);
    const spec = describeModelSpec(problem.model, named ? Object.keys(problem.x) : undefined);
    const model = interpretModel(spec.expression, { predictors: spec.predictorNames });
    const data = validateArrays({
      x: problem.x,
      y: problem.y,
      sigma: problem.sigma as NumericArray | undefined,
      dropNonFinite: problem.dropNonFinite,
      numFreeParams: numFree,
    });
    const predictors = model.predictorNames.map((name) => data.predictors[name] ?? data.predictors.x);
    const evaluate = (full: Float64Array, cols: readonly Float64Array[], out: Float64Array) =>
      model.evaluate(full, cols, out);
    const evaluateWithJacobian = (
      full: Float64Array,
      cols: readonly Float64Array[],
      out: Float64Array,
      jac: Float64Array,
    ) => {
      evaluate(full, cols, out);
      const P = full.length;
      const plus = new Float64Array(out.length);
      const minus = new Float64Array(out.length);
      for (let j = 0; j < P; j++) {
        const h = 1e-6 * Math.max(Math.abs(full[j]), 1e-6);
        const p = Float64Array.from(full);
        p[j] = full[j] + h;
        evaluate(p, cols, plus);
        p[j] = full[j] - h;
        evaluate(p, cols, minus);
        for (let i = 0; i < out.length; i++) jac[i * P + j] = (plus[i] - minus[i]) / (2 * h);
      }
    };
    return { data, paramNames: model.paramNames, predictors, model: { evaluate, evaluateWithJacobian } };
  }
}

/** f(x) at the given parameters, on the prepared data. */
function fittedValues(prepared: ResamplingFit, params: Record<string, number>): Float64Array {
  const full = Float64Array.from(prepared.paramNames, (name) => params[name]);
  const out = new Float64Array(prepared.data.y.length);
  prepared.model.evaluate(full, prepared.predictors, out);
  return out;
}

interface ResampledData {
  y?: NumericArray[];
  x?: (NumericArray | Record<string, NumericArray>)[];
  sigma?: NumericArray[];
}

function resampledData(
  problem: FitProblem,
  prepared: ResamplingFit,
  fitted: Float64Array,
  kind: BootstrapKind,
  resamples: number,
  uniform: () => number,
  dof: number,
): ResampledData {
  const { y, sigma } = prepared.data;
  const n = y.length;
  const s = (i: number) => (sigma ? sigma[i] : 1);
  const ys: Float64Array[] = [];
  if (kind === 'case') {
    const columns = prepared.data.predictors;
    const named = !isArrayLike(problem.x);
    const xs: (NumericArray | Record<string, NumericArray>)[] = [];
    const sigmas: Float64Array[] = [];
    const index = new Uint32Array(n);
    for (let j = 0; j < resamples; j++) {
      for (let i = 0; i < n; i++) index[i] = Math.floor(uniform() * n);
      ys.push(Float64Array.from(index, (k) => y[k]));
      if (sigma) sigmas.push(Float64Array.from(index, (k) => sigma[k]));
      const picked: Record<string, Float64Array> = {};
      for (const name of prepared.data.predictorNames) picked[name] = Float64Array.from(index, (k) => columns[name][k]);
      xs.push(named ? picked : picked[prepared.data.predictorNames[0]]);
    }
    return { y: ys, x: xs, sigma: sigma ? sigmas : undefined };
  }
  const e = Float64Array.from(y, (v, i) => (v - fitted[i]) / s(i));
  // Residuals are smaller than the errors by the fitted degrees of freedom: √(n/dof) restores
  // their variance (for wild resampling this is MacKinnon–White's HC1 scaling).
  const inflate = Math.sqrt(n / dof);
  let mean = 0;
  if (kind === 'residual') {
    for (let i = 0; i < n; i++) mean += e[i];
    mean /= n;
  }
  for (let i = 0; i < n; i++) e[i] = (e[i] - mean) * inflate;
  for (let j = 0; j < resamples; j++) {
    const yj = new Float64Array(n);
    if (kind === 'residual') for (let i = 0; i < n; i++) yj[i] = fitted[i] + s(i) * e[Math.floor(uniform() * n)];
    else for (let i = 0; i < n; i++) yj[i] = fitted[i] + s(i) * e[i] * (uniform() < 0.5 ? -1 : 1);
    ys.push(yj);
  }
  return { y: ys };
}

/**
 * Empirical influence of each point on each free parameter, up to a common factor:
 * lᵢ = Cov·Jᵢᵀ·rᵢ with J and r weighted by 1/σ (the linearized jackknife).
 */
function influenceValues(
  prepared: ResamplingFit,
  result: FitResult,
  fitted: Float64Array,
): Record<string, Float64Array> | null {
  const P = prepared.paramNames.length;
  const n = prepared.data.y.length;
  const full = Float64Array.from(prepared.paramNames, (name) => result.params[name]);
  const f = new Float64Array(n);
  const jac = new Float64Array(n * P);
  prepared.model.evaluateWithJacobian(full, prepared.predictors, f, jac);
  const order = prepared.paramNames.map((name) => result.paramNames.indexOf(name));
  if (order.some((k) => k < 0) || result.covariance.length !== result.paramNames.length) return null;
  const out: Record<string, Float64Array> = {};
  prepared.paramNames.forEach((name, a) => {
    const row = result.covariance[order[a]];
    const l = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const w = prepared.data.sigma ? 1 / prepared.data.sigma[i] : 1;
      const r = (prepared.data.y[i] - fitted[i]) * w;
      let dot = 0;
      for (let b = 0; b < P; b++) dot += row[order[b]] * jac[i * P + b] * w;
      l[i] = dot * r;
    }
    out[name] = l;
  });
  return out;
}

function summarize(
  values: number[],
  estimate: number,
  level: number,
  influence: Float64Array | undefined,
): BootstrapParameter {
  const sorted = Float64Array.from(values).sort();
  const B = sorted.length;
  if (B < 2)
    return {
      value: estimate,
      bias: NaN,
      stdError: NaN,
      percentile: [NaN, NaN],
      bca: null,
      bcaReason: 'fewer than two resamples converged',
    };
  let mean = 0;
  for (const v of sorted) mean += v;
  mean /= B;
  let ss = 0;
  for (const v of sorted) ss += (v - mean) ** 2;
  const alpha = (1 - level) / 2;
  const out: BootstrapParameter = {
    value: estimate,
    bias: mean - estimate,
    stdError: Math.sqrt(ss / (B - 1)),
    percentile: [quantile(sorted, alpha), quantile(sorted, 1 - alpha)],
    bca: null,
  };
  let below = 0;
  let equal = 0;
  for (const v of sorted) {
    if (v < estimate) below++;
    else if (v === estimate) equal++;
  }
  const z0 = normalQuantile((below + 0.5 * equal) / B);
  const a = acceleration(influence);
  if (!Number.isFinite(z0))
    out.bcaReason = 'every resample lies on one side of the estimate: the bias correction is infinite';
  else if (!Number.isFinite(a))
    out.bcaReason = 'the acceleration is undefined (no influence of the data on this parameter)';
  else {
    const adjusted = (z: number) => normalCdf(z0 + (z0 + z) / (1 - a * (z0 + z)));
    const lo = adjusted(normalQuantile(alpha));
    const hi = adjusted(normalQuantile(1 - alpha));
    if (Number.isFinite(lo) && Number.isFinite(hi)) out.bca = [quantile(sorted, lo), quantile(sorted, hi)];
    else out.bcaReason = 'the BCa levels are not finite';
  }
  return out;
}

/** â = Σ l³ / (6·(Σ l²)^{3/2}) from the empirical influence values. */
function acceleration(l: Float64Array | undefined): number {
  if (!l) return NaN;
  let s2 = 0;
  let s3 = 0;
  for (const v of l) {
    s2 += v * v;
    s3 += v * v * v;
  }
  return s2 > 0 ? s3 / (6 * s2 ** 1.5) : NaN;
}

/** The q-quantile of sorted values, linear interpolation between order statistics (numpy's default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0 || !(q >= 0 && q <= 1)) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
