import { FitbenchError } from '../core/errors';
import { BufferPool } from './buffer-pool';
import { PipelineCache } from './pipeline-cache';

/**
 * One WebGPU adapter + device and what hangs off it (pipeline cache, buffer pool), for a page,
 * a worker or Node (the `webgpu` package's `create()`): the caller passes the `GPU` object.
 * Follows MDN's guidance on `device.lost` (the big backends do not handle it): on loss the
 * cache and pool are dropped, listeners hear a GPU_DEVICE_LOST error (the runtime's circuit
 * breaker subscribes), and `reacquire()` makes a fresh device when asked.
 */

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  device: string;
  isFallbackAdapter: boolean;
  /** The limits this device was created with (the ones the backend cares about). */
  limits: {
    maxStorageBufferBindingSize: number;
    maxBufferSize: number;
    maxComputeWorkgroupStorageSize: number;
    maxComputeWorkgroupsPerDimension: number;
    maxComputeInvocationsPerWorkgroup: number;
  };
  /** The adapter's own maxima for the same limits. */
  adapterLimits: { maxStorageBufferBindingSize: number; maxBufferSize: number };
}

export interface DeviceSessionOptions {
  powerPreference?: GPUPowerPreference;
  /** Bytes the largest storage binding / buffer must hold; larger limits are requested if so. */
  minBindingBytes?: number;
  label?: string;
}

export type DeviceLossListener = (error: FitbenchError) => void;
export type DiagnosticListener = (message: string) => void;

/** WebGPU guarantees these; anything above must be requested from the adapter. */
const DEFAULT_BINDING_BYTES = 128 * 1024 * 1024;
const DEFAULT_BUFFER_BYTES = 256 * 1024 * 1024;

export class DeviceSession {
  readonly pipelines = new PipelineCache();
  readonly buffers = new BufferPool(null);
  /** Uncaptured errors, compilation messages and losses, newest last (bounded). */
  readonly diagnostics: string[] = [];
  /** Incremented for every device; GPU objects of an older generation are dead. */
  generation = 0;

  private gpuDevice: GPUDevice | null = null;
  private summary: AdapterSummary | null = null;
  private lostError: FitbenchError | null = null;
  private readonly lossListeners = new Set<DeviceLossListener>();
  private readonly diagnosticListeners = new Set<DiagnosticListener>();
  private bindingBytes: number;

  private constructor(
    private readonly gpu: GPU,
    private readonly options: DeviceSessionOptions,
  ) {
    this.bindingBytes = options.minBindingBytes ?? 0;
  }

  /** Requests an adapter and a device; GPU_UNAVAILABLE when there is none. */
  static async create(gpu: GPU | undefined | null, options: DeviceSessionOptions = {}): Promise<DeviceSession> {
    if (!gpu) throw new FitbenchError('GPU_UNAVAILABLE', 'WebGPU is not available here (no navigator.gpu).');
    const session = new DeviceSession(gpu, options);
    await session.acquire();
    return session;
  }

  /** The live device; throws GPU_DEVICE_LOST after a loss until reacquire(). */
  get device(): GPUDevice {
    if (this.lostError || !this.gpuDevice) {
      throw this.lostError ?? new FitbenchError('GPU_DEVICE_LOST', 'The GPU device is not available.');
    }
    return this.gpuDevice;
  }

  get lost(): boolean {
    return this.lostError !== null;
  }

  get adapterInfo(): AdapterSummary {
    if (!this.summary) throw new FitbenchError('GPU_UNAVAILABLE', 'No adapter.');
    return this.summary;
  }

  /** One line for the status bar, e.g. "nvidia hopper (NVIDIA H100 80GB HBM3)". */
  statusLine(): string {
    const s = this.summary;
    if (!s) return 'no GPU';
    const name = [s.vendor, s.architecture].filter(Boolean).join(' ') || 'unknown adapter';
    const desc = s.description || s.device;
    return `${name}${desc ? ` (${desc})` : ''}${s.isFallbackAdapter ? ' [software]' : ''}`;
  }

  onLost(listener: DeviceLossListener): () => void {
    this.lossListeners.add(listener);
    return () => this.lossListeners.delete(listener);
  }

  onDiagnostic(listener: DiagnosticListener): () => void {
    this.diagnosticListeners.add(listener);
    return () => this.diagnosticListeners.delete(listener);
  }

  /**
   * Makes sure one storage binding can hold `bindingBytes`; re-creates the device with the
   * adapter's larger limits when needed (objects of the old device become invalid). Returns
   * the usable binding size, which may still be smaller: the caller then splits into chunks.
   */
  async ensureBindingCapacity(bindingBytes: number): Promise<number> {
    const limits = this.device.limits;
    const current = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
    if (bindingBytes <= current) return current;
    const a = this.adapterInfo.adapterLimits;
    const possible = Math.min(a.maxStorageBufferBindingSize, a.maxBufferSize);
    if (possible <= current) return current;
    this.bindingBytes = Math.max(this.bindingBytes, Math.min(bindingBytes, possible));
    this.log(`re-acquiring the device with larger limits (binding ${this.bindingBytes} bytes)`);
    this.dropDevice();
    await this.acquire();
    const l = this.device.limits;
    return Math.min(l.maxStorageBufferBindingSize, l.maxBufferSize);
  }

  /** A fresh device after a loss (or at any time); caches and pools start empty. */
  async reacquire(): Promise<void> {
    this.dropDevice();
    await this.acquire();
  }

  /** Test hook for the chaos switch loseDeviceAtIteration: destroys the device. */
  loseDevice(): void {
    this.gpuDevice?.destroy();
  }

  /** Creates a labelled compute pipeline (cached by `key`), with errors captured in scopes. */
  pipeline(key: string, label: string, source: () => string): Promise<GPUComputePipeline> {
    const device = this.device;
    return this.pipelines.get(key, async () => {
      device.pushErrorScope('validation');
      device.pushErrorScope('internal');
      const module = device.createShaderModule({ label: `${label}:module`, code: source() });
      let pipeline: GPUComputePipeline | null = null;
      let failure: unknown = null;
      try {
        pipeline = await device.createComputePipelineAsync({
          label: `${label}:pipeline`,
          layout: 'auto',
          compute: { module, entryPoint: 'main' },
        });
      } catch (e) {
        failure = e;
      }
      const internal = await device.popErrorScope();
      const validation = await device.popErrorScope();
      const scoped = validation ?? internal;
      if (failure || scoped || !pipeline) {
        const info = await module.getCompilationInfo().catch(() => null);
        const messages = (info?.messages ?? [])
          .filter((m) => m.type === 'error')
          .map((m) => `${m.lineNum}:${m.linePos} ${m.message}`);
        const reason = messages.join('; ') || scoped?.message || errorMessage(failure);
        this.log(`pipeline ${label} failed: ${reason}`);
        throw new FitbenchError('GPU_ERROR', `Could not build the GPU kernel ${label}: ${reason}`, { kernel: label });
      }
      return pipeline;
    });
  }

  /** Turns any failure of a GPU operation into a FitbenchError with the right code. */
  toError(e: unknown, what: string): FitbenchError {
    if (e instanceof FitbenchError) return e;
    if (this.lostError) return this.lostError;
    const msg = errorMessage(e);
    if (/out of memory|OutOfMemory/i.test(msg))
      return new FitbenchError('OUT_OF_MEMORY', `GPU out of memory during ${what}: ${msg}`);
    return new FitbenchError('GPU_ERROR', `GPU failure during ${what}: ${msg}`);
  }

  /** Gives the device back; the session cannot be used afterwards. */
  dispose(): void {
    this.lossListeners.clear();
    this.buffers.trim();
    const d = this.gpuDevice;
    this.gpuDevice = null;
    this.lostError = new FitbenchError('GPU_DEVICE_LOST', 'The GPU session was disposed.');
    d?.destroy();
  }

  private log(message: string): void {
    this.diagnostics.push(message);
    if (this.diagnostics.length > 100) this.diagnostics.shift();
    for (const l of this.diagnosticListeners) l(message);
  }

  private dropDevice(): void {
    const d = this.gpuDevice;
    this.gpuDevice = null;
    this.pipelines.clear();
    this.buffers.reset(null);
    d?.destroy();
  }

  private async acquire(): Promise<void> {
    const adapter = await this.gpu.requestAdapter({
      powerPreference: this.options.powerPreference ?? 'high-performance',
    });
    if (!adapter) throw new FitbenchError('GPU_UNAVAILABLE', 'No WebGPU adapter is available.');
    const al = adapter.limits;
    const wantBinding = Math.max(this.bindingBytes, DEFAULT_BINDING_BYTES);
    const requiredLimits: Record<string, number> = {};
    // Ask for larger limits only when the data needs them (WebGPU's defaults otherwise).
    if (this.bindingBytes > DEFAULT_BINDING_BYTES) {
      requiredLimits.maxStorageBufferBindingSize = Math.min(al.maxStorageBufferBindingSize, wantBinding);
      requiredLimits.maxBufferSize = Math.min(al.maxBufferSize, Math.max(wantBinding, DEFAULT_BUFFER_BYTES));
    }
    requiredLimits.maxComputeWorkgroupStorageSize = al.maxComputeWorkgroupStorageSize;
    const label = this.options.label ?? 'fitbench';
    const device = await adapter.requestDevice({ label: `${label}:device#${this.generation + 1}`, requiredLimits });
    this.generation++;
    this.gpuDevice = device;
    this.lostError = null;
    this.buffers.reset(device);
    this.summary = summarize(adapter, device);
    device.addEventListener('uncapturederror', (ev) => {
      this.log(`uncaptured GPU error: ${(ev as GPUUncapturedErrorEvent).error.message}`);
    });
    const generation = this.generation;
    void device.lost.then((info) => {
      if (generation !== this.generation || this.gpuDevice !== device) return; // replaced on purpose
      this.lostError = new FitbenchError(
        'GPU_DEVICE_LOST',
        `The GPU device was lost (${info.reason}): ${info.message || 'no message'}`,
        {
          reason: info.reason,
        },
      );
      this.log(this.lostError.message);
      this.pipelines.clear();
      this.buffers.reset(null);
      for (const l of this.lossListeners) l(this.lostError);
    });
  }
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

function summarize(adapter: GPUAdapter, device: GPUDevice): AdapterSummary {
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const l = device.limits;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    description: info?.description ?? '',
    device: info?.device ?? '',
    isFallbackAdapter: Boolean((info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter),
    limits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
    adapterLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  };
}
