/**
 * Robust loss functions, exactly as scipy.optimize.least_squares defines them (Ceres'
 * LossFunction shape: ρ, ρ′, ρ″ of the squared residual s = r²). With a scale C = fScale
 * the loss is ρ_C(s) = C²·ρ(s/C²), so ρ′_C(s) = ρ′(s/C²) and ρ″_C(s) = ρ″(s/C²)/C², and the
 * cost is ½·Σ ρ_C(r_i²).
 */
import type { LossName } from '../api-types';
import { FitbenchError } from '../errors';

export const LOSS_NAMES: readonly LossName[] = ['linear', 'soft_l1', 'huber', 'cauchy', 'arctan'];

export interface LossFunction {
  readonly name: LossName;
  readonly fScale: number;
  /** ρ_C(s) only. */
  rho(s: number): number;
  /** Writes ρ_C(s), ρ′_C(s), ρ″_C(s) into out[0], out[1], out[2]. */
  evaluate(s: number, out: Float64Array): void;
}

/** ρ, ρ′, ρ″ of the unscaled loss at z = s/C² (scipy's formulas). */
type UnitLoss = (z: number, out: Float64Array) => void;

const UNIT_LOSSES: Record<LossName, UnitLoss> = {
  linear(z, out) {
    out[0] = z;
    out[1] = 1;
    out[2] = 0;
  },
  soft_l1(z, out) {
    const t = 1 + z;
    const st = Math.sqrt(t);
    out[0] = 2 * (st - 1);
    out[1] = 1 / st;
    out[2] = -0.5 / (t * st);
  },
  huber(z, out) {
    if (z <= 1) {
      out[0] = z;
      out[1] = 1;
      out[2] = 0;
    } else {
      const sz = Math.sqrt(z);
      out[0] = 2 * sz - 1;
      out[1] = 1 / sz;
      out[2] = -0.5 / (z * sz);
    }
  },
  cauchy(z, out) {
    const t = 1 + z;
    out[0] = Math.log1p(z);
    out[1] = 1 / t;
    out[2] = -1 / (t * t);
  },
  arctan(z, out) {
    const t = 1 + z * z;
    out[0] = Math.atan(z);
    out[1] = 1 / t;
    out[2] = (-2 * z) / (t * t);
  },
};

/** A loss by name with scale fScale (> 0). Bad names or scales raise OPTIONS_INVALID. */
export function createLoss(name: LossName = 'linear', fScale = 1): LossFunction {
  const unit = UNIT_LOSSES[name];
  if (!unit) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `Unknown loss "${String(name)}": expected one of ${LOSS_NAMES.join(', ')}.`,
      { option: 'loss' },
    );
  }
  if (!(fScale > 0) || !Number.isFinite(fScale)) {
    throw new FitbenchError('OPTIONS_INVALID', `fScale must be a positive finite number, got ${fScale}.`, {
      option: 'fScale',
    });
  }
  const c2 = fScale * fScale;
  const tmp = new Float64Array(3);
  return {
    name,
    fScale,
    rho(s) {
      unit(s / c2, tmp);
      return c2 * tmp[0];
    },
    evaluate(s, out) {
      unit(s / c2, out);
      out[0] *= c2;
      out[2] /= c2;
    },
  };
}

/**
 * scipy's `scale_for_robust_loss_function` for one residual r: with ρ′, ρ″ at s = r²,
 * the Jacobian row is multiplied by w = √max(ρ′ + 2ρ″r², ε) and the residual by ρ′/w, so
 * that JᵀJ and Jᵀr of the scaled system are the loss's Gauss–Newton Hessian and gradient.
 * `rho` holds ρ, ρ′, ρ″ (from {@link LossFunction.evaluate}); writes the residual factor
 * ρ′/w into factors[0] and w into factors[1].
 */
export function robustScaling(r: number, rho: Float64Array, factors: Float64Array): void {
  let js = rho[1] + 2 * rho[2] * r * r;
  if (js < Number.EPSILON) js = Number.EPSILON;
  js = Math.sqrt(js);
  factors[0] = rho[1] / js;
  factors[1] = js;
}
