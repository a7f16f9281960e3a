/** Error bars ±σ at the data points the fit plot draws (the same even sample as the dots). */
import type { ErrorBar } from '../../charts/xy-plot';

export function sampleErrorBars(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  sigma: ArrayLike<number>,
  maxPoints = 600,
): ErrorBar[] {
  const n = Math.min(x.length, y.length, sigma.length);
  const out: ErrorBar[] = [];
  const push = (i: number) => {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i]) && Number.isFinite(sigma[i]))
      out.push({ x: x[i], y: y[i], e: sigma[i] });
  };
  if (n <= maxPoints) for (let i = 0; i < n; i++) push(i);
  else for (let k = 0; k < maxPoints; k++) push(Math.floor(((k + 0.5) * n) / maxPoints));
  return out;
}

/** σ as a vector (a 1-D sigma); null for none or for a covariance matrix (no per-point bar). */
export function sigmaVector(sigma: unknown): ArrayLike<number> | null {
  if (!sigma || typeof sigma !== 'object') return null;
  const s = sigma as ArrayLike<unknown>;
  if (s.length === 0) return null;
  return typeof s[0] === 'number' ? (sigma as ArrayLike<number>) : null;
}
