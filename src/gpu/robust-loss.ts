import type { LossName } from '../core/api-types';
import { FitbenchError } from '../core/errors';

/**
 * Robust losses as scipy.optimize.least_squares defines them, for the CPU side of the GPU
 * backend (reference sums and the f64 finishing iterations). The WGSL twin is in
 * shaders/robust-loss-wgsl.ts; both must stay in step (the conformance specs compare them).
 */
export const LOSS_CODES: Readonly<Record<LossName, number>> = {
  linear: 0,
  soft_l1: 1,
  huber: 2,
  cauchy: 3,
  arctan: 4,
};

/** scipy clamps the Jacobian scale at float64 eps; the WGSL kernels use the same constant. */
export const JSCALE_EPS = Number.EPSILON;

/** Code of a loss name for the kernels' uniform; bad names raise OPTIONS_INVALID. */
export function lossCode(loss: LossName | undefined): number {
  const name = loss ?? 'linear';
  const code = (LOSS_CODES as Record<string, number | undefined>)[name];
  if (code === undefined) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `Unknown loss "${String(name)}": use linear, soft_l1, huber, cauchy or arctan.`,
      {
        option: 'loss',
      },
    );
  }
  return code;
}

/** Checks fScale (> 0, finite) and returns it (default 1). */
export function checkFScale(fScale: number | undefined): number {
  const fs = fScale ?? 1;
  if (!Number.isFinite(fs) || fs <= 0) {
    throw new FitbenchError('OPTIONS_INVALID', `fScale must be a positive finite number, got ${fs}.`, {
      option: 'fScale',
    });
  }
  return fs;
}

/**
 * ρ, ρ′, ρ″ of z = r² for a loss scaled by fScale (scipy: z/C², then ρ·C², ρ″/C²), written
 * to `out`.
 */
export function robustRho(code: number, z: number, fScale: number, out: Float64Array): void {
  const c2 = fScale * fScale;
  const s = z / c2;
  let r0: number;
  let r1: number;
  let r2: number;
  switch (code) {
    case 1: {
      const t = 1 + s;
      const q = Math.sqrt(t);
      r0 = 2 * (q - 1);
      r1 = 1 / q;
      r2 = -0.5 / (t * q);
      break;
    }
    case 2:
      if (s <= 1) {
        r0 = s;
        r1 = 1;
        r2 = 0;
      } else {
        const q = Math.sqrt(s);
        r0 = 2 * q - 1;
        r1 = 1 / q;
        r2 = -0.5 / (s * q);
      }
      break;
    case 3:
      r0 = Math.log1p(s);
      r1 = 1 / (1 + s);
      r2 = -1 / ((1 + s) * (1 + s));
      break;
    case 4: {
      const d = 1 + s * s;
      r0 = Math.atan(s);
      r1 = 1 / d;
      r2 = (-2 * s) / (d * d);
      break;
    }
    default:
      r0 = s;
      r1 = 1;
      r2 = 0;
  }
  out[0] = r0 * c2;
  out[1] = r1;
  out[2] = r2 / c2;
}
