/**
 * Polishing of near-exact fits. When a model reproduces its data to ~1e-13 relative (data
 * generated exactly from the model, such as NIST's Lanczos1), the f64 residuals are mostly
 * rounding: each y − f carries ~1e-16·|y| of evaluation error and the data themselves
 * ~1e-16·|y| of decimal → binary conversion, so χ² — and the standard errors, which scale
 * with √χ² — keep only 2–3 digits. Here the residuals are recomputed with the model in
 * double-double and the data read as the decimals they were written as, a few Gauss–Newton
 * steps (f64 Jacobian, double-double residuals) polish the parameters, and the statistics
 * then use these residuals.
 *
 * One f64 pass decides: ordinary fits (residuals well above rounding) are left untouched.
 */
import type { CompiledModel } from '../model/compiled-model';
import { add, dd, sub, toNumber, type DD } from '../numerics/double-double';
import { fromShortestDecimal, liftColumn, type DdColumn } from '../numerics/double-double-decimal';
import { compileDoubleDouble, type DoubleDoubleModel } from '../model/evaluate-double-double';
import { parseModel } from '../model/parse-model';
import { applyQt, createQrWorkspace, qrFactor } from '../numerics/dense-qr';

/** A fit is near-exact when RMS(r) < this × RMS(y/σ): f64 rounding then shows in χ² beyond its 7th digit. */
export const NEAR_EXACT_RATIO = 1e-9;
/** Above this many points the polishing is not attempted (cost, and such fits are not exact). */
export const NEAR_EXACT_MAX_POINTS = 100_000;
const DEFAULT_MAX_STEPS = 6;

export interface NearExactInput {
  model: CompiledModel;
  /** One column per model.predictorNames entry. */
  predictors: readonly Float64Array[];
  y: Float64Array;
  sigma?: Float64Array;
  /** Free parameter names, in `params` order. */
  freeNames: readonly string[];
  /** Values of the other parameters of the model. */
  fixedValues: Readonly<Record<string, number>>;
  /** The minimizer's solution (free parameters). */
  params: Float64Array;
  /** Σ r² of the weighted residuals at `params`, when the caller has it: saves a model evaluation. */
  chiSquare?: number;
  /** Σ (y/σ)² of the data, when the caller has it (dataSumsOfSquares): with chiSquare the test reads no data. */
  dataSumOfSquares?: number;
  /** Bounds of the free parameters: a step that leaves them is not taken. */
  lower?: Float64Array;
  upper?: Float64Array;
  /** Gauss–Newton steps at most; default 6. */
  maxSteps?: number;
}

export type NearExactOutcome =
  /** Not a near-exact fit (or too large): nothing to do; the caller keeps its results. */
  | { status: 'not-needed' }
  /** Near-exact, but the model cannot be evaluated in double-double. */
  | { status: 'unsupported'; reason: string }
  | {
      status: 'refined';
      /** Free parameters after polishing (the input ones when no step lowered χ²). */
      params: Float64Array;
      /** (y − f)/σ from double-double evaluation, rounded to f64. */
      residuals: Float64Array;
      /** Jacobian of the residuals, −(∂f/∂θ)/σ, row-major m × k, at `params`. */
      jacobian: Float64Array;
      /** JᵀJ, k × k row-major. */
      jtj: Float64Array;
      chiSquare: number;
      /** ½·χ² (linear loss). */
      cost: number;
      /** Gauss–Newton steps accepted. */
      steps: number;
    };

interface Evaluation {
  residuals: Float64Array;
  chiSquare: number;
  fallbacks: string[];
}

/**
 * Decides with one f64 pass whether the fit at `params` is near-exact and, if so and the
 * model has a double-double evaluation, polishes it. Never raises χ² (measured in
 * double-double) above that of the minimizer's parameters.
 */
export function refineNearExactFit(input: NearExactInput): NearExactOutcome {
  const { model, predictors, y, sigma, freeNames } = input;
  const m = y.length;
  const k = freeNames.length;
  if (m === 0 || m > NEAR_EXACT_MAX_POINTS || m < k) return { status: 'not-needed' };
  const paramNames = model.paramNames;
  const freeIndex = freeNames.map((name) => paramNames.indexOf(name));
  if (freeIndex.some((i) => i < 0) || input.params.length !== k) return { status: 'not-needed' };
  const full = (free: Float64Array): Float64Array => {
    const out = Float64Array.from(paramNames, (name) => input.fixedValues[name] ?? 0);
    freeIndex.forEach((i, j) => (out[i] = free[j]));
    return out;
  };

  // Model values: allocated only when the test evaluates the model or the polish runs.
  let f: Float64Array | null = null;
  let sr = 0;
  let sy = input.dataSumOfSquares ?? 0;
  if (input.chiSquare !== undefined) {
    sr = input.chiSquare;
    if (input.dataSumOfSquares === undefined) {
      for (let i = 0; i < m; i++) {
        const s = sigma ? sigma[i] : 1;
        sy += (y[i] / s) * (y[i] / s);
      }
    }
  } else {
    f = new Float64Array(m);
    model.evaluate(full(input.params), predictors, f);
    sy = 0;
    for (let i = 0; i < m; i++) {
      const s = sigma ? sigma[i] : 1;
      const r = (y[i] - f[i]) / s;
      sr += r * r;
      sy += (y[i] / s) * (y[i] / s);
    }
  }
  if (!Number.isFinite(sr) || !Number.isFinite(sy) || !(sr <= NEAR_EXACT_RATIO * NEAR_EXACT_RATIO * sy))
    return { status: 'not-needed' };
  const values = f ?? new Float64Array(m);

  let ddModel: DoubleDoubleModel;
  try {
    const parsed = parseModel(model.expression, { predictors: model.predictorNames });
    ddModel = compileDoubleDouble(parsed.ast, paramNames, model.predictorNames);
  } catch (error) {
    return {
      status: 'unsupported',
      reason: `the model could not be re-read for double-double evaluation (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  if (!ddModel.supported)
    return {
      status: 'unsupported',
      reason: 'the model uses a function (erf, erfc or wofz) that is only available in f64',
    };

  const yDD = liftColumn(y);
  const predictorsDD = predictors.map(liftColumn);
  const fixedDD = paramNames.map((name) => fromShortestDecimal(input.fixedValues[name] ?? 0));
  const out: DdColumn = { hi: new Float64Array(m), lo: new Float64Array(m) };
  const evaluate = (free: readonly DD[]): Evaluation => {
    const params: DD[] = fixedDD.slice();
    freeIndex.forEach((i, j) => (params[i] = free[j]));
    const { fallbacks } = ddModel.evaluate(params, predictorsDD, out);
    const residuals = new Float64Array(m);
    let chiSquare = 0;
    for (let i = 0; i < m; i++) {
      // y − f is the one cancellation: done in double-double, its f64 rounding is harmless.
      const d = sub(dd(yDD.hi[i], yDD.lo[i]), dd(out.hi[i], out.lo[i]));
      const r = (d.hi + d.lo) / (sigma ? sigma[i] : 1);
      residuals[i] = r;
      chiSquare += r * r;
    }
    return { residuals, chiSquare, fallbacks };
  };

  // The parameters are carried in double-double too: on an f64 grid of parameter values χ²
  // could not get closer to its minimum than ~(ulp·‖J‖)², about 1e-6 of Lanczos1's χ².
  let params: DD[] = Array.from(input.params, (v) => dd(v));
  let current = evaluate(params);
  if (current.fallbacks.length > 0)
    return { status: 'unsupported', reason: `${current.fallbacks.join(', ')} could only be evaluated in f64` };
  if (!Number.isFinite(current.chiSquare)) return { status: 'not-needed' };

  const jacobianAt = (free: readonly DD[]): Float64Array => {
    const P = paramNames.length;
    const jacFull = new Float64Array(m * P);
    model.evaluateWithJacobian(full(Float64Array.from(free, toNumber)), predictors, values, jacFull);
    const jac = new Float64Array(m * k);
    for (let i = 0; i < m; i++) {
      const s = sigma ? sigma[i] : 1;
      for (let j = 0; j < k; j++) jac[i * k + j] = -jacFull[i * P + freeIndex[j]] / s;
    }
    return jac;
  };

  let jacobian = jacobianAt(params);
  let steps = 0;
  const maxSteps = input.maxSteps ?? DEFAULT_MAX_STEPS;
  for (let step = 0; step < maxSteps && current.chiSquare > 0; step++) {
    const delta = gaussNewtonStep(jacobian, current.residuals, m, k);
    if (!delta || delta.every((d) => d === 0)) break;
    const trial = params.map((v, j) => add(v, dd(delta[j])));
    const inside = trial.every(
      (v, j) =>
        Number.isFinite(v.hi) && (!input.lower || v.hi >= input.lower[j]) && (!input.upper || v.hi <= input.upper[j]),
    );
    if (!inside) break;
    const next = evaluate(trial);
    if (next.fallbacks.length > 0 || !(next.chiSquare < current.chiSquare)) break;
    params = trial;
    current = next;
    jacobian = jacobianAt(params);
    steps++;
  }

  const jtj = new Float64Array(k * k);
  for (let i = 0; i < m; i++) {
    for (let a = 0; a < k; a++) {
      const ja = jacobian[i * k + a];
      for (let b = 0; b <= a; b++) jtj[a * k + b] += ja * jacobian[i * k + b];
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) jtj[b * k + a] = jtj[a * k + b];
  return {
    status: 'refined',
    params: Float64Array.from(params, toNumber),
    residuals: current.residuals,
    jacobian,
    jtj,
    chiSquare: current.chiSquare,
    cost: current.chiSquare / 2,
    steps,
  };
}

/**
 * The Gauss–Newton step δ minimizing ‖r + J·δ‖ (J the residuals' Jacobian, row-major
 * m × k) by pivoted Householder QR; directions the data do not determine get 0.
 */
export function gaussNewtonStep(
  jacobian: Float64Array,
  residuals: Float64Array,
  m: number,
  k: number,
): Float64Array | null {
  const ws = createQrWorkspace(m, k);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) ws.a[i + j * m] = jacobian[i * k + j];
  qrFactor(ws, true);
  // J·δ ≈ −r.
  const b = Float64Array.from(residuals, (v) => -v);
  applyQt(ws, b);
  const rmax = Math.abs(ws.rdiag[0]);
  if (!(rmax > 0) || !Number.isFinite(rmax)) return null;
  const tol = Math.max(m, k) * Number.EPSILON * rmax;
  let rank = 0;
  while (rank < k && Math.abs(ws.rdiag[rank]) > tol) rank++;
  const z = new Float64Array(k);
  for (let j = rank - 1; j >= 0; j--) {
    let s = b[j];
    for (let c = j + 1; c < rank; c++) s -= ws.a[j + c * m] * z[c];
    z[j] = s / ws.rdiag[j];
  }
  const delta = new Float64Array(k);
  for (let j = 0; j < k; j++) delta[ws.ipvt[j]] = z[j];
  return delta.every(Number.isFinite) ? delta : null;
}
