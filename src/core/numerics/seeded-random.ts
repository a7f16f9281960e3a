/**
 * The one seeded random source of the code base: reproducible retry jitter and chaos runs,
 * demo data that is the same on every load, and synthetic curves for tests and benchmarks.
 * Not for anything security-related.
 */

/** A stream of uniform deviates in [0, 1). */
export type UniformSource = () => number;

/** mulberry32 (Tommy Ettinger): 32-bit state, period 2³², fast and good enough for noise and jitter. */
export function mulberry32(seed: number): UniformSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal deviates by Box–Muller over `uniform`. Each pair of uniforms gives two
 * deviates (cosine, then the cached sine), so no draw is wasted.
 */
export function normalSampler(uniform: UniformSource): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // 1 − u keeps the logarithm finite (u may be 0, never 1).
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}
