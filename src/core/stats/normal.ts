/**
 * The standard normal distribution: CDF through the regularized incomplete gamma
 * (erfc(z) = Q(½, z²)), quantile by Halley refinement of a rational start.
 */
import { regularizedGammaP, regularizedGammaQ } from '../numerics/gamma-functions';

const INV_SQRT_2PI = 0.3989422804014327;

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Standard normal CDF Φ(x), accurate relative to its value in both tails. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const h = 0.5 * x * x;
  return x < 0 ? 0.5 * regularizedGammaQ(0.5, h) : 0.5 * (1 + regularizedGammaP(0.5, h));
}

/** Upper tail 1 − Φ(x) without cancellation. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/** Standard normal quantile Φ⁻¹(p) for 0 ≤ p ≤ 1 (±Infinity at the ends, NaN outside). */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const q = p < 0.5 ? p : 1 - p;
  const x = lowerTailQuantile(q);
  return p < 0.5 ? x : -x;
}

/** Solves Φ(x) = q for q < ½ (x < 0). */
function lowerTailQuantile(q: number): number {
  // Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4) as the start.
  const t = Math.sqrt(-2 * Math.log(q));
  let x = -(
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
  );
  for (let i = 0; i < 50; i++) {
    const pdf = normalPdf(x);
    if (pdf === 0) break;
    const u = (normalCdf(x) - q) / pdf;
    // Halley's correction: Φ'' = −x·φ.
    const step = u / (1 + 0.5 * x * u);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
