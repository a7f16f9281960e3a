/**
 * Real part of the Faddeeva function for the library's plain-JS Voigt values (guesses, test
 * data). Uses Re w(u + iv) = (1/√π) ∫₀^∞ exp(−t²/4 − v·t) cos(u·t) dt (v ≥ 0), integrated by
 * Simpson's rule: smooth, absolutely accurate to ~1e-10, and too slow only for hot loops,
 * which the compiled model serves instead.
 */

const UPPER = 13; // exp(−13²/4) ≈ 4e-19

/** Re w(u + iv) for v ≥ 0 (negative v is treated as 0). */
export function faddeevaRe(u: number, v: number): number {
  if (!Number.isFinite(u) || !Number.isFinite(v)) return Number.NaN;
  const vv = Math.max(v, 0);
  const steps = 2 * Math.min(20000, Math.max(200, Math.ceil((UPPER * (Math.abs(u) + 1)) / 0.05)));
  const h = UPPER / steps;
  const f = (t: number): number => Math.exp((-t * t) / 4 - vv * t) * Math.cos(u * t);
  let sum = f(0) + f(UPPER);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return (sum * h) / 3 / Math.sqrt(Math.PI);
}

/** The Voigt model's value: area a, centre mu, Gaussian σ = s, Lorentzian half-width g. */
export function voigtValue(a: number, mu: number, s: number, g: number, x: number): number {
  const r = s * Math.SQRT2;
  return (a * faddeevaRe((x - mu) / r, g / r)) / (s * Math.sqrt(2 * Math.PI));
}
