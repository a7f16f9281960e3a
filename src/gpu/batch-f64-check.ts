/**
 * The per-curve check after a float32 GPU batch (DESIGN.md: "no curve is reported converged
 * and wrong"). For each curve, at the GPU's parameters, in float64 on the CPU: the cost and
 * the Gauss–Newton step −(JᵀJ)⁻¹Jᵀr. A curve is refitted in float64 on the CPU when the GPU
 * did not converge, anything is not finite (parameters, cost, standard errors), its float32
 * cost disagrees with the float64 cost, the remaining step is more than 1% of a standard
 * error (not a minimum), JᵀJ is singular, or its cost is far above the batch's median. The
 * refit starts from the curve's own start values, as the CPU batch would: a refitted curve
 * is the CPU's answer.
 */
import type { BatchResult, FitBatch, FitOptions, NumericArray } from '../core/api-types';
import type { CompiledModel } from '../core/model';
import { choleskyInverse } from '../core/numerics/dense-cholesky';
import { createCpuEvaluator } from '../core/solver';
import { curveFitBatch, curveP0, curveX, curvesAtBound } from '../core/fit';

export interface F64CheckThresholds {
  /** Largest remaining Gauss–Newton step, in standard errors (default 0.01). */
  stepInStdErrors: number;
  /** Largest relative difference between the GPU's cost and the float64 cost (default 1e-3). */
  costRelative: number;
  /** A cost this many times the batch's median cost is checked on the CPU (default 1e4). */
  outlierFactor: number;
}

export const DEFAULT_F64_CHECK: F64CheckThresholds = { stepInStdErrors: 0.01, costRelative: 1e-3, outlierFactor: 1e4 };

export interface CurveCheck {
  /** 1 = refit in float64 on the CPU. */
  refit: Uint8Array;
  notIdentifiable: Uint8Array;
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Which curves of a GPU batch result are not a converged float64 minimum. */
export function checkCurvesInF64(
  model: CompiledModel,
  batch: FitBatch,
  result: BatchResult,
  options: FitOptions = {},
  thresholds: F64CheckThresholds = DEFAULT_F64_CHECK,
): CurveCheck {
  const count = result.cost.length;
  const np = result.paramNames.length;
  const fixedNames = new Set(batch.fixed ?? []);
  const free = result.paramNames.map((name, i) => (fixedNames.has(name) ? -1 : i)).filter((i) => i >= 0);
  const k = free.length;
  const refit = new Uint8Array(count);
  const notIdentifiable = new Uint8Array(count);
  const costs: number[] = [];
  for (let j = 0; j < count; j++)
    if (result.converged[j] && Number.isFinite(result.cost[j])) costs.push(result.cost[j]);
  const typical = median(costs);
  const jtj = new Float64Array(k * k);
  const jtr = new Float64Array(k);
  const inv = new Float64Array(k * k);
  const theta = new Float64Array(k);
  for (let j = 0; j < count; j++) {
    if (!result.converged[j] || !Number.isFinite(result.cost[j])) {
      refit[j] = 1;
      continue;
    }
    let finite = true;
    for (const i of free) {
      if (!Number.isFinite(result.params[j * np + i]) || !Number.isFinite(result.stdErrors[j * np + i])) finite = false;
    }
    if (!finite) {
      refit[j] = 1;
      notIdentifiable[j] = 1;
      continue;
    }
    if (typical > 0 && result.cost[j] > thresholds.outlierFactor * typical) {
      refit[j] = 1;
      continue;
    }
    const fixed: Record<string, number> = {};
    result.paramNames.forEach((name, i) => {
      if (fixedNames.has(name)) fixed[name] = result.params[j * np + i];
    });
    const y = batch.y[j];
    const m = y.length;
    let cost: number;
    try {
      const evaluator = createCpuEvaluator({
        model,
        predictors: [asFloat64(curveX(batch, j))],
        y: asFloat64(y),
        sigma: batch.sigma ? asFloat64(batch.sigma[j]) : undefined,
        loss: options.loss,
        fScale: options.fScale,
        fixed,
      });
      free.forEach((i, f) => (theta[f] = result.params[j * np + i]));
      cost = evaluator.normalEquations(theta, jtj, jtr);
    } catch {
      refit[j] = 1;
      continue;
    }
    if (!Number.isFinite(cost) || Math.abs(cost - result.cost[j]) > thresholds.costRelative * Math.max(cost, 1e-300)) {
      refit[j] = 1;
      continue;
    }
    if (!choleskyInverse(k, jtj, inv)) {
      refit[j] = 1;
      notIdentifiable[j] = 1;
      continue;
    }
    const s2 = options.absoluteSigma ? 1 : m > k ? (2 * cost) / (m - k) : Number.NaN;
    for (let a = 0; a < k && !refit[j]; a++) {
      let step = 0;
      for (let b = 0; b < k; b++) step += inv[a * k + b] * jtr[b];
      const se = Math.sqrt(s2 * inv[a * k + a]);
      // A perfect fit (s² = 0) has no standard error to measure the step by: compare with θ.
      const scale = se > 0 ? se : Math.abs(theta[a]) * 1e-12 + 1e-300;
      if (!(Math.abs(step) <= thresholds.stepInStdErrors * scale)) refit[j] = 1;
    }
  }
  return { refit, notIdentifiable };
}

function asFloat64(values: NumericArray): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>);
}

/**
 * Checks every curve of a GPU result in float64 and refits the ones that fail on the CPU,
 * in place; fills `result.diagnostics`.
 */
export async function checkAndRefitInF64(
  model: CompiledModel,
  batch: FitBatch,
  result: BatchResult,
  options: FitOptions = {},
  thresholds: F64CheckThresholds = DEFAULT_F64_CHECK,
): Promise<BatchResult> {
  const { refit, notIdentifiable } = checkCurvesInF64(model, batch, result, options, thresholds);
  const chosen: number[] = [];
  refit.forEach((v, j) => v && chosen.push(j));
  if (chosen.length > 0) {
    const perCurveX = Array.isArray(batch.x) && batch.x.length > 0 && typeof batch.x[0] !== 'number';
    const subset: FitBatch = {
      ...batch,
      x: perCurveX ? chosen.map((j) => curveX(batch, j)) : batch.x,
      y: chosen.map((j) => batch.y[j]),
      sigma: batch.sigma ? chosen.map((j) => (batch.sigma as NumericArray[])[j]) : undefined,
      p0: Array.isArray(batch.p0) ? chosen.map((j) => curveP0(batch, j) as Record<string, number>) : batch.p0,
    };
    const cpu = await curveFitBatch(subset, { ...options, backend: 'cpu', onIteration: undefined });
    const np = result.paramNames.length;
    chosen.forEach((j, s) => {
      for (let i = 0; i < np; i++) {
        result.params[j * np + i] = cpu.params[s * np + i];
        result.stdErrors[j * np + i] = cpu.stdErrors[s * np + i];
      }
      result.cost[j] = cpu.cost[s];
      result.converged[j] = cpu.converged[s];
      result.iterations[j] += cpu.iterations[s];
      notIdentifiable[j] = 0;
      for (let i = 0; i < np; i++) if (!Number.isFinite(cpu.stdErrors[s * np + i])) notIdentifiable[j] = 1;
    });
  }
  result.diagnostics = { atBound: curvesAtBound(batch, result), notIdentifiable, refittedF64: refit };
  return result;
}
