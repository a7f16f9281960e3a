/**
 * exp(x) in plain JS arithmetic, for the fused least-squares kernels: V8 calls out of
 * optimized code for Math.exp (~11 ns a call), while this small function is inlined into
 * the generated loop (~3 ns). Table method (Tang 1989, as musl's exp): x = (128·e + j)·ln2/128
 * + r with |r| ≤ ln2/256, exp(x) = 2^e · 2^(j/128) · exp(r), 2^(j/128) held as a
 * double-double and exp(r) − 1 a degree-5 Taylor polynomial (truncation < 1e-18). Error
 * ≈ 0.51 ulp, as fdlibm's Math.exp (< 1 ulp), but results are not bit-identical to it:
 * that is why only the fused normal-equation kernel uses it, whose cost and JᵀJ come from
 * one pass and so are consistent with each other. Outside |x| < 708 and for NaN it
 * defers to Math.exp (overflow, subnormal results).
 */
import { DD_LN2, mulNumber } from './double-double';
import { exp as ddExp } from './double-double-functions';

const N = 128;
/** Entries of the 2^(j/128) tables (the WebAssembly kernels copy them into their memory). */
export const EXP_TABLE_SIZE = N;
const INV_LN2_N = N / Math.LN2;
// ln2/N in two parts; the high part has ≤ 33 significant bits, so k·HI is exact for |k| < 2^20.
const LN2_N_HI = Math.round((Math.LN2 / N) * 2 ** 40) / 2 ** 40;
const LN2_N_LO = (Math.LN2 - LN2_N_HI * N + DD_LN2.lo) / N;

/** 2^(j/128) as a double-double: high and low parts. */
export const EXP_TABLE_HI = new Float64Array(N);
export const EXP_TABLE_LO = new Float64Array(N);
const T_HI = EXP_TABLE_HI;
const T_LO = EXP_TABLE_LO;
for (let j = 0; j < N; j++) {
  const t = ddExp(mulNumber(DD_LN2, j / N));
  T_HI[j] = t.hi;
  T_LO[j] = t.lo;
}
/** Adding and subtracting 1.5·2^52 rounds to the nearest integer (Math.round is a slow call in V8). */
const ROUND_SHIFT = 6755399441055744;
/** The constants of fastExp, for generators that emit the same steps (codegen-wasm.ts). */
export const FAST_EXP_CONSTANTS = Object.freeze({
  LIMIT: 708,
  INV_LN2_N,
  LN2_N_HI,
  LN2_N_LO,
  ROUND_SHIFT,
});
/** 2^e for e in [−1022, 1022] at index e + 1022 (all normal numbers). */
const POW2 = new Float64Array(2045);
for (let e = -1022; e <= 1022; e++) POW2[e + 1022] = 2 ** e;

/** e^x to ~0.51 ulp (see the file comment); NaN for NaN, Infinity/0 where Math.exp gives them. */
export function fastExp(x: number): number {
  if (!(Math.abs(x) < 708)) return Math.exp(x);
  const kd = x * INV_LN2_N + ROUND_SHIFT - ROUND_SHIFT;
  const k = kd | 0;
  const r = x - kd * LN2_N_HI - kd * LN2_N_LO;
  const j = k & (N - 1);
  const th = T_HI[j];
  const p = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120))));
  return POW2[(k >> 7) + 1022] * (th + (T_LO[j] + th * p));
}
