/**
 * Seeded synthetic data (mulberry32 uniforms, Box–Muller normals) for tests and demos: the
 * same seed gives the same curve on every machine.
 */

/** Uniform [0, 1) generator from a 32-bit seed (mulberry32). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal generator (Box–Muller) over a seeded uniform stream. */
export function normalStream(seed: number): () => number {
  const u = mulberry32(seed);
  return () => {
    const u1 = Math.max(u(), 1e-300);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u());
  };
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
