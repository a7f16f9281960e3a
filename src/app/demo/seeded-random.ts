/**
 * Deterministic randomness for the demo data sets: the same URL always shows the same
 * points, so a screenshot, a tutorial and an end-to-end test agree on what was fitted.
 */

/** mulberry32, the same generator the reliability logic uses for reproducible jitter. */
export { seededRandom as mulberry32 } from '../../core/reliability/clock';

/** Standard normal deviates by Box–Muller, drawing from `uniform`. */
export function normalSource(uniform: () => number): () => number {
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
