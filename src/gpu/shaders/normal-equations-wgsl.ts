/**
 * Skeleton of the normal-equations pass (and its cost-only variant). program-source.ts fills
 * the {{…}} slots: the model functions, NX, NP, the workgroup size WG, points per thread PPT,
 * the number of accumulated components K and how many of them share one round of the
 * workgroup tree reduction (KB, bounded by 16 KiB of workgroup memory).
 *
 * Output: per workgroup, K f32 partial sums at partials[(partialBase + wg) * K …]:
 *   full mode:  JᵀJ upper triangle (row-major, NT = NP(NP+1)/2), Jᵀr (NP), Σ r², Σ ρ
 *   cost mode:  Σ r², Σ ρ
 * J and r are scaled for the robust loss as scipy's scale_for_robust_loss_function does, so
 * Jᵀr is the gradient of the cost ½Σρ and JᵀJ its Gauss–Newton Hessian.
 */
import { defineUniforms } from './uniform-layout';

/** The normal-equations pass's uniforms, one buffer per data chunk (see uniform-layout.ts). */
export const NORMAL_EQUATIONS_UNIFORMS = defineUniforms('Uniforms', [
  /** Points in this chunk. */
  { name: 'n', type: 'u32' },
  /** Index of this chunk's first workgroup among all chunks' partials. */
  { name: 'partialBase', type: 'u32' },
  { name: 'loss', type: 'u32' },
  { name: 'hasWeights', type: 'u32' },
  { name: 'fScale', type: 'f32' },
  { name: 'groupsX', type: 'u32' },
] as const);

/** The second pass's uniforms (see uniform-layout.ts). */
export const REDUCE_PARTIALS_UNIFORMS = defineUniforms('Uniforms', [
  /** Per-workgroup partials to sum. */
  { name: 'count', type: 'u32' },
  /** Components per partial. */
  { name: 'k', type: 'u32' },
] as const);

export const NORMAL_EQUATIONS_WGSL = /* wgsl */ `
{{MODEL}}
{{LOSS}}

const NX: u32 = {{NX}}u;
const NP: u32 = {{NP}}u;
const WG: u32 = {{WG}}u;
const PPT: u32 = {{PPT}}u;
const K: u32 = {{K}}u;
const KB: u32 = {{KB}}u;
const ROUNDS: u32 = {{ROUNDS}}u;
const COST_ONLY: bool = {{COST_ONLY}};
const NT: u32 = NP * (NP + 1u) / 2u;

${NORMAL_EQUATIONS_UNIFORMS.wgsl}

@group(0) @binding(0) var<uniform> U: Uniforms;
@group(0) @binding(1) var<storage, read> theta: array<f32>;
@group(0) @binding(2) var<storage, read> xs: array<f32>;
@group(0) @binding(3) var<storage, read> ys: array<f32>;
@group(0) @binding(4) var<storage, read> ws: array<f32>;
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;

var<workgroup> shared_sums: array<f32, {{SHARED}}>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wg = wid.x + wid.y * U.groupsX;
  var p: array<f32, NP>;
  for (var j = 0u; j < NP; j++) { p[j] = theta[j]; }

  var acc: array<f32, K>;
  for (var c = 0u; c < K; c++) { acc[c] = 0.0; }

  // Consecutive threads read consecutive points (coalesced); each thread sums PPT points.
  let base = wg * WG * PPT + lid;
  for (var k = 0u; k < PPT; k++) {
    let i = base + k * WG;
    if (i < U.n) {
      var x: array<f32, NX>;
      for (var d = 0u; d < NX; d++) { x[d] = xs[i * NX + d]; }
      var w = 1.0;
      if (U.hasWeights != 0u) { w = ws[i]; }
      if (COST_ONLY) {
        let f = model_value(x, p);
        let r = (ys[i] - f) * w;
        let z = r * r;
        acc[K - 2u] += z;
        acc[K - 1u] += robust(z, U.loss, U.fScale).x;
      } else {
        var g: array<f32, NP>;
        let f = model_value_and_gradient(x, p, &g);
        let r = (ys[i] - f) * w;
        let z = r * r;
        let rho = robust(z, U.loss, U.fScale);
        let js = sqrt(max(rho.y + 2.0 * rho.z * z, JSCALE_EPS));
        let rs = r * rho.y / js;
        // Row of ∂r/∂θ, loss-scaled: r = (y − f)·w, so ∂r/∂θ = −w·∂f/∂θ.
        var jr: array<f32, NP>;
        for (var j = 0u; j < NP; j++) { jr[j] = -w * g[j] * js; }
        var t = 0u;
        for (var a = 0u; a < NP; a++) {
          for (var b = a; b < NP; b++) {
            acc[t] += jr[a] * jr[b];
            t++;
          }
        }
        for (var a = 0u; a < NP; a++) { acc[NT + a] += jr[a] * rs; }
        acc[K - 2u] += z;
        acc[K - 1u] += rho.x;
      }
    }
  }

  // Pairwise tree reduction over the workgroup, KB components per round of shared memory.
  for (var round = 0u; round < ROUNDS; round++) {
    let c0 = round * KB;
    for (var c = 0u; c < KB; c++) {
      var v = 0.0;
      if (c0 + c < K) { v = acc[c0 + c]; }
      shared_sums[c * WG + lid] = v;
    }
    workgroupBarrier();
    for (var s = WG / 2u; s > 0u; s = s / 2u) {
      if (lid < s) {
        for (var c = 0u; c < KB; c++) {
          shared_sums[c * WG + lid] += shared_sums[c * WG + lid + s];
        }
      }
      workgroupBarrier();
    }
    if (lid < KB && c0 + lid < K) {
      partials[(U.partialBase + wg) * K + c0 + lid] = shared_sums[lid * WG];
    }
    workgroupBarrier();
  }
}
`;

/**
 * Second pass: one workgroup per component reduces the per-workgroup partials (strided
 * sequential sums per thread, then a pairwise tree), so only K floats are read back.
 */
export const REDUCE_PARTIALS_WGSL = /* wgsl */ `
const WG: u32 = {{WG}}u;

${REDUCE_PARTIALS_UNIFORMS.wgsl}

@group(0) @binding(0) var<uniform> U: Uniforms;
@group(0) @binding(1) var<storage, read> partials: array<f32>;
@group(0) @binding(2) var<storage, read_write> sums: array<f32>;

var<workgroup> shared_sums: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = wid.x;
  var v = 0.0;
  for (var j = lid; j < U.count; j += WG) { v += partials[j * U.k + c]; }
  shared_sums[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid < s) { shared_sums[lid] += shared_sums[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { sums[c] = shared_sums[0]; }
}
`;
