/**
 * The pieces of scipy's trust-region-reflective method that are pure geometry (scipy
 * optimize/_lsq/common.py and trf.py): Coleman–Li scaling, steps to the bounds, strict
 * feasibility, the exact trust-region subproblem from an SVD, and the one-dimensional
 * quadratic minimizations of the reflective step selection. Quadratic models are taken
 * through the n × n triangle R of the scaled Jacobian (‖J_h·s‖ = ‖R·s‖).
 */

/** Coleman–Li scaling vector v and its derivative sign dv (scipy CL_scaling_vector). */
export function clScaling(
  x: Float64Array,
  g: Float64Array,
  lb: Float64Array,
  ub: Float64Array,
  v: Float64Array,
  dv: Float64Array,
): void {
  for (let j = 0; j < x.length; j++) {
    v[j] = 1;
    dv[j] = 0;
    if (g[j] < 0 && Number.isFinite(ub[j])) {
      v[j] = ub[j] - x[j];
      dv[j] = -1;
    } else if (g[j] > 0 && Number.isFinite(lb[j])) {
      v[j] = x[j] - lb[j];
      dv[j] = 1;
    }
  }
}

/** Smallest t ≥ 0 with x + t·s on a bound, and which components hit it (±1 by direction). */
export function stepSizeToBound(
  x: Float64Array,
  s: Float64Array,
  lb: Float64Array,
  ub: Float64Array,
  hits: Int8Array | null,
): number {
  let min = Infinity;
  const n = x.length;
  for (let j = 0; j < n; j++) {
    if (s[j] === 0) continue;
    const t = Math.max((lb[j] - x[j]) / s[j], (ub[j] - x[j]) / s[j]);
    if (t < min) min = t;
  }
  if (hits) {
    for (let j = 0; j < n; j++) {
      if (s[j] === 0) {
        hits[j] = 0;
        continue;
      }
      const t = Math.max((lb[j] - x[j]) / s[j], (ub[j] - x[j]) / s[j]);
      hits[j] = t === min ? Math.sign(s[j]) : 0;
    }
  }
  return min;
}

/** −1 / +1 where x sits (within rtol) on its lower / upper bound (scipy find_active_constraints). */
export function findActiveConstraints(x: Float64Array, lb: Float64Array, ub: Float64Array, rtol: number): Int8Array {
  const active = new Int8Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const ld = x[j] - lb[j];
    const ud = ub[j] - x[j];
    if (rtol === 0) {
      if (x[j] <= lb[j]) active[j] = -1;
      else if (x[j] >= ub[j]) active[j] = 1;
      continue;
    }
    if (Number.isFinite(lb[j]) && ld <= Math.min(ud, rtol * Math.max(1, Math.abs(lb[j])))) active[j] = -1;
    else if (Number.isFinite(ub[j]) && ud <= Math.min(ld, rtol * Math.max(1, Math.abs(ub[j])))) active[j] = 1;
  }
  return active;
}

function nextToward(a: number, b: number): number {
  if (a === b) return a;
  const buf = new Float64Array([a]);
  const bits = new BigInt64Array(buf.buffer);
  if (a === 0) {
    buf[0] = b > 0 ? 5e-324 : -5e-324;
    return buf[0];
  }
  bits[0] += b > a === a > 0 ? 1n : -1n;
  return buf[0];
}

/** Moves x strictly inside the bounds (scipy make_strictly_feasible with rstep = 0). */
export function makeStrictlyFeasible(x: Float64Array, lb: Float64Array, ub: Float64Array): void {
  for (let j = 0; j < x.length; j++) {
    if (x[j] <= lb[j]) x[j] = nextToward(lb[j], ub[j]);
    else if (x[j] >= ub[j]) x[j] = nextToward(ub[j], lb[j]);
    if (x[j] < lb[j] || x[j] > ub[j]) x[j] = 0.5 * (lb[j] + ub[j]);
  }
}

/** t_neg, t_pos with ‖x + t·s‖ = Δ (x inside the region). */
export function intersectTrustRegion(x: Float64Array, s: Float64Array, delta: number): [number, number] {
  let a = 0;
  let b = 0;
  let c = -delta * delta;
  for (let j = 0; j < x.length; j++) {
    a += s[j] * s[j];
    b += x[j] * s[j];
    c += x[j] * x[j];
  }
  if (a === 0) return [0, 0];
  const d = Math.sqrt(Math.max(0, b * b - a * c));
  const q = -(b + (b >= 0 ? d : -d));
  if (q === 0) return [0, 0];
  const t1 = q / a;
  const t2 = c / q;
  return t1 < t2 ? [t1, t2] : [t2, t1];
}

/** ½‖R·s‖² + ½·Σ diag·s² + gᵀs: the quadratic model along s (scipy evaluate_quadratic). */
export function evaluateQuadratic(
  n: number,
  r: Float64Array,
  g: Float64Array,
  s: Float64Array,
  diag: Float64Array,
): number {
  let q = 0;
  let l = 0;
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = i; j < n; j++) t += r[i + j * n] * s[j];
    q += t * t + diag[i] * s[i] * s[i];
    l += s[i] * g[i];
  }
  return 0.5 * q + l;
}

/**
 * Coefficients of the model along s0 + t·s as a·t² + b·t + c (scipy build_quadratic_1d);
 * s0 = null means the ray from the current point (c = 0).
 */
export function buildQuadratic1d(
  n: number,
  r: Float64Array,
  g: Float64Array,
  s: Float64Array,
  diag: Float64Array,
  s0: Float64Array | null,
  out: Float64Array,
): void {
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    let v = 0;
    let u = 0;
    for (let j = i; j < n; j++) {
      v += r[i + j * n] * s[j];
      if (s0) u += r[i + j * n] * s0[j];
    }
    a += v * v + diag[i] * s[i] * s[i];
    b += g[i] * s[i];
    if (s0) {
      b += u * v + diag[i] * s0[i] * s[i];
      c += 0.5 * u * u + g[i] * s0[i] + 0.5 * diag[i] * s0[i] * s0[i];
    }
  }
  out[0] = 0.5 * a;
  out[1] = b;
  out[2] = c;
}

/** argmin over [lb, ub] of a·t² + b·t + c: [t, value] (scipy minimize_quadratic_1d). */
export function minimizeQuadratic1d(a: number, b: number, lb: number, ub: number, c: number): [number, number] {
  let bestT = lb;
  let bestY = lb * (a * lb + b) + c;
  const yu = ub * (a * ub + b) + c;
  if (yu < bestY) {
    bestT = ub;
    bestY = yu;
  }
  if (a !== 0) {
    const ext = (-0.5 * b) / a;
    if (lb < ext && ext < ub) {
      const ye = ext * (a * ext + b) + c;
      if (ye < bestY) {
        bestT = ext;
        bestY = ye;
      }
    }
  }
  return [bestT, bestY];
}

/**
 * The exact trust-region subproblem min ‖J·p + f‖, ‖p‖ ≤ Δ from J = U·diag(s)·Vᵀ and
 * uf = Uᵀf (scipy solve_lsq_trust_region, Moré–Sorensen style iteration on α).
 * Writes p and returns the final α.
 */
export function solveLsqTrustRegion(
  n: number,
  m: number,
  uf: Float64Array,
  s: Float64Array,
  v: Float64Array,
  delta: number,
  initialAlpha: number,
  p: Float64Array,
  suf: Float64Array,
): number {
  for (let i = 0; i < n; i++) suf[i] = s[i] * uf[i];
  const fullRank = m >= n && s[n - 1] > Number.EPSILON * m * s[0];
  const setP = (alpha: number): number => {
    let norm = 0;
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let k = 0; k < n; k++) {
        const denom = alpha === 0 ? s[k] : s[k] * s[k] + alpha;
        const coef = alpha === 0 ? uf[k] / denom : suf[k] / denom;
        t += v[j * n + k] * coef;
      }
      p[j] = -t;
      norm += t * t;
    }
    return Math.sqrt(norm);
  };
  if (fullRank && setP(0) <= delta) return 0;

  const phiAndDerivative = (alpha: number): [number, number] => {
    let pn = 0;
    let d = 0;
    for (let k = 0; k < n; k++) {
      const denom = s[k] * s[k] + alpha;
      pn += (suf[k] / denom) ** 2;
      d += (suf[k] * suf[k]) / (denom * denom * denom);
    }
    pn = Math.sqrt(pn);
    return [pn - delta, -d / pn];
  };
  let sufNorm = 0;
  for (let k = 0; k < n; k++) sufNorm += suf[k] * suf[k];
  let alphaUpper = Math.sqrt(sufNorm) / delta;
  let alphaLower = 0;
  if (fullRank) {
    const [phi, dphi] = phiAndDerivative(0);
    alphaLower = -phi / dphi;
  }
  let alpha =
    !fullRank && initialAlpha === 0 ? Math.max(0.001 * alphaUpper, Math.sqrt(alphaLower * alphaUpper)) : initialAlpha;
  for (let it = 0; it < 10; it++) {
    if (alpha < alphaLower || alpha > alphaUpper) {
      alpha = Math.max(0.001 * alphaUpper, Math.sqrt(alphaLower * alphaUpper));
    }
    const [phi, dphi] = phiAndDerivative(alpha);
    if (phi < 0) alphaUpper = alpha;
    const ratio = phi / dphi;
    alphaLower = Math.max(alphaLower, alpha - ratio);
    alpha -= ((phi + delta) * ratio) / delta;
    if (Math.abs(phi) < 0.01 * delta) break;
  }
  const norm = setP(alpha);
  // scipy rescales onto the boundary so that p never leaves the region by rounding.
  if (norm > 0) for (let j = 0; j < n; j++) p[j] *= delta / norm;
  return alpha;
}
