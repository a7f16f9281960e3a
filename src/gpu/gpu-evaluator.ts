import type { Evaluator } from '../core/solver/evaluator';
import type { CompiledModel } from '../core/model/compiled-model';
import type { LossName, NumericArray } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import type { DeviceSession } from './device-session';
import {
  buildProgramSource,
  normalLayout,
  programKey,
  upperIndex,
  type KernelName,
  type ProgramSpec,
} from './program-source';
import { checkCurve, interleaveF32, planChunks, sliceF32, type Chunk } from './data-layout';
import { checkFScale, lossCode } from './robust-loss';
import { submitAndRead, uploadF32 } from './readback';
import { NORMAL_EQUATIONS_UNIFORMS, REDUCE_PARTIALS_UNIFORMS } from './shaders/normal-equations-wgsl';

/** One curve's data for the GPU evaluator (f64 in; converted to f32 once on upload). */
export interface GpuCurveData {
  /** One column per predictor of the model, in predictorNames order. */
  predictors: readonly NumericArray[];
  y: NumericArray;
  sigma?: NumericArray;
}

export interface GpuEvaluatorOptions {
  loss?: LossName;
  fScale?: number;
  /** Parameters held fixed, by name; the evaluator then takes only the free ones. */
  fixed?: Record<string, number>;
  /** Threads per workgroup of the normal-equations pass (power of two ≤ 256, default 256). */
  workgroupSize?: number;
  /** Points each thread sums before the tree reduction (default 8). */
  pointsPerThread?: number;
  /**
   * Where the per-workgroup partial sums are added: 'gpu' (a second pass, K floats read back;
   * default) or 'cpu' (all partials read back and summed in f64).
   */
  reduction?: 'gpu' | 'cpu';
  /** Upper bound on points per chunk (tests of the chunked path); default from device limits. */
  maxChunkPoints?: number;
}

/** Normal equations of the free parameters in f64, from one GPU pass. */
export interface NormalEquations {
  /** ½·Σ ρ(r²). */
  cost: number;
  /** Σ r² of the weighted residuals (linear loss). */
  sumSq: number;
  /** n×n row-major, loss-scaled Gauss–Newton Hessian. */
  jtj: Float64Array;
  /** n, the cost gradient. */
  jtr: Float64Array;
}

interface ChunkBuffers {
  chunk: Chunk;
  xs: GPUBuffer;
  ys: GPUBuffer;
  ws: GPUBuffer;
  uniforms: GPUBuffer;
  bindGroups: Map<KernelName, GPUBindGroup>;
}

/**
 * The Evaluator contract (kind 'normal', backend 'webgpu') over data uploaded once. Each
 * cost() runs the full normal-equations pass and caches it (Ceres' new_evaluation_point), so
 * an LM that evaluates a trial point and then asks for its normal equations pays one pass and
 * one readback per iteration. Only the K = p(p+1)/2 + p + 2 sums come back.
 */
export class GpuEvaluator implements Evaluator {
  readonly kind = 'normal' as const;
  readonly backend = 'webgpu' as const;
  readonly numResiduals: number;
  readonly numParameters: number;
  readonly paramNames: readonly string[];
  /** Milliseconds for the f64 → f32 conversion and transfer (until the queue is done). */
  uploadMs = 0;
  /** Milliseconds spent creating pipelines for this evaluator (0 when cached). */
  compileMs = 0;
  /** GPU passes run so far. */
  passes = 0;
  /** Σ (y/σ)² in f64, the scale of the f32 tiny-residual test. */
  readonly sumSqWeightedY: number;

  private readonly np: number;
  private readonly freeIndex: number[];
  private readonly fullParams: Float32Array;
  private readonly chunks: ChunkBuffers[] = [];
  private theta!: GPUBuffer;
  private partials!: GPUBuffer;
  private sums!: GPUBuffer;
  private reduceUniforms!: GPUBuffer;
  private pipelines = new Map<KernelName, GPUComputePipeline>();
  private reduceBindGroups = new Map<KernelName, GPUBindGroup>();
  private cacheKey = '';
  private cached: NormalEquations | null = null;
  private generation: number;
  private readonly lossCode: number;
  private readonly fScale: number;
  private totalGroups = 0;

  private constructor(
    private readonly session: DeviceSession,
    private readonly model: CompiledModel,
    private readonly data: GpuCurveData,
    private readonly options: GpuEvaluatorOptions,
  ) {
    const names = model.paramNames;
    this.np = names.length;
    const fixed = options.fixed ?? {};
    for (const name of Object.keys(fixed)) {
      if (!names.includes(name))
        throw new FitbenchError('PARAM_UNKNOWN', `Fixed parameter "${name}" is not in the model.`, { parameter: name });
      if (!Number.isFinite(fixed[name]))
        throw new FitbenchError('PARAM_NONFINITE', `Fixed parameter "${name}" has a non-finite value.`, {
          parameter: name,
        });
    }
    this.freeIndex = names.map((_, j) => j).filter((j) => !(names[j] in fixed));
    this.paramNames = this.freeIndex.map((j) => names[j]);
    this.numParameters = this.freeIndex.length;
    this.fullParams = new Float32Array(this.np);
    names.forEach((name, j) => {
      if (name in fixed) this.fullParams[j] = fixed[name];
    });
    if (data.predictors.length !== model.predictorNames.length) {
      throw new FitbenchError(
        'DATA_COLUMN_MISSING',
        `The model reads ${model.predictorNames.length} predictor(s) (${model.predictorNames.join(', ')}) but ${data.predictors.length} were given.`,
      );
    }
    this.numResiduals = checkCurve(data.predictors, data.y, data.sigma, this.numParameters);
    let syy = 0;
    for (let i = 0; i < this.numResiduals; i++) {
      const v = data.y[i] / (data.sigma ? data.sigma[i] : 1);
      syy += v * v;
    }
    this.sumSqWeightedY = syy;
    this.lossCode = lossCode(options.loss);
    this.fScale = checkFScale(options.fScale);
    this.generation = session.generation;
  }

  /** Validates, compiles the kernels (cached per session) and uploads the data. */
  static async create(
    session: DeviceSession,
    model: CompiledModel,
    data: GpuCurveData,
    options: GpuEvaluatorOptions = {},
  ): Promise<GpuEvaluator> {
    const ev = new GpuEvaluator(session, model, data, options);
    const nx = model.wgsl.numPredictors;
    await session.ensureBindingCapacity(ev.numResiduals * nx * 4);
    ev.generation = session.generation;
    await ev.compile();
    await ev.upload();
    return ev;
  }

  private spec(kernel: KernelName): ProgramSpec {
    return {
      kernel,
      workgroupSize: this.options.workgroupSize ?? 256,
      pointsPerThread: this.options.pointsPerThread ?? 8,
    };
  }

  private async compile(): Promise<void> {
    const t0 = performance.now();
    const kernels: KernelName[] = ['normal-equations', 'cost-only', 'reduce-partials'];
    await Promise.all(
      kernels.map(async (kernel) => {
        const spec = kernel === 'reduce-partials' ? { kernel, workgroupSize: 256 } : this.spec(kernel);
        const wgsl = kernel === 'reduce-partials' ? null : this.model.wgsl;
        const p = await this.session.pipeline(programKey(spec, wgsl), kernel, () => buildProgramSource(spec, wgsl));
        this.pipelines.set(kernel, p);
      }),
    );
    this.compileMs = performance.now() - t0;
  }

  private async upload(): Promise<void> {
    const t0 = performance.now();
    const s = this.session;
    const device = s.device;
    const { wg, ppt } = { wg: this.options.workgroupSize ?? 256, ppt: this.options.pointsPerThread ?? 8 };
    const nx = this.model.wgsl.numPredictors;
    const limits = device.limits;
    let binding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
    if (this.options.maxChunkPoints) binding = Math.min(binding, this.options.maxChunkPoints * 4 * nx);
    const plan = planChunks(this.numResiduals, nx, binding, wg, ppt, limits.maxComputeWorkgroupsPerDimension);
    const { k } = normalLayout(this.np);
    this.theta = s.buffers.acquire(this.np * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST, 'theta');
    for (const chunk of plan) {
      const { x, y, w } = this.chunkArrays(chunk);
      const uniforms = s.buffers.acquire(
        NORMAL_EQUATIONS_UNIFORMS.byteSize,
        GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
        `chunk${chunk.start}:uniforms`,
      );
      const u = NORMAL_EQUATIONS_UNIFORMS.pack({
        n: chunk.count,
        partialBase: chunk.partialBase,
        loss: this.lossCode,
        hasWeights: this.data.sigma ? 1 : 0,
        fScale: this.fScale,
        groupsX: chunk.groupsX,
      });
      device.queue.writeBuffer(uniforms, 0, u);
      this.chunks.push({
        chunk,
        xs: uploadF32(s, x, `chunk${chunk.start}:x`),
        ys: uploadF32(s, y, `chunk${chunk.start}:y`),
        ws: uploadF32(s, w, `chunk${chunk.start}:w`),
        uniforms,
        bindGroups: new Map(),
      });
      this.totalGroups = chunk.partialBase + chunk.groupsX * chunk.groupsY;
    }
    this.partials = s.buffers.acquire(
      this.totalGroups * k * 4,
      GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      'partials',
    );
    this.sums = s.buffers.acquire(k * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, 'sums');
    this.reduceUniforms = s.buffers.acquire(
      REDUCE_PARTIALS_UNIFORMS.byteSize,
      GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      'reduce:uniforms',
    );
    await device.queue.onSubmittedWorkDone();
    this.uploadMs = performance.now() - t0;
  }

  private chunkArrays(chunk: Chunk): { x: Float32Array; y: Float32Array; w: Float32Array } {
    const { start, count } = chunk;
    return {
      x: interleaveF32(this.data.predictors, start, count),
      y: sliceF32(this.data.y, start, count),
      w: this.data.sigma ? sliceF32(this.data.sigma, start, count, true) : new Float32Array(4),
    };
  }

  private bindGroupFor(c: ChunkBuffers, kernel: KernelName): GPUBindGroup {
    let bg = c.bindGroups.get(kernel);
    if (!bg) {
      const pipeline = this.pipelines.get(kernel)!;
      bg = this.session.device.createBindGroup({
        label: `${kernel}:chunk${c.chunk.start}:bindgroup`,
        layout: pipeline.getBindGroupLayout(0),
        entries: [c.uniforms, this.theta, c.xs, c.ys, c.ws, this.partials].map((buffer, binding) => ({
          binding,
          resource: { buffer },
        })),
      });
      c.bindGroups.set(kernel, bg);
    }
    return bg;
  }

  private reduceBindGroup(k: number, kernel: KernelName): GPUBindGroup {
    let bg = this.reduceBindGroups.get(kernel);
    if (!bg) {
      const device = this.session.device;
      bg = device.createBindGroup({
        label: `reduce-partials:${kernel}:bindgroup`,
        layout: this.pipelines.get('reduce-partials')!.getBindGroupLayout(0),
        entries: [this.reduceUniforms, this.partials, this.sums].map((buffer, binding) => ({
          binding,
          resource: { buffer },
        })),
      });
      this.reduceBindGroups.set(kernel, bg);
    }
    this.session.device.queue.writeBuffer(
      this.reduceUniforms,
      0,
      REDUCE_PARTIALS_UNIFORMS.pack({ count: this.totalGroups, k }),
    );
    return bg;
  }

  /** Full parameter vector (fixed ones filled in) as f32, checked for finiteness. */
  private expand(free: Float64Array): Float32Array {
    if (free.length !== this.numParameters) {
      throw new FitbenchError('INTERNAL', `Expected ${this.numParameters} parameters, got ${free.length}.`);
    }
    this.freeIndex.forEach((j, i) => (this.fullParams[j] = free[i]));
    return this.fullParams;
  }

  /** Runs one pass of `kernel` at `free` and returns the K sums in f64. */
  private async run(free: Float64Array, kernel: 'normal-equations' | 'cost-only'): Promise<Float64Array> {
    if (this.session.generation !== this.generation || this.session.lost) {
      throw new FitbenchError(
        'GPU_DEVICE_LOST',
        'The GPU device this evaluator was built on is gone; build a new one.',
      );
    }
    const { k } = normalLayout(this.np, kernel === 'cost-only');
    const device = this.session.device;
    try {
      device.queue.writeBuffer(this.theta, 0, this.expand(free));
      const encoder = device.createCommandEncoder({ label: `${kernel}:encoder` });
      const pass = encoder.beginComputePass({ label: `${kernel}:pass` });
      pass.setPipeline(this.pipelines.get(kernel)!);
      for (const c of this.chunks) {
        pass.setBindGroup(0, this.bindGroupFor(c, kernel));
        pass.dispatchWorkgroups(c.chunk.groupsX, c.chunk.groupsY);
      }
      const gpuReduce = (this.options.reduction ?? 'gpu') === 'gpu';
      if (gpuReduce) {
        pass.setPipeline(this.pipelines.get('reduce-partials')!);
        pass.setBindGroup(0, this.reduceBindGroup(k, kernel));
        pass.dispatchWorkgroups(k);
      }
      pass.end();
      this.passes++;
      const bytes = gpuReduce
        ? await submitAndRead(this.session, encoder, this.sums, 0, k * 4, kernel)
        : await submitAndRead(this.session, encoder, this.partials, 0, this.totalGroups * k * 4, kernel);
      const f = new Float32Array(bytes);
      const out = new Float64Array(k);
      const rows = gpuReduce ? 1 : this.totalGroups;
      for (let r = 0; r < rows; r++) for (let c = 0; c < k; c++) out[c] += f[r * k + c];
      return out;
    } catch (e) {
      throw this.session.toError(e, kernel);
    }
  }

  /** Normal equations, cost and Σr² at the free parameters (one pass, cached). */
  async evaluate(free: Float64Array): Promise<NormalEquations> {
    const key = Array.prototype.join.call(free, ',');
    if (this.cached && key === this.cacheKey) return this.cached;
    const s = await this.run(free, 'normal-equations');
    const np = this.np;
    const { jtrOffset, sumSqOffset } = normalLayout(np);
    const n = this.numParameters;
    const jtj = new Float64Array(n * n);
    const jtr = new Float64Array(n);
    for (let a = 0; a < n; a++) {
      const ja = this.freeIndex[a];
      jtr[a] = s[jtrOffset + ja];
      for (let b = 0; b < n; b++) {
        const jb = this.freeIndex[b];
        jtj[a * n + b] = s[upperIndex(np, Math.min(ja, jb), Math.max(ja, jb))];
      }
    }
    const result = { cost: 0.5 * s[sumSqOffset + 1], sumSq: s[sumSqOffset], jtj, jtr };
    this.cacheKey = key;
    this.cached = result;
    return result;
  }

  /** The cached pass at exactly `free`, or null (no GPU work). */
  lastEvaluation(free: Float64Array): NormalEquations | null {
    return this.cached && Array.prototype.join.call(free, ',') === this.cacheKey ? this.cached : null;
  }

  /** ½·Σρ at `params` from the cost-only kernel (no derivatives). */
  async costOnly(params: Float64Array): Promise<number> {
    const s = await this.run(params, 'cost-only');
    return 0.5 * s[1];
  }

  async cost(params: Float64Array): Promise<number> {
    return (await this.evaluate(params)).cost;
  }

  async normalEquations(params: Float64Array, jtj: Float64Array, jtr: Float64Array): Promise<number> {
    const r = await this.evaluate(params);
    jtj.set(r.jtj);
    jtr.set(r.jtr);
    return r.cost;
  }

  /** Raw weighted residuals in f64 on the CPU from the original data (statistics only). */
  residuals(params: Float64Array, out: Float64Array): void {
    const full = new Float64Array(this.np);
    this.fullParams.forEach((v, j) => (full[j] = v));
    this.freeIndex.forEach((j, i) => (full[j] = params[i]));
    const preds = this.data.predictors.map((p) => Float64Array.from(p));
    this.model.evaluate(full, preds, out);
    const { y, sigma } = this.data;
    for (let i = 0; i < out.length; i++) out[i] = (y[i] - out[i]) / (sigma ? sigma[i] : 1);
  }

  dispose(): void {
    if (this.session.generation !== this.generation || this.session.lost) return;
    const pool = this.session.buffers;
    for (const c of this.chunks) for (const b of [c.xs, c.ys, c.ws, c.uniforms]) pool.release(b);
    for (const b of [this.theta, this.partials, this.sums, this.reduceUniforms]) if (b) pool.release(b);
    pool.onSubmitted();
    this.chunks.length = 0;
    this.cached = null;
  }
}
