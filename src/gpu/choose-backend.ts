import type { BackendChoice, BackendName } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import { choleskyInverse } from '../core/numerics/dense-cholesky';
import { symmetricEigen } from '../core/numerics/jacobi-decompositions';

/**
 * The `auto` backend rule and the f32-sufficiency rule, as pure functions.
 *
 * Measured (src/gpu/README.md, `npm run bench -- --gpu`, section "crossover"):
 * - headless Chromium on the 2-core CI machine has only SwiftShader (software), and the f64
 *   CPU fit wins at every size from 1e3 to 1e6 points (gauss4: 0.56 s CPU vs 9.9 s GPU at
 *   1e6): no crossover, so `auto` never picks a software adapter;
 * - on an H100 (Node + Dawn), gauss4 from f64 data in host memory (upload, fit, release, as
 *   one service job does) against the CPU f64 fit on the same machine: 3e3 points 2.0 vs
 *   2.3 ms, 1e4 1.9 vs 4.7 ms, 3e4 2.5 vs 8.4 ms, 1e5 3.8 vs 22 ms, 1e6 25 vs 195 ms. The GPU
 *   draws level near 3e3 points; `auto` switches at 1e4, where it is 2.5× faster, so the
 *   many small interactive fits keep full f64 arithmetic. Batches switch at 1e5 points in
 *   total (5,000 curves × 128 points: 71 ms on the H100 against 631 ms on its CPU).
 */
export const AUTO_GPU_MIN_POINTS = 10_000;
export const AUTO_GPU_MIN_BATCH_POINTS = 100_000;

export interface BackendInput {
  requested: BackendChoice | undefined;
  /** An adapter was obtained (and the WebGPU breaker is not open). */
  gpuAvailable: boolean;
  /** The adapter is a software one (SwiftShader: isFallbackAdapter or vendor "google swiftshader"). */
  softwareAdapter?: boolean;
  /** Points of a single fit, or points per curve of a batch. */
  points: number;
  /** Curves of a batch (1 for a single fit). */
  curves?: number;
  /** Overrides AUTO_GPU_MIN_POINTS (single) / AUTO_GPU_MIN_BATCH_POINTS (batch). */
  threshold?: number;
}

export interface BackendDecision {
  backend: BackendName;
  reason: string;
}

/** True for SwiftShader-like adapters, which `auto` never picks. */
export function isSoftwareAdapter(info: {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
}): boolean {
  return (
    info.isFallbackAdapter ||
    /swiftshader|llvmpipe|software|warp/i.test(`${info.vendor} ${info.architecture} ${info.description}`)
  );
}

/** Picks the backend: explicit choices are honoured (webgpu without an adapter is an error). */
export function chooseBackend(input: BackendInput): BackendDecision {
  const { requested = 'auto', gpuAvailable, points } = input;
  const curves = input.curves ?? 1;
  if (requested === 'cpu') return { backend: 'cpu', reason: 'backend "cpu" requested' };
  if (requested === 'webgpu') {
    if (!gpuAvailable)
      throw new FitbenchError('GPU_UNAVAILABLE', 'Backend "webgpu" was requested but no WebGPU adapter is available.');
    return { backend: 'webgpu', reason: 'backend "webgpu" requested' };
  }
  if (requested !== 'auto') {
    throw new FitbenchError('OPTIONS_INVALID', `Unknown backend "${String(requested)}": use auto, cpu or webgpu.`, {
      option: 'backend',
    });
  }
  if (!gpuAvailable) return { backend: 'cpu', reason: 'auto: no WebGPU adapter' };
  if (input.softwareAdapter)
    return { backend: 'cpu', reason: 'auto: the WebGPU adapter is a software one (slower than the CPU at every size)' };
  const batch = curves > 1;
  const total = points * curves;
  const threshold = input.threshold ?? (batch ? AUTO_GPU_MIN_BATCH_POINTS : AUTO_GPU_MIN_POINTS);
  if (total >= threshold) return { backend: 'webgpu', reason: `auto: ${total} points ≥ ${threshold}` };
  return { backend: 'cpu', reason: `auto: ${total} points < ${threshold}` };
}

/** Above this condition number of the Jacobi-scaled JᵀJ, f32 sums lose too many digits. */
export const F32_COND_LIMIT = 1e5;
/** Residuals smaller than this fraction of the weighted data are lost in f32 rounding of y − f. */
export const F32_TINY_RESIDUAL_RATIO = 1e-5;
/**
 * The GPU phase has converged when the Gauss–Newton step is below this many standard errors:
 * half of DESIGN.md's 1% rule. Tighter is not reachable in f32: on the H100 at 1e6 gauss4
 * points the step stalled near 1e-3 standard errors (systematic f32 error of exp() is
 * correlated with the Jacobian, so it does not average out), and the fit went to the CPU.
 */
export const F32_STEP_TOL = 5e-3;

export interface F32Input {
  /** JᵀJ (n × n row-major) and Jᵀr of the free parameters at the current point. */
  jtj: Float64Array;
  jtr: Float64Array;
  /** Number of residuals. */
  points: number;
  /** ½Σρ and Σr² at the point. */
  cost: number;
  sumSq: number;
  /** Σ (y/σ)²: the scale against which residuals are compared. */
  sumSqWeightedY: number;
}

export type F32Verdict = 'converged' | 'continue' | 'finish-f64';

export interface F32Assessment {
  verdict: F32Verdict;
  reason: string;
  /** Condition number of D^-½·JᵀJ·D^-½ (D = diag JᵀJ). */
  condition: number;
  /** max_j |δ_j| / SE_j of the Gauss–Newton step δ = −(JᵀJ)⁻¹Jᵀr. */
  stepInStdErrors: number;
}

/**
 * Decides whether f32 arithmetic on the GPU is good enough at the current point:
 * - 'finish-f64' when JᵀJ is ill-conditioned (scaled condition > F32_COND_LIMIT) or the
 *   residuals are tiny next to the data (rms r < F32_TINY_RESIDUAL_RATIO · rms y/σ);
 * - 'converged' when the remaining Gauss–Newton step is below F32_STEP_TOL standard errors
 *   of every parameter (DESIGN.md's 1% rule with a tenfold margin);
 * - 'continue' otherwise. A GPU phase that stops without 'converged' (f32 noise stalls the
 *   cost at ~1e-6 relative change) is finished with f64 CPU iterations by the caller.
 */
export function assessF32(input: F32Input): F32Assessment {
  const { jtj, jtr, points, cost, sumSq, sumSqWeightedY } = input;
  const n = jtr.length;
  const scaled = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const d = Math.sqrt(jtj[a * n + a] * jtj[b * n + b]);
      scaled[a * n + b] = d > 0 ? jtj[a * n + b] / d : a === b ? 1 : 0;
    }
  }
  const ev = symmetricEigen(n, scaled).values;
  const condition = ev[n - 1] > 0 ? ev[0] / ev[n - 1] : Infinity;
  const inv = new Float64Array(n * n);
  const invertible = choleskyInverse(n, jtj, inv);
  let step = Infinity;
  if (invertible) {
    const s2 = (2 * cost) / Math.max(1, points - n);
    step = 0;
    for (let a = 0; a < n; a++) {
      let d = 0;
      for (let b = 0; b < n; b++) d -= inv[a * n + b] * jtr[b];
      const se = Math.sqrt(Math.max(0, inv[a * n + a] * s2));
      step = Math.max(step, se > 0 ? Math.abs(d) / se : d === 0 ? 0 : Infinity);
    }
  }
  const base = { condition, stepInStdErrors: step };
  if (!(condition <= F32_COND_LIMIT)) {
    return {
      ...base,
      verdict: 'finish-f64',
      reason: `JᵀJ is ill-conditioned for f32 (scaled condition ${condition.toExponential(2)} > ${F32_COND_LIMIT})`,
    };
  }
  if (Math.sqrt(sumSq) < F32_TINY_RESIDUAL_RATIO * Math.sqrt(sumSqWeightedY)) {
    return { ...base, verdict: 'finish-f64', reason: 'residuals are below f32 resolution of the data' };
  }
  if (step <= F32_STEP_TOL) {
    return {
      ...base,
      verdict: 'converged',
      reason: `Gauss–Newton step ${step.toExponential(2)} standard errors ≤ ${F32_STEP_TOL}`,
    };
  }
  return { ...base, verdict: 'continue', reason: `Gauss–Newton step ${step.toExponential(2)} standard errors` };
}
