/**
 * The few pieces of the WebAssembly binary format the fused-kernel generator needs: LEB128
 * integers, IEEE f64 constants, opcodes and the module sections (type, import, function,
 * export, code), so a kernel's bytes are written here without a toolchain.
 * Spec: https://webassembly.github.io/spec/core/binary/
 */

export const ValType = { i32: 0x7f, i64: 0x7e, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** The opcodes the generator emits (MVP instruction set only: every engine has them). */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  i64Const: 0x42,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32LtS: 0x48,
  i32GtS: 0x4a,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  f64Eq: 0x61,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Le: 0x65,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i64Shl: 0x86,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64Min: 0xa4,
  f64Max: 0xa5,
  i32TruncF64S: 0xaa,
  i64ExtendI32S: 0xac,
  f64ReinterpretI64: 0xbf,
} as const;

/**
 * SIMD opcodes, each written after the 0xfd prefix as an unsigned LEB128
 * (https://github.com/WebAssembly/simd/blob/main/proposals/simd/BinarySIMD.md).
 */
export const SimdOp = {
  v128Load: 0,
  v128Load64Splat: 10,
  v128Const: 12,
  i8x16Shuffle: 13,
  f64x2Splat: 20,
  i32x4ExtractLane: 27,
  f64x2ExtractLane: 33,
  f64x2ReplaceLane: 34,
  f64x2Lt: 73,
  f64x2Gt: 74,
  f64x2Le: 75,
  v128And: 78,
  v128Bitselect: 82,
  i32x4Shl: 171,
  i32x4ShrS: 172,
  i32x4Add: 174,
  i64x2AllTrue: 195,
  i64x2ExtendLowI32x4S: 199,
  i64x2Shl: 203,
  f64x2Abs: 236,
  f64x2Neg: 237,
  f64x2Sqrt: 239,
  f64x2Add: 240,
  f64x2Sub: 241,
  f64x2Mul: 242,
  f64x2Div: 243,
  f64x2Min: 244,
  f64x2Max: 245,
  i32x4TruncSatF64x2SZero: 252,
} as const;

/** log2 of 8: the alignment hint of f64 (and 8-byte-aligned v128) loads and stores. */
export const ALIGN_8 = 3;

/** Block type of a structured instruction that leaves nothing (0x40) or one f64. */
export const BLOCK_EMPTY = 0x40;

/** A growable byte sink with the format's integer and float encodings. */
export class ByteWriter {
  private buffer = new Uint8Array(256);
  private size = 0;

  get length(): number {
    return this.size;
  }

  /** Room for `extra` more bytes (the buffer doubles: a kernel is written byte by byte). */
  private reserve(extra: number): void {
    if (this.size + extra <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.size + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.size));
    this.buffer = grown;
  }

  private push(b: number): void {
    if (this.size === this.buffer.length) this.reserve(1);
    this.buffer[this.size++] = b;
  }

  byte(...values: number[]): this {
    this.reserve(values.length);
    for (const v of values) this.buffer[this.size++] = v & 0xff;
    return this;
  }

  /** A SIMD instruction: the 0xfd prefix and its opcode. */
  simd(op: number): this {
    return this.byte(0xfd).u32(op);
  }

  /** Unsigned LEB128 (lengths, indices, alignments). */
  u32(value: number): this {
    let v = value >>> 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.push(b);
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 of a 32-bit integer (i32.const, i64.const of small values). */
  s32(value: number): this {
    let v = value | 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.push(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  /** An f64 in little-endian IEEE 754 (exact: the constant's bits, NaN payload included). */
  f64(value: number): this {
    F64_SCRATCH.setFloat64(0, value, true);
    this.reserve(8);
    for (let k = 0; k < 8; k++) this.buffer[this.size++] = F64_SCRATCH.getUint8(k);
    return this;
  }

  /** A length-prefixed byte vector (section bodies, function bodies). */
  vector(inner: ByteWriter): this {
    return this.u32(inner.length).append(inner);
  }

  append(other: ByteWriter): this {
    this.reserve(other.size);
    this.buffer.set(other.buffer.subarray(0, other.size), this.size);
    this.size += other.size;
    return this;
  }

  name(text: string): this {
    const encoded = new TextEncoder().encode(text);
    this.u32(encoded.length).reserve(encoded.length);
    this.buffer.set(encoded, this.size);
    this.size += encoded.length;
    return this;
  }

  toBytes(): Uint8Array<ArrayBuffer> {
    return this.buffer.slice(0, this.size);
  }
}

const F64_SCRATCH = new DataView(new ArrayBuffer(8));

export interface FunctionType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface ImportedFunction {
  readonly module: string;
  readonly field: string;
  readonly type: FunctionType;
}

export interface DefinedFunction {
  readonly exportName: string;
  readonly type: FunctionType;
  /** Locals after the parameters, in index order. */
  readonly locals: readonly ValType[];
  /** The body's instructions, without the final `end` (added here). */
  readonly body: ByteWriter;
}

export interface ModuleSpec {
  readonly imports: readonly ImportedFunction[];
  /** An imported memory (module "env", field "memory"), so instances can size it to their data. */
  readonly importMemory: boolean;
  readonly functions: readonly DefinedFunction[];
}

const SECTION = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;

function section(out: ByteWriter, id: number, body: ByteWriter): void {
  out.byte(id).vector(body);
}

/** Encodes a module: functions are indexed imports first, then defined ones in order. */
export function encodeModule(spec: ModuleSpec): Uint8Array<ArrayBuffer> {
  const out = new ByteWriter().byte(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
  const types: FunctionType[] = [];
  const typeIndex = (t: FunctionType): number => {
    const key = (u: FunctionType) => `${u.params.join(',')}>${u.results.join(',')}`;
    const at = types.findIndex((u) => key(u) === key(t));
    if (at >= 0) return at;
    types.push(t);
    return types.length - 1;
  };
  const importTypes = spec.imports.map((f) => typeIndex(f.type));
  const definedTypes = spec.functions.map((f) => typeIndex(f.type));

  const typeSection = new ByteWriter().u32(types.length);
  for (const t of types) {
    typeSection
      .byte(0x60)
      .u32(t.params.length)
      .byte(...t.params);
    typeSection.u32(t.results.length).byte(...t.results);
  }
  section(out, SECTION.type, typeSection);

  const importCount = spec.imports.length + (spec.importMemory ? 1 : 0);
  if (importCount > 0) {
    const importSection = new ByteWriter().u32(importCount);
    spec.imports.forEach((f, k) => importSection.name(f.module).name(f.field).byte(0x00).u32(importTypes[k]));
    // Memory limits: min 1 page, no maximum (the instance's memory decides its size).
    if (spec.importMemory) importSection.name('env').name('memory').byte(0x02, 0x00).u32(1);
    section(out, SECTION.import, importSection);
  }

  const functionSection = new ByteWriter().u32(definedTypes.length);
  for (const t of definedTypes) functionSection.u32(t);
  section(out, SECTION.function, functionSection);

  const exportSection = new ByteWriter().u32(spec.functions.length);
  spec.functions.forEach((f, k) =>
    exportSection
      .name(f.exportName)
      .byte(0x00)
      .u32(spec.imports.length + k),
  );
  section(out, SECTION.export, exportSection);

  const codeSection = new ByteWriter().u32(spec.functions.length);
  for (const f of spec.functions) codeSection.vector(functionBody(f.locals, f.body));
  section(out, SECTION.code, codeSection);
  return out.toBytes();
}

function functionBody(locals: readonly ValType[], instructions: ByteWriter): ByteWriter {
  // Locals are declared as runs of one type: (count, type) pairs.
  const runs: [number, ValType][] = [];
  for (const t of locals) {
    const last = runs[runs.length - 1];
    if (last && last[1] === t) last[0]++;
    else runs.push([1, t]);
  }
  const body = new ByteWriter().u32(runs.length);
  for (const [count, t] of runs) body.u32(count).byte(t);
  return body.append(instructions).byte(Op.end);
}

/** Two f64 lanes as a v128 constant. */
export function v128Const(w: ByteWriter, lane0: number, lane1 = lane0): void {
  w.simd(SimdOp.v128Const).f64(lane0).f64(lane1);
}
