/**
 * Deterministic synthetic data for the GPU end-to-end specs: the four well-conditioned models
 * of issue 5 with their truths, start values and x ranges (mulberry32 + Box–Muller noise).
 */
import { mulberry32, normalSampler } from '../../core/numerics/seeded-random';

export interface HarnessModel {
  expression: string;
  truth: Record<string, number>;
  p0: Record<string, number>;
  xRange: [number, number];
  noise: number;
}

export const HARNESS_MODELS: Record<string, HarnessModel> = {
  gauss4: {
    expression: 'a*exp(-(x-mu)^2/(2*s^2)) + c',
    truth: { a: 3, mu: 0.2, s: 1.1, c: 0.5 },
    p0: { a: 2.5, mu: 0, s: 1.4, c: 0.3 },
    xRange: [-5, 5],
    noise: 0.05,
  },
  expDecay: {
    expression: 'a*exp(-x/t) + c',
    truth: { a: 2, t: 1.5, c: 0.3 },
    p0: { a: 1.5, t: 1, c: 0 },
    xRange: [0, 8],
    noise: 0.02,
  },
  fourPL: {
    expression: 'd + (a - d)/(1 + (x/c)^b)',
    truth: { a: 0.1, b: 1.5, c: 2, d: 1.8 },
    p0: { a: 0.2, b: 1.2, c: 3, d: 1.6 },
    xRange: [0.05, 20],
    noise: 0.02,
  },
  threePeaks: {
    expression: 'b0 + b1*x + a1*exp(-(x-m1)^2/(2*s1^2)) + a2*exp(-(x-m2)^2/(2*s2^2)) + a3*exp(-(x-m3)^2/(2*s3^2))',
    truth: { b0: 0.5, b1: 0.05, a1: 2, m1: -3, s1: 0.6, a2: 3, m2: 0, s2: 0.8, a3: 1.5, m3: 3.5, s3: 0.5 },
    p0: { b0: 0.4, b1: 0.04, a1: 1.8, m1: -2.8, s1: 0.7, a2: 2.7, m2: 0.2, s2: 0.9, a3: 1.3, m3: 3.3, s3: 0.6 },
    xRange: [-6, 6],
    noise: 0.05,
  },
};

/** n points of `model` at parameters `truth` with Gaussian noise; sigma = the noise level. */
export function generateCurve(
  evaluate: (params: Float64Array, predictors: readonly Float64Array[], out: Float64Array) => void,
  paramNames: readonly string[],
  spec: HarnessModel,
  n: number,
  seed: number,
  truth: Record<string, number> = spec.truth,
  sharedX?: Float64Array,
): { x: Float64Array; y: Float64Array; sigma: Float64Array } {
  const next = mulberry32(seed);
  const [lo, hi] = spec.xRange;
  const x = sharedX ?? new Float64Array(n);
  if (!sharedX) for (let i = 0; i < n; i++) x[i] = lo + (hi - lo) * next();
  const y = new Float64Array(n);
  evaluate(Float64Array.from(paramNames.map((p) => truth[p])), [x], y);
  const normal = normalSampler(next);
  for (let i = 0; i < n; i++) y[i] += spec.noise * normal();
  return { x, y, sigma: new Float64Array(n).fill(spec.noise) };
}
