/**
 * The fused normal-equation kernel (see FusedKernels) as WebAssembly SIMD: rows in f64x2
 * lanes, two pairs per loop step. Each row is computed exactly as generateFusedSource's
 * JavaScript computes it, operation for operation (the same DAG plan, the same hoisted reciprocals,
 * the same table exp as fastExp, per lane), so a one- or two-row range gives bit-identical
 * sums; over longer ranges the two lanes sum even and odd rows apart and are added at the
 * end, which rounds differently from one running sum by a few ulps.
 * `codegen-wasm.test.ts` holds both to that. Only models whose every operation is a
 * WebAssembly instruction or exp are generated: a call into JavaScript per point (log,
 * sin, pow…) would cost what the kernel saves, and those models keep the JavaScript kernel.
 *
 * Why: V8 runs the JavaScript kernel at ~25–35 ns a row for a two-exponential model,
 * latency- and register-bound on one row at a time; this kernel runs at ~11–15 ns a row
 * (two rows per instruction, two independent pairs in flight), and its compiled code is
 * fast from the first call instead of after V8 has watched the loop run.
 */
import type { Expr } from './ast';
import { CONSTANTS } from './ast';
import { planDag, smallIntegerExponent } from './dag-plan';
import type { SlotMap } from './codegen-js';
import { EXP_TABLE_SIZE } from '../numerics/fast-exp';
import { emitScalarExp, emitVectorExp, type ScalarExpLocals, type VectorExpLocals } from './wasm-fast-exp';
import { ALIGN_8, BLOCK_EMPTY, ByteWriter, encodeModule, Op, SimdOp, v128Const, ValType } from './wasm-encoding';
import { assertNever } from '../assert-never';

/**
 * Byte offsets in the kernel's memory: the exp table, then the parameters, the
 * accumulator (as FusedKernels.normalEquations' acc), then the data columns (each m
 * values: the predictors in slot order, y, then the weights of a weighted fit).
 */
export interface FusedWasmLayout {
  /** 2^(j/128) as (high, low) f64 pairs, 16 bytes an entry: one load fetches both. */
  readonly expTableOffset: number;
  readonly paramsOffset: number;
  readonly accOffset: number;
  readonly accLength: number;
  readonly dataOffset: number;
}

export interface FusedWasmKernel {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly layout: FusedWasmLayout;
  /** Predictor columns the kernel reads (the model's; callers may hold more). */
  readonly numPredictors: number;
  /** Whether the kernel multiplies by a weight column (1/σ) after y. */
  readonly weighted: boolean;
  /** The exported function (start, end, m) → void, rows [start, end) of m. */
  readonly exportName: string;
}

/** Functions the kernel computes itself; any other call leaves the model on JavaScript. */
const NATIVE_CALLS = new Set(['exp', 'sqrt', 'abs', 'min', 'max', 'sign', 'ifle']);

/** Whether every node under the roots has a WebAssembly form here. */
function isSupported(roots: readonly Expr[]): boolean {
  const seen = new Set<Expr>();
  const stack = [...roots];
  while (stack.length) {
    const e = stack.pop() as Expr;
    if (seen.has(e)) continue;
    seen.add(e);
    if (e.type === 'call' && !NATIVE_CALLS.has(e.fn)) return false;
    if (e.type === 'binary' && e.op === '^') {
      const sqrt = e.right.type === 'number' && e.right.value === 0.5;
      if (smallIntegerExponent(e) === undefined && !sqrt) return false;
    }
    if (e.type === 'negate') stack.push(e.arg);
    else if (e.type === 'binary') stack.push(e.left, e.right);
    else if (e.type === 'call') stack.push(...e.args);
  }
  return true;
}

/** Local variables of one function: parameters first, then declared locals. */
class Locals {
  readonly types: ValType[] = [];
  constructor(private readonly paramCount: number) {}
  add(type: ValType): number {
    this.types.push(type);
    return this.paramCount + this.types.length - 1;
  }
}

/**
 * Generates the kernel for roots = [f, ∂f/∂θ_0, …] (interned), unweighted or weighted, or
 * null when the model has no WebAssembly form.
 */
export function generateFusedWasm(roots: readonly Expr[], slots: SlotMap, weighted: boolean): FusedWasmKernel | null {
  if (!isSupported(roots)) return null;
  const np = slots.paramNames.length;
  const accLength = 1 + np + (np * (np + 1)) / 2;
  const expTableOffset = 0;
  const paramsOffset = 16 * EXP_TABLE_SIZE;
  const accOffset = paramsOffset + 8 * np;
  // Columns start on a 16-byte boundary (row pairs are loaded as one v128).
  const dataOffset = Math.ceil((accOffset + 8 * accLength) / 16) * 16;
  const layout = { expTableOffset, paramsOffset, accOffset, accLength, dataOffset };
  const locals = new Locals(3);
  const body = new KernelWriter(roots, slots, layout, weighted, locals).write();
  const bytes = encodeModule({
    imports: [{ module: 'env', field: 'exp', type: { params: [ValType.f64], results: [ValType.f64] } }],
    importMemory: true,
    functions: [
      {
        exportName: KERNEL_EXPORT,
        type: { params: [ValType.i32, ValType.i32, ValType.i32], results: [] },
        locals: locals.types,
        body,
      },
    ],
  });
  return {
    bytes,
    layout,
    numPredictors: slots.predictorNames.length,
    weighted,
    exportName: KERNEL_EXPORT,
  };
}

const KERNEL_EXPORT = 'normalEquations';
const EXP_IMPORT = 0;
const ARG_START = 0;
const ARG_END = 1;
const ARG_M = 2;

/** Scalar and f64x2 forms of each arithmetic operation. */
const ARITH = {
  '+': [Op.f64Add, SimdOp.f64x2Add],
  '-': [Op.f64Sub, SimdOp.f64x2Sub],
  '*': [Op.f64Mul, SimdOp.f64x2Mul],
  '/': [Op.f64Div, SimdOp.f64x2Div],
  neg: [Op.f64Neg, SimdOp.f64x2Neg],
  abs: [Op.f64Abs, SimdOp.f64x2Abs],
  sqrt: [Op.f64Sqrt, SimdOp.f64x2Sqrt],
  min: [Op.f64Min, SimdOp.f64x2Min],
  max: [Op.f64Max, SimdOp.f64x2Max],
} as const;

/** The per-row v128 locals of one row pair. */
interface RowBank {
  readonly x: number[];
  readonly perPoint: Map<Expr, number>;
  readonly exp: VectorExpLocals;
  readonly sign: number;
  readonly w: number;
  readonly r: number;
  readonly g: number[];
}

/**
 * One exported kernel function. Parameter-only (hoisted) values are computed once in
 * scalar code before the loop and splatted; per-row values are f64x2, four rows a step (a
 * pair per bank of locals), then a pair, and a last odd row runs the same body with its
 * second lane masked out of every sum.
 */
class KernelWriter {
  private readonly np: number;
  private readonly paramIndex: Map<string, number>;
  private readonly predictorIndex: Map<string, number>;
  private readonly hoisted: readonly Expr[];
  private readonly perPoint: readonly Expr[];
  private readonly hoistedSet: Set<Expr>;
  // Scalar locals (prologue) and their splatted v128 twins (loop).
  private readonly param: number[];
  private readonly vParam: number[];
  private readonly scalarNamed = new Map<Expr, number>();
  private readonly vHoisted = new Map<Expr, number>();
  /** Reciprocals of parameter-only divisors: scalar source local → [scalar 1/x, splatted]. */
  private readonly reciprocals = new Map<number, [number, number]>();
  private readonly columnBase: number[];
  private readonly yBase: number;
  private readonly wBase: number;
  private readonly row: number;
  private readonly rowOffset: number;
  private readonly expScalar: ScalarExpLocals;
  private readonly signScalar: number;
  /** Per-row locals of the two row pairs a step computes side by side. */
  private readonly banks: [RowBank, RowBank];
  private bank: RowBank;
  /** Running sums in acc order: Σr², Σg_j·r, then the upper triangle of Σg_j·g_k. */
  private readonly sums: number[];

  constructor(
    private readonly roots: readonly Expr[],
    slots: SlotMap,
    private readonly layout: FusedWasmLayout,
    private readonly weighted: boolean,
    private readonly locals: Locals,
  ) {
    const f64 = (): number => locals.add(ValType.f64);
    const v128 = (): number => locals.add(ValType.v128);
    const i32 = (): number => locals.add(ValType.i32);
    this.np = slots.paramNames.length;
    this.paramIndex = new Map(slots.paramNames.map((n, k) => [n, k]));
    this.predictorIndex = new Map(slots.predictorNames.map((n, k) => [n, k]));
    const plan = planDag(roots, (n) => this.predictorIndex.has(n), true);
    this.hoisted = plan.hoisted;
    this.perPoint = plan.perPoint;
    this.hoistedSet = new Set(plan.hoisted);
    this.param = slots.paramNames.map(f64);
    this.vParam = slots.paramNames.map(v128);
    for (const e of plan.hoisted) {
      this.scalarNamed.set(e, f64());
      this.vHoisted.set(e, v128());
    }
    this.columnBase = slots.predictorNames.map(i32);
    this.yBase = i32();
    this.wBase = i32();
    this.row = i32();
    this.rowOffset = i32();
    this.expScalar = { x: f64(), kd: f64(), r: f64(), th: f64(), k: i32(), j: i32() };
    this.signScalar = f64();
    const bank = (): RowBank => ({
      x: slots.predictorNames.map(v128),
      perPoint: new Map(plan.perPoint.map((e) => [e, v128()])),
      exp: {
        x: v128(),
        kd: v128(),
        r: v128(),
        th: v128(),
        k: v128(),
        j: v128(),
        entry0: v128(),
        entry1: v128(),
      },
      sign: v128(),
      w: v128(),
      r: v128(),
      g: slots.paramNames.map(v128),
    });
    this.banks = [bank(), bank()];
    this.bank = this.banks[0];
    this.sums = Array.from({ length: layout.accLength }, v128);
  }

  write(): ByteWriter {
    // The loop bodies first: they decide which reciprocals the prologue computes.
    const quads = this.rowBody(4);
    const pairs = this.rowBody(2);
    const tail = this.rowBody(1);
    const w = new ByteWriter();
    for (let k = 0; k < this.np; k++) {
      w.byte(Op.i32Const)
        .s32(0)
        .byte(Op.f64Load)
        .u32(ALIGN_8)
        .u32(this.layout.paramsOffset + 8 * k);
      w.byte(Op.localTee).u32(this.param[k]).simd(SimdOp.f64x2Splat).byte(Op.localSet).u32(this.vParam[k]);
    }
    // Column c starts at dataOffset + 8·m·c; y follows the predictors, the weights follow y.
    const columnStart = (c: number, local: number): void => {
      w.byte(Op.localGet)
        .u32(ARG_M)
        .byte(Op.i32Const)
        .s32(8 * c)
        .byte(Op.i32Mul);
      w.byte(Op.i32Const).s32(this.layout.dataOffset).byte(Op.i32Add, Op.localSet).u32(local);
    };
    this.columnBase.forEach((local, c) => columnStart(c, local));
    columnStart(this.columnBase.length, this.yBase);
    columnStart(this.columnBase.length + 1, this.wBase);
    for (const e of this.hoisted) {
      this.inline(w, e, false);
      w.byte(Op.localTee).u32(this.scalarNamed.get(e) as number);
      w.simd(SimdOp.f64x2Splat)
        .byte(Op.localSet)
        .u32(this.vHoisted.get(e) as number);
    }
    for (const [source, [inv, vInv]] of this.reciprocals) {
      w.byte(Op.f64Const).f64(1).byte(Op.localGet).u32(source).byte(Op.f64Div, Op.localTee).u32(inv);
      w.simd(SimdOp.f64x2Splat).byte(Op.localSet).u32(vInv);
    }
    for (const sum of this.sums) {
      v128Const(w, 0);
      w.byte(Op.localSet).u32(sum);
    }
    // Four rows while row + 4 ≤ end, then a pair if two are left, then the odd row if one is.
    w.byte(Op.localGet).u32(ARG_START).byte(Op.localSet).u32(this.row);
    w.byte(Op.block, BLOCK_EMPTY, Op.loop, BLOCK_EMPTY);
    w.byte(Op.localGet).u32(this.row).byte(Op.i32Const).s32(4).byte(Op.i32Add);
    w.byte(Op.localGet).u32(ARG_END).byte(Op.i32GtS, Op.brIf).u32(1);
    w.append(quads);
    w.byte(Op.localGet).u32(this.row).byte(Op.i32Const).s32(4).byte(Op.i32Add, Op.localSet).u32(this.row);
    w.byte(Op.br).u32(0).byte(Op.end, Op.end);
    const remaining = (rows: number, body: ByteWriter): void => {
      w.byte(Op.localGet).u32(this.row).byte(Op.i32Const).s32(rows).byte(Op.i32Add);
      w.byte(Op.localGet).u32(ARG_END).byte(Op.i32LeS, Op.if, BLOCK_EMPTY);
      w.append(body);
      w.byte(Op.localGet).u32(this.row).byte(Op.i32Const).s32(rows).byte(Op.i32Add, Op.localSet).u32(this.row);
      w.byte(Op.end);
    };
    remaining(2, pairs);
    remaining(1, tail);
    // acc[k] = lane 0 + lane 1
    this.sums.forEach((sum, k) => {
      w.byte(Op.i32Const).s32(0);
      w.byte(Op.localGet).u32(sum).simd(SimdOp.f64x2ExtractLane).byte(0);
      w.byte(Op.localGet).u32(sum).simd(SimdOp.f64x2ExtractLane).byte(1);
      w.byte(Op.f64Add, Op.f64Store)
        .u32(ALIGN_8)
        .u32(this.layout.accOffset + 8 * k);
    });
    return w;
  }

  /**
   * One step of the loop over `rows` rows from `row`: 4 (two row pairs side by side, in two
   * banks of locals, so the engine can overlap their long exp chains), 2, or 1 (the last
   * odd row, its second lane masked out). Sums take the pairs in row order, so every lane
   * adds the same rows in the same order whatever the step.
   */
  private rowBody(rows: 1 | 2 | 4): ByteWriter {
    const w = new ByteWriter();
    const single = rows === 1;
    const banks = rows === 4 ? this.banks : [this.banks[0]];
    const load = (base: number, bank: number): void => {
      w.byte(Op.localGet).u32(base).byte(Op.localGet).u32(this.rowOffset).byte(Op.i32Add);
      w.simd(single ? SimdOp.v128Load64Splat : SimdOp.v128Load)
        .u32(ALIGN_8)
        .u32(16 * bank);
    };
    // Lane 1 of a single row repeats lane 0; masking keeps it out of every sum.
    const masked = (): void => {
      if (!single) return;
      v128Const(w, 0);
      w.simd(SimdOp.v128Const).byte(...Array<number>(8).fill(0xff), ...Array<number>(8).fill(0));
      w.simd(SimdOp.v128Bitselect);
    };
    const timesWeight = (): void => {
      if (this.weighted) w.byte(Op.localGet).u32(this.bank.w).simd(SimdOp.f64x2Mul);
    };
    // A gradient that is the constant 1 (an additive offset, unweighted, both lanes live)
    // multiplies nothing: 1·v is v exactly, so the sums stay bit for bit the same.
    const unit = this.roots.slice(1).map((e) => !single && !this.weighted && e.type === 'number' && e.value === 1);
    w.byte(Op.localGet).u32(this.row).byte(Op.i32Const).s32(3).byte(Op.i32Shl, Op.localSet).u32(this.rowOffset);
    banks.forEach((bank, b) => {
      this.bank = bank;
      this.columnBase.forEach((base, c) => {
        load(base, b);
        w.byte(Op.localSet).u32(bank.x[c]);
      });
      for (const e of this.perPoint) {
        this.inline(w, e, true);
        w.byte(Op.localSet).u32(bank.perPoint.get(e) as number);
      }
      if (this.weighted) {
        load(this.wBase, b);
        w.byte(Op.localSet).u32(bank.w);
      }
      // r = (y − f)·w, g_j = ∂f/∂θ_j·w, as the JavaScript kernel writes them.
      load(this.yBase, b);
      this.ref(w, this.roots[0], true);
      w.simd(SimdOp.f64x2Sub);
      timesWeight();
      masked();
      w.byte(Op.localSet).u32(bank.r);
      for (let j = 0; j < this.np; j++) {
        if (unit[j]) continue;
        this.ref(w, this.roots[1 + j], true);
        timesWeight();
        masked();
        w.byte(Op.localSet).u32(bank.g[j]);
      }
    });
    this.bank = this.banks[0];
    const accumulate = (
      sum: number,
      a: (bank: RowBank) => number,
      b: (bank: RowBank) => number,
      aUnit = false,
      bUnit = false,
    ): void => {
      w.byte(Op.localGet).u32(sum);
      for (const bank of banks) {
        if (aUnit && bUnit) v128Const(w, 1);
        else {
          w.byte(Op.localGet).u32(aUnit ? b(bank) : a(bank));
          if (!aUnit && !bUnit) w.byte(Op.localGet).u32(b(bank)).simd(SimdOp.f64x2Mul);
        }
        w.simd(SimdOp.f64x2Add);
      }
      w.byte(Op.localSet).u32(sum);
    };
    let next = 0;
    accumulate(
      this.sums[next++],
      (k) => k.r,
      (k) => k.r,
    );
    for (let j = 0; j < this.np; j++)
      accumulate(
        this.sums[next++],
        (k) => k.g[j],
        (k) => k.r,
        unit[j],
      );
    for (let j = 0; j < this.np; j++) {
      for (let k = j; k < this.np; k++)
        accumulate(
          this.sums[next++],
          (b) => b.g[j],
          (b) => b.g[k],
          unit[j],
          unit[k],
        );
    }
    return w;
  }

  private op(w: ByteWriter, name: keyof typeof ARITH, vector: boolean): void {
    if (vector) w.simd(ARITH[name][1]);
    else w.byte(ARITH[name][0]);
  }

  private num(w: ByteWriter, value: number, vector: boolean): void {
    if (vector) v128Const(w, value);
    else w.byte(Op.f64Const).f64(value);
  }

  private ref(w: ByteWriter, e: Expr, vector: boolean): void {
    const local = vector ? (this.vHoisted.get(e) ?? this.bank.perPoint.get(e)) : this.scalarNamed.get(e);
    if (local !== undefined) w.byte(Op.localGet).u32(local);
    else this.inline(w, e, vector);
  }

  private inline(w: ByteWriter, e: Expr, vector: boolean): void {
    switch (e.type) {
      case 'number':
        this.num(w, e.value, vector);
        return;
      case 'constant':
        this.num(w, CONSTANTS[e.name], vector);
        return;
      case 'identifier': {
        const k = this.paramIndex.get(e.name);
        const local =
          k !== undefined ? (vector ? this.vParam : this.param)[k] : this.bank.x[this.predictorIndex.get(e.name) ?? -1];
        if (local === undefined || (!vector && k === undefined)) throw new Error(`identifier '${e.name}' has no slot`);
        w.byte(Op.localGet).u32(local);
        return;
      }
      case 'negate':
        this.ref(w, e.arg, vector);
        this.op(w, 'neg', vector);
        return;
      case 'binary':
        this.binary(w, e, vector);
        return;
      case 'call':
        this.call(w, e.fn, e.args, vector);
        return;
      default:
        assertNever(e, 'expression node');
    }
  }

  private binary(w: ByteWriter, e: Expr & { type: 'binary' }, vector: boolean): void {
    if (e.op === '^') {
      const n = smallIntegerExponent(e);
      if (n === undefined) {
        this.ref(w, e.left, vector); // x^0.5 (isSupported admits no other exponent)
        this.op(w, 'sqrt', vector);
        return;
      }
      // (b * b * b) left to right; a negative power is 1 / (that product).
      if (n < 0) this.num(w, 1, vector);
      this.ref(w, e.left, vector);
      for (let k = 1; k < Math.abs(n); k++) {
        this.ref(w, e.left, vector);
        this.op(w, '*', vector);
      }
      if (n < 0) this.op(w, '/', vector);
      return;
    }
    // In the loop a division by a parameter-only value is a product with its reciprocal.
    const inverse = e.op === '/' && vector ? this.reciprocal(e.right) : undefined;
    this.ref(w, e.left, vector);
    if (inverse !== undefined) {
      w.byte(Op.localGet).u32(inverse);
      this.op(w, '*', true);
      return;
    }
    this.ref(w, e.right, vector);
    this.op(w, e.op, vector);
  }

  /** The splatted reciprocal local of a parameter or hoisted divisor, else undefined. */
  private reciprocal(e: Expr): number | undefined {
    const k = e.type === 'identifier' ? this.paramIndex.get(e.name) : undefined;
    const source = k !== undefined ? this.param[k] : this.hoistedSet.has(e) ? this.scalarNamed.get(e) : undefined;
    if (source === undefined) return undefined;
    let pair = this.reciprocals.get(source);
    if (!pair) {
      pair = [this.locals.add(ValType.f64), this.locals.add(ValType.v128)];
      this.reciprocals.set(source, pair);
    }
    return pair[1];
  }

  private call(w: ByteWriter, fn: string, args: readonly Expr[], vector: boolean): void {
    switch (fn) {
      case 'exp':
        this.ref(w, args[0], vector);
        if (vector) emitVectorExp(w, this.bank.exp, this.expScalar, this.layout.expTableOffset, EXP_IMPORT);
        else emitScalarExp(w, this.expScalar, this.layout.expTableOffset, EXP_IMPORT);
        return;
      case 'sqrt':
      case 'abs':
        this.ref(w, args[0], vector);
        this.op(w, fn, vector);
        return;
      case 'min':
      case 'max':
        // Math.min/max and f64(x2).min/max agree: NaN if either is NaN, −0 below +0.
        this.ref(w, args[0], vector);
        this.ref(w, args[1], vector);
        this.op(w, fn, vector);
        return;
      case 'sign': {
        // Math.sign: 1, −1, or the argument itself (±0, NaN).
        const arg = vector ? this.bank.sign : this.signScalar;
        this.ref(w, args[0], vector);
        w.byte(Op.localSet).u32(arg);
        this.num(w, 1, vector);
        this.num(w, -1, vector);
        w.byte(Op.localGet).u32(arg);
        this.compare(w, arg, 'lt', vector);
        this.select(w, vector);
        this.compare(w, arg, 'gt', vector);
        this.select(w, vector);
        return;
      }
      case 'ifle':
        // (u <= v ? a : b); every operand is pure, so evaluating both is only work.
        this.ref(w, args[2], vector);
        this.ref(w, args[3], vector);
        this.ref(w, args[0], vector);
        this.ref(w, args[1], vector);
        if (vector) w.simd(SimdOp.f64x2Le);
        else w.byte(Op.f64Le);
        this.select(w, vector);
        return;
      default:
        throw new Error(`no WebAssembly form for ${fn}`);
    }
  }

  /** local <op> 0 as a condition (scalar) or lane mask (vector). */
  private compare(w: ByteWriter, local: number, op: 'lt' | 'gt', vector: boolean): void {
    w.byte(Op.localGet).u32(local);
    this.num(w, 0, vector);
    if (vector) w.simd(op === 'lt' ? SimdOp.f64x2Lt : SimdOp.f64x2Gt);
    else w.byte(op === 'lt' ? Op.f64Lt : Op.f64Gt);
  }

  private select(w: ByteWriter, vector: boolean): void {
    if (vector) w.simd(SimdOp.v128Bitselect);
    else w.byte(Op.select);
  }
}
