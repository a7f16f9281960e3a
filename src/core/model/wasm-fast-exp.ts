/**
 * fastExp (numerics/fast-exp.ts) as WebAssembly, step for step, on one f64 or on both
 * lanes of an f64x2: the same reduction, the same table entry, the same polynomial and
 * the same rounding at every operation, so every lane equals fastExp bit for bit. Its
 * table is 2^(j/128) as (high, low) f64 pairs, 16 bytes an entry, at `tableOffset`.
 */
import { EXP_TABLE_SIZE, FAST_EXP_CONSTANTS } from '../numerics/fast-exp';
import { ALIGN_8, type ByteWriter, Op, SimdOp, v128Const, ValType } from './wasm-encoding';

/** Scratch locals of the scalar form: f64 x, kd, r, th; i32 k, j. */
export interface ScalarExpLocals {
  readonly x: number;
  readonly kd: number;
  readonly r: number;
  readonly th: number;
  readonly k: number;
  readonly j: number;
}

/** Scratch v128 locals of the vector form (one set per bank of rows computed side by side). */
export interface VectorExpLocals {
  readonly x: number;
  readonly kd: number;
  readonly r: number;
  readonly th: number;
  readonly k: number;
  readonly j: number;
  readonly entry0: number;
  readonly entry1: number;
}

/** exp of the f64 on the stack; `mathExp` is the index of an imported Math.exp (|x| ≥ 708, NaN). */
export function emitScalarExp(w: ByteWriter, l: ScalarExpLocals, tableOffset: number, mathExp: number): void {
  const c = FAST_EXP_CONSTANTS;
  const { x, kd, r, th, k, j } = l;
  const get = (local: number): void => void w.byte(Op.localGet).u32(local);
  w.byte(Op.localSet).u32(x);
  // if (!(|x| < 708)) Math.exp(x)
  get(x);
  w.byte(Op.f64Abs, Op.f64Const).f64(c.LIMIT);
  w.byte(Op.f64Lt, Op.i32Eqz, Op.if, ValType.f64);
  get(x);
  w.byte(Op.call).u32(mathExp);
  w.byte(Op.else);
  // kd = x·N/ln2 + shift − shift; k = kd | 0
  get(x);
  w.byte(Op.f64Const).f64(c.INV_LN2_N).byte(Op.f64Mul);
  w.byte(Op.f64Const).f64(c.ROUND_SHIFT).byte(Op.f64Add);
  w.byte(Op.f64Const).f64(c.ROUND_SHIFT).byte(Op.f64Sub, Op.localTee).u32(kd);
  w.byte(Op.i32TruncF64S, Op.localSet).u32(k);
  // r = x − kd·hi − kd·lo
  get(x);
  get(kd);
  w.byte(Op.f64Const).f64(c.LN2_N_HI).byte(Op.f64Mul, Op.f64Sub);
  get(kd);
  w.byte(Op.f64Const).f64(c.LN2_N_LO).byte(Op.f64Mul, Op.f64Sub, Op.localSet).u32(r);
  // j = k & (N − 1) as a byte offset of its entry; th = T_HI[j]
  get(k);
  w.byte(Op.i32Const)
    .s32(EXP_TABLE_SIZE - 1)
    .byte(Op.i32And, Op.i32Const)
    .s32(4)
    .byte(Op.i32Shl);
  w.byte(Op.localTee).u32(j).byte(Op.f64Load).u32(ALIGN_8).u32(tableOffset);
  w.byte(Op.localSet).u32(th);
  // 2^(k >> 7) from its bits
  get(k);
  w.byte(Op.i32Const).s32(7).byte(Op.i32ShrS, Op.i32Const).s32(1023).byte(Op.i32Add, Op.i64ExtendI32S);
  w.byte(Op.i64Const).s32(52).byte(Op.i64Shl, Op.f64ReinterpretI64);
  // · (th + (T_LO[j] + th·p))
  get(th);
  get(j);
  w.byte(Op.f64Load)
    .u32(ALIGN_8)
    .u32(tableOffset + 8);
  get(th);
  polynomial(w, r, false);
  w.byte(Op.f64Mul, Op.f64Add, Op.f64Add, Op.f64Mul);
  w.byte(Op.end);
}

/**
 * exp of both lanes of the v128 on the stack. Lanes within |x| < 708 take the scalar
 * form's steps (each lane's table entry loaded whole); if either lane is outside, NaN
 * included, both lanes go through the scalar form.
 */
export function emitVectorExp(
  w: ByteWriter,
  v: VectorExpLocals,
  scalar: ScalarExpLocals,
  tableOffset: number,
  mathExp: number,
): void {
  const c = FAST_EXP_CONSTANTS;
  const get = (local: number): void => void w.byte(Op.localGet).u32(local);
  w.byte(Op.localSet).u32(v.x);
  get(v.x);
  w.simd(SimdOp.f64x2Abs);
  v128Const(w, c.LIMIT);
  w.simd(SimdOp.f64x2Lt).simd(SimdOp.i64x2AllTrue);
  w.byte(Op.if, ValType.v128);
  // kd = x·N/ln2 + shift − shift; k = kd | 0 (lanes 0, 1 of an i32x4)
  get(v.x);
  v128Const(w, c.INV_LN2_N);
  w.simd(SimdOp.f64x2Mul);
  v128Const(w, c.ROUND_SHIFT);
  w.simd(SimdOp.f64x2Add);
  v128Const(w, c.ROUND_SHIFT);
  w.simd(SimdOp.f64x2Sub).byte(Op.localTee).u32(v.kd);
  w.simd(SimdOp.i32x4TruncSatF64x2SZero).byte(Op.localSet).u32(v.k);
  // r = x − kd·hi − kd·lo
  get(v.x);
  get(v.kd);
  v128Const(w, c.LN2_N_HI);
  w.simd(SimdOp.f64x2Mul).simd(SimdOp.f64x2Sub);
  get(v.kd);
  v128Const(w, c.LN2_N_LO);
  w.simd(SimdOp.f64x2Mul).simd(SimdOp.f64x2Sub).byte(Op.localSet).u32(v.r);
  // j = (k & (N − 1)) as byte offsets of the entries; each lane's (hi, lo) in one load
  get(v.k);
  w.simd(SimdOp.v128Const);
  for (let lane = 0; lane < 4; lane++) w.byte(EXP_TABLE_SIZE - 1, 0, 0, 0);
  w.simd(SimdOp.v128And).byte(Op.i32Const).s32(4).simd(SimdOp.i32x4Shl).byte(Op.localSet).u32(v.j);
  for (const lane of [0, 1]) {
    get(v.j);
    w.simd(SimdOp.i32x4ExtractLane).byte(lane).simd(SimdOp.v128Load).u32(ALIGN_8).u32(tableOffset);
    w.byte(Op.localSet).u32(lane === 0 ? v.entry0 : v.entry1);
  }
  // th = (hi₀, hi₁), and below tl = (lo₀, lo₁): the low or the high halves of the two entries
  const halves = (high: boolean): void => {
    get(v.entry0);
    get(v.entry1);
    const from = high ? 8 : 0;
    w.simd(SimdOp.i8x16Shuffle);
    for (let b = 0; b < 8; b++) w.byte(from + b);
    for (let b = 0; b < 8; b++) w.byte(16 + from + b);
  };
  halves(false);
  w.byte(Op.localSet).u32(v.th);
  // 2^(k >> 7) from its bits, lane by lane
  get(v.k);
  w.byte(Op.i32Const).s32(7).simd(SimdOp.i32x4ShrS);
  w.simd(SimdOp.v128Const);
  for (let lane = 0; lane < 4; lane++) w.byte(1023 & 0xff, 1023 >> 8, 0, 0);
  w.simd(SimdOp.i32x4Add).simd(SimdOp.i64x2ExtendLowI32x4S);
  w.byte(Op.i32Const).s32(52).simd(SimdOp.i64x2Shl);
  // · (th + (T_LO[j] + th·p))
  get(v.th);
  halves(true);
  get(v.th);
  polynomial(w, v.r, true);
  w.simd(SimdOp.f64x2Mul).simd(SimdOp.f64x2Add).simd(SimdOp.f64x2Add).simd(SimdOp.f64x2Mul);
  w.byte(Op.else);
  get(v.x);
  w.simd(SimdOp.f64x2ExtractLane).byte(0);
  emitScalarExp(w, scalar, tableOffset, mathExp);
  w.simd(SimdOp.f64x2Splat);
  get(v.x);
  w.simd(SimdOp.f64x2ExtractLane).byte(1);
  emitScalarExp(w, scalar, tableOffset, mathExp);
  w.simd(SimdOp.f64x2ReplaceLane).byte(1);
  w.byte(Op.end);
}

/** p = r + r·r·(1/2 + r·(1/6 + r·(1/24 + r·(1/120)))), as fastExp groups it. */
function polynomial(w: ByteWriter, r: number, vector: boolean): void {
  const get = (): void => void w.byte(Op.localGet).u32(r);
  const num = (value: number): void => {
    if (vector) v128Const(w, value);
    else w.byte(Op.f64Const).f64(value);
  };
  const mul = (): void => void (vector ? w.simd(SimdOp.f64x2Mul) : w.byte(Op.f64Mul));
  const add = (): void => void (vector ? w.simd(SimdOp.f64x2Add) : w.byte(Op.f64Add));
  get();
  get();
  get();
  mul();
  num(0.5);
  get();
  num(1 / 6);
  get();
  num(1 / 24);
  get();
  num(1 / 120);
  for (let k = 0; k < 4; k++) {
    mul();
    add();
  }
}
