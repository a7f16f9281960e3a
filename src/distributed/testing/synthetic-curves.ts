/**
 * Reproducible decay curves y = a·exp(−x/t) + noise for the distributed-batch tests and
 * benchmarks: small curves (2 parameters) so 200,000 of them fit in seconds on two cores.
 */
import type { BatchCurves } from '../../core/data/batch';
import type { BatchProblem } from '../chunk-job';

export const DECAY_PROBLEM: BatchProblem = { model: 'a*exp(-x/t)', p0: { a: 1, t: 1 } };

export function decayCurves(count: number, points = 16, seed = 7): BatchCurves {
  const x = Float64Array.from({ length: points }, (_, i) => (i * 4) / points);
  const y = new Float64Array(count * points);
  let s = seed >>> 0;
  const random = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let j = 0; j < count; j++) {
    const a = 0.5 + random() * 2;
    const t = 0.4 + random() * 2;
    for (let i = 0; i < points; i++) y[j * points + i] = a * Math.exp(-x[i] / t) + 0.02 * (random() - 0.5);
  }
  return { count, points, x, xPerCurve: false, y };
}

/**
 * Decay curves that carry their own sigma (a different noise level per curve, growing along
 * x) and their own start value of `a`: the per-curve inputs a distributed batch must carry.
 */
export function decayCurvesWithSigma(count: number, points = 16, seed = 5): BatchCurves {
  const curves = decayCurves(count, points, seed);
  const sigma = new Float64Array(count * points);
  for (let j = 0; j < count; j++)
    for (let i = 0; i < points; i++) sigma[j * points + i] = 0.005 * (1 + (j % 5)) * (1 + (3 * i) / points);
  const a = Float64Array.from({ length: count }, (_, j) => 0.6 + 0.25 * (j % 7));
  return { ...curves, sigma, p0: { names: ['a'], values: a } };
}
