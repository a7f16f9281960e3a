/**
 * Multistart (FitOptions.multistart): a local solver started from many points instead of
 * one, for models with several minima. The starts are a scrambled Halton sequence (low
 * discrepancy: the box is covered evenly, not in random clumps), seeded by a Cranley–
 * Patterson shift, mapped into the bounds; an open side is covered on a log scale around
 * the start value, magnitudes from |p0|·1e-4 to |p0|·1e2 and both signs where both sides
 * are open. p0 itself is the first start. All starts run as one batch through the batch
 * engine; the few best distinct minima are polished with the full float64 fit (statistics
 * included) and the best of those is the result, which says how many starts reached it.
 */
import type {
  LibraryFitOptions,
  FitProblem,
  FitResult,
  MultistartOptions,
  MultistartSummary,
  NumericArray,
} from '../api-types';
import { FitbenchError } from '../errors';
import { curveFitBatch } from '../fit/curve-fit-batch';
import { prepareFit, type PreparedFit } from '../fit/prepare-fit';
import { mulberry32 } from '../numerics/seeded-random';
import { createCpuEvaluator, minimize } from '../solver';

/** Magnitudes of an open side span |p0|·10^LOG_RANGE[0] … |p0|·10^LOG_RANGE[1]. */
const LOG_RANGE: readonly [number, number] = [-4, 2];
const POLISHED = 3;
const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** A full fit of one start: curveFit without multistart (passed in to keep the imports acyclic). */
export type SingleFit = (problem: FitProblem, options: LibraryFitOptions) => Promise<FitResult>;

/** Fits from many starts and returns the best polished result with a multistart summary. */
export async function multistartFit(
  problem: FitProblem,
  options: LibraryFitOptions,
  fit: SingleFit,
): Promise<FitResult> {
  const t0 = now();
  const { starts, seed = 1 } = validate(options.multistart);
  const single: LibraryFitOptions = { ...options };
  delete single.multistart;
  const prepared = prepareFit(problem, single);
  const startValues = startPoints(prepared, starts, seed);
  const { chiSquare, ends } = await runStarts(problem, prepared, startValues, single);
  if (options.signal?.aborted) throw new FitbenchError('FIT_ABORTED', 'the multistart fit was cancelled');
  const order = [...chiSquare.keys()]
    .filter((j) => Number.isFinite(chiSquare[j]))
    .sort((a, b) => chiSquare[a] - chiSquare[b]);
  if (order.length === 0) {
    // Nothing converged anywhere: the plain fit's result (and its error) says why.
    const result = await fit(problem, single);
    return withSummary(
      result,
      { starts, seed, reachedBest: 0, failed: starts, polished: 1, bestChiSquare: result.chiSquare },
      t0,
    );
  }
  const picks: number[] = [];
  for (const j of order) {
    if (picks.length >= POLISHED) break;
    if (picks.every((k) => Math.abs(chiSquare[k] - chiSquare[j]) > 1e-9 * Math.max(chiSquare[k], 1e-300)))
      picks.push(j);
  }
  let best: FitResult | null = null;
  for (const j of picks) {
    // Polished from where the batch's local fit ended (the start could lead the QR-based
    // solver into a different basin than the batch's normal-equation one).
    const r = await fit({ ...problem, p0: ends[j] }, single).catch(() => null);
    if (r && (!best || r.cost < best.cost)) best = r;
  }
  if (!best) best = await fit(problem, single);
  const bestChi = Math.min(best.chiSquare, chiSquare[order[0]]);
  // Zero-residual problems end anywhere from 1e-20 to 1e-60: below 1e-12 of the data's (or the
  // start's) χ², a difference is rounding, not another minimum.
  const tolerance = 1e-6 * bestChi + 1e-12 * Math.max(scaleOf(prepared), await startChiSquare(prepared));
  const reachedBest = order.filter((j) => chiSquare[j] <= bestChi + tolerance).length;
  const failed = starts - order.length;
  return withSummary(
    best,
    { starts, seed, reachedBest, failed, polished: picks.length, bestChiSquare: best.chiSquare },
    t0,
  );
}

function validate(multistart: LibraryFitOptions['multistart']): MultistartOptions {
  if (multistart === null || typeof multistart !== 'object')
    throw new FitbenchError('OPTIONS_INVALID', 'multistart must be { starts: number, seed?: number }', {
      option: 'multistart',
    });
  const { starts, seed } = multistart;
  if (!Number.isInteger(starts) || starts < 2 || starts > 100_000)
    throw new FitbenchError('OPTIONS_INVALID', `multistart.starts must be an integer from 2 to 100000, got ${starts}`, {
      option: 'multistart',
    });
  if (seed !== undefined && !Number.isFinite(seed))
    throw new FitbenchError('OPTIONS_INVALID', `multistart.seed must be a finite number, got ${seed}`, {
      option: 'multistart',
    });
  return { starts, seed };
}

function withSummary(result: FitResult, summary: MultistartSummary, t0: number): FitResult {
  return {
    ...result,
    elapsedMs: now() - t0,
    multistart: summary,
    diagnostics: [
      ...result.diagnostics,
      `multistart: ${summary.reachedBest} of ${summary.starts} starts reached the best χ² (${summary.polished} distinct minima polished${summary.failed ? `, ${summary.failed} starts failed` : ''})`,
    ],
  };
}

/** χ² at p0 (0 when the model is not finite there). */
async function startChiSquare(prepared: PreparedFit): Promise<number> {
  const cost = await cpuEvaluator(prepared).cost(prepared.x0);
  return Number.isFinite(cost) ? 2 * cost : 0;
}

function cpuEvaluator(prepared: PreparedFit) {
  return createCpuEvaluator({
    model: prepared.model,
    predictors: prepared.predictors,
    y: prepared.data.y,
    sigma: prepared.data.sigma,
    loss: prepared.loss,
    fScale: prepared.fScale,
    fixed: prepared.fixedValues,
  });
}

/** Σ(y/σ)², the scale below which χ² differences are rounding. */
function scaleOf(prepared: PreparedFit): number {
  const { y, sigma } = prepared.data;
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (sigma ? y[i] / sigma[i] : y[i]) ** 2;
  return s;
}

interface StartPoint {
  /** Every parameter by name (fixed ones at their values). */
  params: Record<string, number>;
}

/** p0 and starts − 1 points of a shifted Halton sequence mapped into the search box. */
export function startPoints(prepared: PreparedFit, starts: number, seed: number): StartPoint[] {
  const k = prepared.freeNames.length;
  const primes = firstPrimes(k);
  const uniform = mulberry32(seed);
  const shift = Array.from({ length: k }, () => uniform());
  const out: StartPoint[] = [{ params: named(prepared, prepared.x0) }];
  const free = new Float64Array(k);
  for (let j = 1; j < starts; j++) {
    for (let d = 0; d < k; d++) {
      const u = (radicalInverse(j, primes[d]) + shift[d]) % 1;
      free[d] = mapCoordinate(u, prepared.x0[d], prepared.lower[d], prepared.upper[d]);
    }
    out.push({ params: named(prepared, free) });
  }
  return out;
}

function named(prepared: PreparedFit, free: ArrayLike<number>): Record<string, number> {
  const params: Record<string, number> = { ...prepared.fixedValues };
  prepared.freeNames.forEach((name, d) => (params[name] = free[d]));
  return params;
}

/** u ∈ [0, 1) → a start value: uniform in a finite box, log-scaled over an open side. */
function mapCoordinate(u: number, p0: number, lo: number, hi: number): number {
  const [e0, e1] = LOG_RANGE;
  const logScaled = (w: number, scale: number) => scale * 10 ** (e0 + (e1 - e0) * w);
  if (Number.isFinite(lo) && Number.isFinite(hi)) return lo + u * (hi - lo);
  if (Number.isFinite(lo)) return lo + logScaled(u, p0 > lo ? p0 - lo : Math.max(Math.abs(p0), 1));
  if (Number.isFinite(hi)) return hi - logScaled(u, p0 < hi ? hi - p0 : Math.max(Math.abs(p0), 1));
  // Both sides open: half the points on each sign, the half holding p0's sign first.
  const scale = p0 !== 0 ? Math.abs(p0) : 1;
  const sign = p0 < 0 ? -1 : 1;
  return u < 0.5 ? sign * logScaled(2 * u, scale) : -sign * logScaled(2 * u - 1, scale);
}

/** Van der Corput radical inverse of j in base b. */
function radicalInverse(j: number, b: number): number {
  const inv = 1 / b;
  let f = inv;
  let r = 0;
  while (j > 0) {
    r += (j % b) * f;
    j = Math.floor(j / b);
    f *= inv;
  }
  return r;
}

function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let n = 2; primes.length < count; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  return primes;
}

/** χ² of each start's local fit (NaN where it failed): one batch, or one by one for named predictors. */
async function runStarts(
  problem: FitProblem,
  prepared: PreparedFit,
  starts: StartPoint[],
  options: LibraryFitOptions,
): Promise<{ chiSquare: Float64Array; ends: Record<string, number>[] }> {
  // Where each local fit ended (its start until it has ended somewhere finite).
  const ends = starts.map((s) => s.params);
  const batchOptions: LibraryFitOptions = { ...options };
  delete batchOptions.onIteration;
  delete batchOptions.resumeFrom;
  delete batchOptions.bandsAt;
  const x = problem.x;
  if (!(Array.isArray(x) || ArrayBuffer.isView(x))) {
    // Several named predictors: the batch's single shared x does not fit; refit one by one.
    const evaluator = cpuEvaluator(prepared);
    const out = new Float64Array(starts.length).fill(Number.NaN);
    for (let j = 0; j < starts.length; j++) {
      if (options.signal?.aborted) break;
      const x0 = Float64Array.from(prepared.freeNames, (name) => starts[j].params[name]);
      const summary = await minimize(evaluator, x0, {
        method: prepared.method,
        lower: prepared.lower,
        upper: prepared.upper,
        maxIterations: options.maxIterations,
        signal: options.signal,
      }).catch(() => null);
      if (summary && Number.isFinite(summary.cost)) {
        out[j] = 2 * summary.cost;
        ends[j] = named(prepared, summary.params);
      }
    }
    return { chiSquare: out, ends };
  }
  const out = await curveFitBatch(
    {
      model: problem.model,
      x: x as NumericArray,
      y: starts.map(() => problem.y),
      sigma: problem.sigma ? starts.map(() => problem.sigma as NumericArray) : undefined,
      p0: starts.map((s) => s.params),
      bounds: problem.bounds,
      fixed: problem.fixed,
    },
    batchOptions,
  );
  const p = out.paramNames.length;
  for (let j = 0; j < starts.length; j++) {
    const row: Record<string, number> = {};
    out.paramNames.forEach((name, i) => (row[name] = out.params[j * p + i]));
    if (Object.values(row).every(Number.isFinite)) ends[j] = row;
  }
  return {
    chiSquare: Float64Array.from(out.cost, (c, j) => (ends[j] === starts[j].params ? Number.NaN : 2 * c)),
    ends,
  };
}
