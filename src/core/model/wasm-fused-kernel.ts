/**
 * Runs a generated WebAssembly normal-equation kernel (codegen-wasm.ts) on one fit's data.
 * The module is compiled once per kernel and kept (LRU, like the JavaScript kernels). The
 * kernel reads a copy of the fit's columns in an instance's memory; instances are pooled
 * per module (weakly) and lent to the next fit, because a fresh instance's memory costs
 * more than a small fit's kernel passes (the operating system maps its pages in on first
 * touch). A fit whose instance was lent to another copies its columns in again before its
 * next pass, so fits never see each other's data. Where WebAssembly is missing or may not
 * compile (a Content-Security-Policy without 'wasm-unsafe-eval', memory refused), binding
 * returns undefined and the caller keeps the JavaScript kernel.
 */
import { EXP_TABLE_HI, EXP_TABLE_LO } from '../numerics/fast-exp';
import { LruCache } from '../lru-cache';
import type { FusedWasmKernel } from './codegen-wasm';

/** FusedKernels.normalEquations over data copied into a kernel instance's memory. */
export interface BoundNormalEquations {
  /**
   * (all parameters in model order, rows [start, end), acc) as FusedKernels.normalEquations;
   * false, with nothing written, when no instance could be had (memory refused): the caller
   * runs the JavaScript kernel instead.
   */
  run(params: Float64Array, start: number, end: number, acc: Float64Array): boolean;
  /** The bound arrays were changed in place by their owner: the next run copies them again. */
  reload(): void;
}

type KernelExport = (start: number, end: number, m: number) => void;

/**
 * The part of the WebAssembly JS API used here, typed locally: src/core builds without the
 * DOM and Node libraries, and where the global is missing nothing here runs.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmRuntime {
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => {
    readonly exports: Record<string, unknown>;
  };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as { WebAssembly?: WasmRuntime }).WebAssembly;

/** One instance and its memory; `owner` is the binding whose columns it holds now. */
interface Slot {
  readonly memory: WasmMemory;
  readonly run: KernelExport;
  owner: object | null;
  lastUse: number;
}

interface CompiledKernel {
  readonly module: object;
  readonly kernel: FusedWasmKernel;
  /**
   * Instances to lend, held weakly: a running fit holds its own strongly, so an instance
   * no fit holds lasts until the next garbage collection and no longer — between fits
   * called one after another it is still there, and an idle process keeps no copies of
   * old data.
   */
  readonly pool: WeakRef<Slot>[];
}

const WASM_PAGE_BYTES = 65536;
/** Instances kept per module: a global fit alternates between its data sets' evaluators. */
const POOL_SIZE = 16;
/** Larger data gets an instance of its own, not lent to other fits. */
const POOL_MAX_BYTES = 64 << 20;
const modules = new LruCache<string, CompiledKernel | null>(64);
let clock = 0;

/**
 * A binder for one model's kernels: `key` identifies them (their JavaScript twin's
 * source), `generate` builds the unweighted or the weighted one on its first use (null:
 * the model has no WebAssembly form).
 */
export function fusedWasmBinder(
  key: string,
  generate: (weighted: boolean) => FusedWasmKernel | null,
): (
  predictors: readonly Float64Array[],
  y: Float64Array,
  weights: Float64Array | null,
) => BoundNormalEquations | undefined {
  return (predictors, y, weights) => {
    const weighted = weights !== null;
    const compiled = modules.getOrCreate(`${weighted ? 'weighted' : 'unweighted'} ${key}`, () =>
      compile(() => generate(weighted)),
    );
    return compiled ? bind(compiled, predictors, y, weights) : undefined;
  };
}

function compile(generate: () => FusedWasmKernel | null): CompiledKernel | null {
  if (!wasm) return null;
  const kernel = generate();
  if (!kernel) return null;
  try {
    return { module: new wasm.Module(kernel.bytes), kernel, pool: [] };
  } catch {
    // Code generation refused by the embedder (CSP): the JavaScript kernel serves.
    return null;
  }
}

function createSlot(compiled: CompiledKernel, bytes: number): Slot | undefined {
  if (!wasm) return undefined;
  try {
    const memory = new wasm.Memory({ initial: Math.ceil(bytes / WASM_PAGE_BYTES) });
    const { exports } = new wasm.Instance(compiled.module, { env: { memory, exp: Math.exp } });
    const { layout } = compiled.kernel;
    const table = new Float64Array(memory.buffer, layout.expTableOffset, 2 * EXP_TABLE_HI.length);
    EXP_TABLE_HI.forEach((hi, j) => {
      table[2 * j] = hi;
      table[2 * j + 1] = EXP_TABLE_LO[j];
    });
    return {
      memory,
      run: exports[compiled.kernel.exportName] as KernelExport,
      owner: null,
      lastUse: 0,
    };
  } catch {
    return undefined; // memory refused (size or address space): the JavaScript kernel serves
  }
}

/**
 * An instance for `bytes` of memory. A new fit takes the least recently used pooled
 * instance (the fit before it has usually ended: nothing tells us); a fit whose instance
 * was taken while it still runs gets a new one while the pool has room, so fits that
 * alternate (the data sets of a global fit) settle on an instance each.
 */
function acquire(compiled: CompiledKernel, bytes: number, newFit: boolean): Slot | undefined {
  if (bytes > POOL_MAX_BYTES) return createSlot(compiled, bytes);
  const live: Slot[] = [];
  for (const ref of compiled.pool) {
    const s = ref.deref();
    if (s) live.push(s);
  }
  if (live.length !== compiled.pool.length)
    compiled.pool.splice(0, compiled.pool.length, ...live.map((s) => new WeakRef(s)));
  let slot: Slot | undefined;
  if (live.length === 0 || (!newFit && live.length < POOL_SIZE)) {
    slot = createSlot(compiled, bytes);
    if (slot) compiled.pool.push(new WeakRef(slot));
  }
  slot ??= live.reduce((a, b) => (b.lastUse < a.lastUse ? b : a), live[0]);
  if (!slot) return undefined;
  const missing = bytes - slot.memory.buffer.byteLength;
  if (missing > 0) {
    try {
      slot.memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
    } catch {
      return undefined;
    }
  }
  return slot;
}

function bind(
  compiled: CompiledKernel,
  predictors: readonly Float64Array[],
  y: Float64Array,
  weights: Float64Array | null,
): BoundNormalEquations | undefined {
  const { layout, numPredictors } = compiled.kernel;
  const m = y.length;
  const columns = [...predictors.slice(0, numPredictors), y, ...(weights ? [weights] : [])];
  const bytes = layout.dataOffset + 8 * m * columns.length;
  const lease = {};
  let slot = acquire(compiled, bytes, true);
  if (!slot) return undefined;
  let params = new Float64Array(0);
  let sums = new Float64Array(0);
  /** Takes an instance (again) and copies this fit's columns into it. */
  const load = (s: Slot): void => {
    const { buffer } = s.memory;
    columns.forEach((column, c) => new Float64Array(buffer, layout.dataOffset + 8 * m * c, m).set(column));
    params = new Float64Array(buffer, layout.paramsOffset, (layout.accOffset - layout.paramsOffset) / 8);
    sums = new Float64Array(buffer, layout.accOffset, layout.accLength);
    s.owner = lease;
  };
  load(slot);
  let stale = false;
  return {
    run(p, start, end, acc) {
      if (slot?.owner !== lease) {
        slot = acquire(compiled, bytes, false);
        if (!slot) return false;
        load(slot);
      } else if (stale) load(slot);
      stale = false;
      slot.lastUse = ++clock;
      params.set(p);
      slot.run(start, end, m);
      acc.set(sums);
      return true;
    },
    reload() {
      stale = true;
    },
  };
}
