/**
 * Seeded synthetic data (mulberry32 uniforms, Box–Muller normals) for tests and demos: the
 * same seed gives the same curve on every machine.
 */
import { mulberry32, normalSampler } from '../../numerics/seeded-random';

/** Standard normal generator (Box–Muller) over a seeded uniform stream. */
export function normalStream(seed: number): () => number {
  return normalSampler(mulberry32(seed));
}

/** n evenly spaced x in [lo, hi] and f(x) plus Gaussian noise of standard deviation sigma. */
export function syntheticCurve(
  f: (x: number) => number,
  lo: number,
  hi: number,
  n: number,
  sigma: number,
  seed: number,
): { x: Float64Array; y: Float64Array } {
  const z = normalStream(seed);
  const x = Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / Math.max(1, n - 1));
  const y = Float64Array.from(x, (v) => f(v) + sigma * z());
  return { x, y };
}
