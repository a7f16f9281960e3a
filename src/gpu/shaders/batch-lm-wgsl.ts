/**
 * Skeleton of the batch Levenberg–Marquardt kernel: one thread per curve runs the whole LM
 * iteration in registers (evaluate, accumulate JᵀJ and Jᵀr over the curve's points, solve the
 * damped system by Cholesky in f32, accept or reject by the gain ratio, update λ Nielsen-style,
 * test convergence), then writes parameters, standard errors, cost and flags.
 *
 * Data are curve-major (ys[c·n + i]): each thread walks its own contiguous curve, so the
 * host packs with one sequential f64 → f32 copy per curve. (Point-major interleaving gave
 * coalesced loads but cost a transpose on the host that took 25× the kernel's time at
 * 10⁵ curves; each curve's few hundred bytes stay in L1/L2 while its thread iterates.) Bounds are handled by projecting the trial point onto the box (a
 * projected LM, not scipy's reflective TRF); fixed parameters are masked out of the step.
 */
import { defineUniforms } from './uniform-layout';

/** The batch kernel's uniforms (see uniform-layout.ts). */
export const BATCH_LM_UNIFORMS = defineUniforms('Uniforms', [
  { name: 'curves', type: 'u32' },
  { name: 'n', type: 'u32' },
  /** 1: one x row shared by every curve. */
  { name: 'sharedX', type: 'u32' },
  { name: 'hasWeights', type: 'u32' },
  { name: 'loss', type: 'u32' },
  { name: 'fScale', type: 'f32' },
  { name: 'maxIter', type: 'u32' },
  /** Bit j set: parameter j is fitted. */
  { name: 'freeMask', type: 'u32' },
  { name: 'ftol', type: 'f32' },
  { name: 'xtol', type: 'f32' },
  { name: 'gtol', type: 'f32' },
  /** Workgroups along x (the dispatch folds into 2D past the per-dimension limit). */
  { name: 'groupsX', type: 'u32' },
  { name: 'nFree', type: 'u32' },
  { name: 'absoluteSigma', type: 'u32' },
] as const);

export const BATCH_LM_WGSL = /* wgsl */ `
{{MODEL}}
{{LOSS}}

const NX: u32 = {{NX}}u;
const NP: u32 = {{NP}}u;
const NN: u32 = NP * NP;
const WG: u32 = {{WG}}u;
const OUT_STRIDE: u32 = 2u * NP + 2u;

${BATCH_LM_UNIFORMS.wgsl}

@group(0) @binding(0) var<uniform> U: Uniforms;
@group(0) @binding(1) var<storage, read> xs: array<f32>;
@group(0) @binding(2) var<storage, read> ys: array<f32>;
@group(0) @binding(3) var<storage, read> ws: array<f32>;
@group(0) @binding(4) var<storage, read> start: array<f32>;
@group(0) @binding(5) var<storage, read> bounds: array<f32>;
@group(0) @binding(6) var<storage, read_write> outF: array<f32>;
@group(0) @binding(7) var<storage, read_write> outU: array<u32>;

fn is_free(j: u32) -> bool { return ((U.freeMask >> j) & 1u) != 0u; }

fn load_x(i: u32, c: u32) -> array<f32, NX> {
  var x: array<f32, NX>;
  var base = i * NX;
  if (U.sharedX == 0u) { base = (c * U.n + i) * NX; }
  for (var d = 0u; d < NX; d++) { x[d] = xs[base + d]; }
  return x;
}

fn weight(i: u32, c: u32) -> f32 {
  if (U.hasWeights != 0u) { return ws[c * U.n + i]; }
  return 1.0;
}

// (cost = ½Σρ, Σr²) at p, without derivatives: the trial-point evaluation.
fn cost_at(c: u32, p: array<f32, NP>) -> vec2<f32> {
  var sr = 0.0;
  var srho = 0.0;
  for (var i = 0u; i < U.n; i++) {
    let r = (ys[c * U.n + i] - model_value(load_x(i, c), p)) * weight(i, c);
    let z = r * r;
    sr += z;
    srho += robust(z, U.loss, U.fScale).x;
  }
  return vec2<f32>(0.5 * srho, sr);
}

// Loss-scaled JᵀJ (full, NP×NP) and Jᵀr with fixed parameters masked; returns (cost, Σr²).
fn normal_eq(c: u32, p: array<f32, NP>, A: ptr<function, array<f32, NN>>, g: ptr<function, array<f32, NP>>) -> vec2<f32> {
  for (var k = 0u; k < NN; k++) { (*A)[k] = 0.0; }
  for (var k = 0u; k < NP; k++) { (*g)[k] = 0.0; }
  var sr = 0.0;
  var srho = 0.0;
  for (var i = 0u; i < U.n; i++) {
    var df: array<f32, NP>;
    let w = weight(i, c);
    let r = (ys[c * U.n + i] - model_value_and_gradient(load_x(i, c), p, &df)) * w;
    let z = r * r;
    let rho = robust(z, U.loss, U.fScale);
    let js = sqrt(max(rho.y + 2.0 * rho.z * z, JSCALE_EPS));
    let rs = r * rho.y / js;
    var jr: array<f32, NP>;
    for (var a = 0u; a < NP; a++) { jr[a] = select(0.0, -w * df[a] * js, is_free(a)); }
    for (var a = 0u; a < NP; a++) {
      for (var b = a; b < NP; b++) { (*A)[a * NP + b] += jr[a] * jr[b]; }
      (*g)[a] += jr[a] * rs;
    }
    sr += z;
    srho += rho.x;
  }
  for (var a = 0u; a < NP; a++) {
    for (var b = 0u; b < a; b++) { (*A)[a * NP + b] = (*A)[b * NP + a]; }
    // A fixed parameter gets a unit row so the system stays positive definite; its step is 0.
    if (!is_free(a)) { (*A)[a * NP + a] = 1.0; }
  }
  return vec2<f32>(0.5 * srho, sr);
}

fn cholesky(M: ptr<function, array<f32, NN>>) -> bool {
  for (var j = 0u; j < NP; j++) {
    var d = (*M)[j * NP + j];
    for (var k = 0u; k < j; k++) { d -= (*M)[j * NP + k] * (*M)[j * NP + k]; }
    if (!(d > 0.0)) { return false; }
    let l = sqrt(d);
    (*M)[j * NP + j] = l;
    for (var i = j + 1u; i < NP; i++) {
      var s = (*M)[i * NP + j];
      for (var k = 0u; k < j; k++) { s -= (*M)[i * NP + k] * (*M)[j * NP + k]; }
      (*M)[i * NP + j] = s / l;
    }
  }
  return true;
}

// Solves L Lᵀ v = b in place (L from cholesky()).
fn chol_solve(L: ptr<function, array<f32, NN>>, v: ptr<function, array<f32, NP>>) {
  for (var i = 0u; i < NP; i++) {
    var s = (*v)[i];
    for (var k = 0u; k < i; k++) { s -= (*L)[i * NP + k] * (*v)[k]; }
    (*v)[i] = s / (*L)[i * NP + i];
  }
  for (var ii = 0u; ii < NP; ii++) {
    let i = NP - 1u - ii;
    var s = (*v)[i];
    for (var k = i + 1u; k < NP; k++) { s -= (*L)[k * NP + i] * (*v)[k]; }
    (*v)[i] = s / (*L)[i * NP + i];
  }
}

fn project(p: array<f32, NP>) -> array<f32, NP> {
  var q = p;
  for (var j = 0u; j < NP; j++) { q[j] = clamp(p[j], bounds[j], bounds[NP + j]); }
  return q;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x + gid.y * U.groupsX * WG;
  if (c >= U.curves) { return; }

  var p: array<f32, NP>;
  for (var j = 0u; j < NP; j++) { p[j] = start[c * NP + j]; }
  p = project(p);
  var A: array<f32, NN>;
  var g: array<f32, NP>;
  var cr = normal_eq(c, p, &A, &g);
  var cost = cr.x;
  var sumSq = cr.y;
  var lambda = 1e-3;
  var nu = 2.0;
  var dscale: array<f32, NP>;
  for (var j = 0u; j < NP; j++) { dscale[j] = 0.0; }
  var converged = 0u;
  var iters = 0u;

  for (var it = 0u; it < U.maxIter; it++) {
    if (!(cost == cost) || abs(cost) > 3.0e38) { break; }
    // scipy's gtol: the largest cosine between r and a column of J.
    var gmax = 0.0;
    let rnorm = sqrt(2.0 * cost);
    for (var j = 0u; j < NP; j++) {
      let cn = sqrt(A[j * NP + j]) * rnorm;
      if (is_free(j) && cn > 0.0) { gmax = max(gmax, abs(g[j]) / cn); }
    }
    if (gmax <= U.gtol) { converged = 1u; break; }
    iters = it + 1u;
    // Marquardt scaling by the largest diagonal seen so far (MINPACK's diag update).
    var M = A;
    for (var j = 0u; j < NP; j++) {
      dscale[j] = max(dscale[j], A[j * NP + j]);
      M[j * NP + j] += lambda * max(dscale[j], 1e-30);
    }
    var delta: array<f32, NP>;
    for (var j = 0u; j < NP; j++) { delta[j] = -g[j]; }
    if (!cholesky(&M)) {
      lambda *= nu;
      nu *= 2.0;
      continue;
    }
    chol_solve(&M, &delta);
    var pt: array<f32, NP>;
    for (var j = 0u; j < NP; j++) { pt[j] = select(p[j], p[j] + delta[j], is_free(j)); }
    pt = project(pt);
    var pred = 0.0;
    var stepSq = 0.0;
    var pSq = 0.0;
    for (var a = 0u; a < NP; a++) {
      let da = pt[a] - p[a];
      var ad = 0.0;
      for (var b = 0u; b < NP; b++) { ad += A[a * NP + b] * (pt[b] - p[b]); }
      pred -= g[a] * da + 0.5 * da * ad;
      stepSq += da * da;
      pSq += pt[a] * pt[a];
    }
    let trial = cost_at(c, pt);
    let gain = select(-1.0, (cost - trial.x) / pred, pred > 0.0);
    if (gain > 0.0 && trial.x == trial.x) {
      let dF = cost - trial.x;
      p = pt;
      let t = 2.0 * gain - 1.0;
      lambda *= max(1.0 / 3.0, 1.0 - t * t * t);
      nu = 2.0;
      let before = cost;
      cr = normal_eq(c, p, &A, &g);
      cost = cr.x;
      sumSq = cr.y;
      let xtolHit = sqrt(stepSq) <= U.xtol * (U.xtol + sqrt(pSq));
      if (dF <= U.ftol * before || xtolHit) { converged = 1u; break; }
    } else {
      lambda *= nu;
      nu *= 2.0;
      // Nothing left to gain at f32 resolution: the model's predicted decrease is below ftol.
      if (lambda > 1e10) {
        converged = select(0u, 1u, pred <= U.ftol * cost);
        break;
      }
    }
  }

  // Standard errors from (JᵀJ)⁻¹ at the solution, scaled by 2·cost/(n − nFree) unless absolute.
  var L = A;
  let ok = cholesky(&L);
  let dof = f32(max(i32(U.n) - i32(U.nFree), 1));
  var s2 = 2.0 * cost / dof;
  if (U.absoluteSigma != 0u) { s2 = 1.0; }
  let o = c * OUT_STRIDE;
  for (var j = 0u; j < NP; j++) {
    outF[o + j] = p[j];
    var e: array<f32, NP>;
    for (var k = 0u; k < NP; k++) { e[k] = select(0.0, 1.0, k == j); }
    var se = 0.0;
    if (ok && is_free(j)) {
      chol_solve(&L, &e);
      se = sqrt(max(e[j], 0.0) * s2);
    } else if (is_free(j)) {
      se = -1.0; // singular JᵀJ: the host turns this into NaN
    }
    outF[o + NP + j] = se;
  }
  outF[o + 2u * NP] = cost;
  outF[o + 2u * NP + 1u] = sumSq;
  outU[c * 2u] = converged;
  outU[c * 2u + 1u] = iters;
}
`;
