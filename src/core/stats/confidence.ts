/**
 * Student-t confidence intervals for parameters, and confidence/prediction bands of the
 * fitted curve by the delta method.
 *
 * Band at x: ŷ ± t·√(g Σ gᵀ), g = ∂f/∂θ at x, Σ the (already scaled) covariance.
 * Prediction band: ŷ ± t·√(g Σ gᵀ + s²), s² the variance of a new observation:
 *   σ(x)²·reduced χ² when the fit was weighted and σ(x) is known (1·reduced χ² unweighted);
 *   σ(x)² alone with absoluteSigma (σ is then taken as the true noise).
 * t = t_{(1+level)/2, dof}; with dof < 1 the bands and intervals are infinite.
 */
import type { ConfidenceBands, NumericArray } from '../api-types';
import { LruCache } from '../lru-cache';
import { studentTQuantile } from './student-t';

/** The fitted function and its gradient over the free parameters at one x. */
export interface BandPoint {
  value: number;
  /** ∂f/∂θ_j over the free parameters, in covariance order. */
  gradient: NumericArray;
  /** σ of a new observation at x, when known (weighted fits). */
  sigma?: number;
}

export interface BandOptions {
  /** Free-parameter covariance (k × k row-major), already scaled. */
  covariance: Float64Array;
  numFreeParams: number;
  dof: number;
  /** Confidence level in (0, 1); default 0.95. */
  level?: number;
  /** Reduced χ² of the fit (scales the observation noise unless absoluteSigma). */
  reducedChiSquare: number;
  absoluteSigma?: boolean;
}

/**
 * Critical values already solved for, by level and dof. A t quantile is a root search over
 * the incomplete beta function: in a new process that scalar code is not yet optimized and
 * costs more than the rest of a small fit's statistics, while fits of one data set (the
 * first calls, refits, batches) ask for the same (level, dof) again.
 */
const criticalValues = new LruCache<string, number>(64);

/** Two-sided critical value t_{(1+level)/2, dof}; Infinity when dof < 1. */
export function criticalT(level: number, dof: number): number {
  if (!(level > 0 && level < 1)) return NaN;
  if (!(dof >= 1)) return Infinity;
  return criticalValues.getOrCreate(`${level} ${dof}`, () => studentTQuantile(0.5 + level / 2, dof));
}

/** [θ − t·se, θ + t·se] for each parameter (t from `criticalT`). */
export function confidenceIntervals(
  values: NumericArray,
  stdErrors: NumericArray,
  dof: number,
  level = 0.95,
): [number, number][] {
  const t = criticalT(level, dof);
  return Array.from({ length: values.length }, (_, i) => {
    const se = stdErrors[i];
    // A fixed parameter (se = 0) has a degenerate interval even when t is infinite.
    const h = se === 0 ? 0 : t * se;
    return [values[i] - h, values[i] + h];
  });
}

/** Confidence and prediction bands at each x. */
export function confidenceBands(
  xs: NumericArray,
  evaluateAt: (x: number) => BandPoint,
  options: BandOptions,
): ConfidenceBands {
  const { covariance, numFreeParams: k, dof, reducedChiSquare } = options;
  const t = criticalT(options.level ?? 0.95, dof);
  const noiseScale = options.absoluteSigma ? 1 : reducedChiSquare;
  const out: ConfidenceBands = {
    x: [],
    y: [],
    confidenceLower: [],
    confidenceUpper: [],
    predictionLower: [],
    predictionUpper: [],
  };
  for (let n = 0; n < xs.length; n++) {
    const x = xs[n];
    const { value, gradient: g, sigma } = evaluateAt(x);
    let variance = 0;
    for (let i = 0; i < k; i++) {
      let row = 0;
      for (let j = 0; j < k; j++) row += covariance[i * k + j] * g[j];
      variance += g[i] * row;
    }
    variance = Math.max(0, variance);
    const s = sigma ?? 1;
    const conf = t === Infinity ? Infinity : t * Math.sqrt(variance);
    const pred = t === Infinity ? Infinity : t * Math.sqrt(variance + s * s * noiseScale);
    out.x.push(x);
    out.y.push(value);
    out.confidenceLower.push(value - conf);
    out.confidenceUpper.push(value + conf);
    out.predictionLower.push(value - pred);
    out.predictionUpper.push(value + pred);
  }
  return out;
}
