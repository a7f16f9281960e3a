/**
 * Runs a generated WebAssembly normal-equation kernel (codegen-wasm.ts) on one fit's data.
 * The module is compiled once per kernel and kept (LRU, like the JavaScript kernels); each
 * fit gets its own instance and memory holding a copy of its columns, so fits never share
 * data and the per-pass cost is one call per block. Where WebAssembly is missing or may not
 * compile (a Content-Security-Policy without 'wasm-unsafe-eval', memory refused), binding
 * returns undefined and the caller keeps the JavaScript kernel, which computes the same sums.
 */
import { EXP_TABLE_HI, EXP_TABLE_LO } from '../numerics/fast-exp';
import { LruCache } from '../lru-cache';
import type { FusedWasmKernel } from './codegen-wasm';

/** FusedKernels.normalEquations over data copied into a kernel instance's memory. */
export interface BoundNormalEquations {
  /** (all parameters in model order, rows [start, end), acc) as FusedKernels.normalEquations. */
  run(params: Float64Array, start: number, end: number, acc: Float64Array): void;
  /** Copies the bound arrays in again, after their owner changed them in place. */
  reload(): void;
}

type KernelExport = (start: number, end: number, m: number) => void;

/**
 * The part of the WebAssembly JS API used here, typed locally: src/core builds without the
 * DOM and Node libraries, and where the global is missing nothing here runs.
 */
interface WasmRuntime {
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => {
    readonly exports: Record<string, unknown>;
  };
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}
const wasm = (globalThis as { WebAssembly?: WasmRuntime }).WebAssembly;

interface CompiledKernel {
  readonly module: object;
  readonly kernel: FusedWasmKernel;
}

const WASM_PAGE_BYTES = 65536;
const modules = new LruCache<string, CompiledKernel | null>(64);

/**
 * A binder for one model's kernel: `key` identifies the kernel (its JavaScript twin's
 * source), `generate` builds it on first use (null: the model has no WebAssembly form).
 */
export function fusedWasmBinder(
  key: string,
  generate: () => FusedWasmKernel | null,
): (
  predictors: readonly Float64Array[],
  y: Float64Array,
  weights: Float64Array | null,
) => BoundNormalEquations | undefined {
  return (predictors, y, weights) => {
    const compiled = modules.getOrCreate(key, () => compile(generate));
    return compiled ? bind(compiled, predictors, y, weights) : undefined;
  };
}

function compile(generate: () => FusedWasmKernel | null): CompiledKernel | null {
  if (!wasm) return null;
  const kernel = generate();
  if (!kernel) return null;
  try {
    return { module: new wasm.Module(kernel.bytes), kernel };
  } catch {
    // Code generation refused by the embedder (CSP): the JavaScript kernel serves.
    return null;
  }
}

function bind(
  { module, kernel }: CompiledKernel,
  predictors: readonly Float64Array[],
  y: Float64Array,
  weights: Float64Array | null,
): BoundNormalEquations | undefined {
  const { layout } = kernel;
  const m = y.length;
  const columns = [...predictors.slice(0, kernel.numPredictors), y, ...(weights ? [weights] : [])];
  const bytes = layout.dataOffset + 8 * m * columns.length;
  if (!wasm) return undefined;
  let buffer: ArrayBuffer;
  let exports: Record<string, unknown>;
  try {
    const memory = new wasm.Memory({ initial: Math.ceil(bytes / WASM_PAGE_BYTES) });
    exports = new wasm.Instance(module, { env: { memory, exp: Math.exp } }).exports;
    buffer = memory.buffer;
  } catch {
    return undefined; // memory refused (size or address space): the JavaScript kernel serves
  }
  new Float64Array(buffer, layout.expHiOffset, EXP_TABLE_HI.length).set(EXP_TABLE_HI);
  new Float64Array(buffer, layout.expLoOffset, EXP_TABLE_LO.length).set(EXP_TABLE_LO);
  const copies = columns.map((_, c) => new Float64Array(buffer, layout.dataOffset + 8 * m * c, m));
  const reload = (): void => columns.forEach((column, c) => copies[c].set(column));
  reload();
  const params = new Float64Array(buffer, layout.paramsOffset, (layout.accOffset - layout.paramsOffset) / 8);
  const sums = new Float64Array(buffer, layout.accOffset, layout.accLength);
  const run = exports[weights ? kernel.weightedExport : kernel.unweightedExport] as KernelExport;
  return {
    run(p, start, end, acc) {
      params.set(p);
      run(start, end, m);
      acc.set(sums);
    },
    reload,
  };
}
