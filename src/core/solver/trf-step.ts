/**
 * Step selection of scipy's trf (trf.py select_step) with preallocated workspace: the
 * trust-region step in the Coleman–Li variables, and when it leaves the box, the best of
 * the step pulled back inside (times θ), its reflection off the first bound it hits and
 * the scaled anti-gradient.
 */
import { enorm } from '../numerics/dense-qr';
import {
  buildQuadratic1d,
  evaluateQuadratic,
  intersectTrustRegion,
  minimizeQuadratic1d,
  solveLsqTrustRegion,
  stepSizeToBound,
} from './trf-geometry';

export interface TrfStep {
  /** The chosen step in the original variables. */
  readonly step: Float64Array;
  /** The chosen step in the scaled ("hat") variables. */
  readonly stepH: Float64Array;
  /** Solves the scaled subproblem into the trust-region step p_h; returns α. */
  subproblem(m: number, uf: Float64Array, s: Float64Array, v: Float64Array, delta: number, alpha: number): number;
  /**
   * Picks the step from the last subproblem solution; returns the predicted reduction.
   * r is the n × n triangle of J_h (column-major), g the gradient, d the scaling.
   */
  selectStep(
    x: Float64Array,
    r: Float64Array,
    diagH: Float64Array,
    g: Float64Array,
    d: Float64Array,
    delta: number,
    theta: number,
  ): number;
}

export function createTrfStep(n: number, lb: Float64Array, ub: Float64Array): TrfStep {
  const pH = new Float64Array(n);
  const p = new Float64Array(n);
  const suf = new Float64Array(n);
  const gH = new Float64Array(n);
  const rH = new Float64Array(n);
  const r = new Float64Array(n);
  const xOnBound = new Float64Array(n);
  const agH = new Float64Array(n);
  const ag = new Float64Array(n);
  const hits = new Int8Array(n);
  const quad = new Float64Array(3);
  const step = new Float64Array(n);
  const stepH = new Float64Array(n);

  const inBounds = (x: Float64Array, s: Float64Array): boolean => {
    for (let j = 0; j < n; j++) {
      const t = x[j] + s[j];
      if (!(t >= lb[j] && t <= ub[j])) return false;
    }
    return true;
  };

  return {
    step,
    stepH,
    subproblem(m, uf, s, v, delta, alpha) {
      return solveLsqTrustRegion(n, m, uf, s, v, delta, alpha, pH, suf);
    },
    selectStep(x, rTri, diagH, g, d, delta, theta) {
      for (let j = 0; j < n; j++) {
        gH[j] = d[j] * g[j];
        p[j] = d[j] * pH[j];
      }
      if (inBounds(x, p)) {
        step.set(p);
        stepH.set(pH);
        return -evaluateQuadratic(n, rTri, gH, pH, diagH);
      }
      const pStride = stepSizeToBound(x, p, lb, ub, hits);
      for (let j = 0; j < n; j++) {
        rH[j] = hits[j] !== 0 ? -pH[j] : pH[j];
        r[j] = d[j] * rH[j];
        p[j] *= pStride;
        pH[j] *= pStride;
        xOnBound[j] = x[j] + p[j];
      }
      const toTr = intersectTrustRegion(pH, rH, delta)[1];
      const toBound = stepSizeToBound(xOnBound, r, lb, ub, null);
      let rStride = Math.min(toBound, toTr);
      let rStrideL = 0;
      let rStrideU = -1;
      if (rStride > 0) {
        rStrideL = ((1 - theta) * pStride) / rStride;
        rStrideU = rStride === toBound ? theta * toBound : toTr;
      }
      let rValue = Infinity;
      if (rStrideL <= rStrideU) {
        buildQuadratic1d(n, rTri, gH, rH, diagH, pH, quad);
        [rStride, rValue] = minimizeQuadratic1d(quad[0], quad[1], rStrideL, rStrideU, quad[2]);
        for (let j = 0; j < n; j++) {
          rH[j] = rH[j] * rStride + pH[j];
          r[j] = rH[j] * d[j];
        }
      }
      for (let j = 0; j < n; j++) {
        p[j] *= theta;
        pH[j] *= theta;
      }
      const pValue = evaluateQuadratic(n, rTri, gH, pH, diagH);
      for (let j = 0; j < n; j++) {
        agH[j] = -gH[j];
        ag[j] = d[j] * agH[j];
      }
      const agTr = delta / enorm(agH, 0, n);
      const agBound = stepSizeToBound(x, ag, lb, ub, null);
      const agMax = agBound < agTr ? theta * agBound : agTr;
      buildQuadratic1d(n, rTri, gH, agH, diagH, null, quad);
      const [agStride, agValue] = minimizeQuadratic1d(quad[0], quad[1], 0, agMax, 0);
      for (let j = 0; j < n; j++) {
        agH[j] *= agStride;
        ag[j] *= agStride;
      }
      if (pValue < rValue && pValue < agValue) {
        step.set(p);
        stepH.set(pH);
        return -pValue;
      }
      if (rValue < pValue && rValue < agValue) {
        step.set(r);
        stepH.set(rH);
        return -rValue;
      }
      step.set(ag);
      stepH.set(agH);
      return -agValue;
    },
  };
}
