/**
 * Buffer pool after tfjs' BufferManager and onnxruntime's GpuDataManager: free lists keyed by
 * size class and usage, byte counters for the "GPU memory allocated" metric, and buffers
 * released during command encoding recycled only after the queue submit that uses them.
 */

/** What the pool needs of a GPUDevice (a fake in unit tests). */
export interface BufferFactory {
  createBuffer(descriptor: GPUBufferDescriptor): GPUBuffer;
}

export interface BufferPoolStats {
  /** Bytes of every live buffer the pool created (in use + free + pending). */
  readonly bytesAllocated: number;
  readonly bytesInUse: number;
  readonly bytesFree: number;
  readonly buffersCreated: number;
  readonly reuses: number;
}

/** Largest class rounded to a power of two; bigger buffers round to whole MiB. */
const POW2_LIMIT = 1 << 20;

/** Size class of a request: ≥ 16 bytes, powers of two up to 1 MiB, then whole MiB. */
export function sizeClass(bytes: number): number {
  const b = Math.max(16, Math.ceil(bytes));
  if (b <= POW2_LIMIT) return 2 ** Math.ceil(Math.log2(b));
  return Math.ceil(b / POW2_LIMIT) * POW2_LIMIT;
}

export class BufferPool {
  private factory: BufferFactory | null;
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly pending: GPUBuffer[] = [];
  private readonly live = new Set<GPUBuffer>();
  private inUse = 0;
  private freeBytes = 0;
  private allocated = 0;
  private created = 0;
  private reused = 0;

  constructor(factory: BufferFactory | null) {
    this.factory = factory;
  }

  /** Points the pool at a new device (after loss); the old buffers are forgotten. */
  reset(factory: BufferFactory | null): void {
    this.free.clear();
    this.pending.length = 0;
    this.live.clear();
    this.inUse = this.freeBytes = this.allocated = 0;
    this.factory = factory;
  }

  /** A buffer of at least `bytes` with exactly `usage`, recycled when one is free. */
  acquire(bytes: number, usage: number, label: string): GPUBuffer {
    if (!this.factory) throw new Error('BufferPool has no device');
    const size = sizeClass(bytes);
    const key = `${size}_${usage}`;
    const list = this.free.get(key);
    const recycled = list?.pop();
    if (recycled) {
      this.freeBytes -= size;
      this.inUse += size;
      this.reused++;
      recycled.label = label;
      return recycled;
    }
    const buffer = this.factory.createBuffer({ size, usage, label });
    this.live.add(buffer);
    this.allocated += size;
    this.inUse += size;
    this.created++;
    return buffer;
  }

  /**
   * Gives a buffer back. It becomes reusable after the next `onSubmitted()`, because commands
   * already encoded may still read it.
   */
  release(buffer: GPUBuffer): void {
    if (!this.live.has(buffer) || this.pending.includes(buffer)) return;
    this.pending.push(buffer);
  }

  /** Call after queue.submit(): pending buffers join the free lists. */
  onSubmitted(): void {
    for (const b of this.pending) {
      const key = `${b.size}_${b.usage}`;
      let list = this.free.get(key);
      if (!list) this.free.set(key, (list = []));
      list.push(b);
      this.inUse -= b.size;
      this.freeBytes += b.size;
    }
    this.pending.length = 0;
  }

  /** Destroys a buffer at once (not recycled), e.g. a staging buffer whose map failed. */
  discard(buffer: GPUBuffer): void {
    if (!this.live.delete(buffer)) return;
    const i = this.pending.indexOf(buffer);
    if (i >= 0) this.pending.splice(i, 1);
    this.inUse -= buffer.size;
    this.allocated -= buffer.size;
    buffer.destroy();
  }

  /** Destroys every free buffer (memory pressure, dispose). */
  trim(): void {
    for (const list of this.free.values()) {
      for (const b of list) {
        this.live.delete(b);
        this.allocated -= b.size;
        b.destroy();
      }
    }
    this.free.clear();
    this.freeBytes = 0;
  }

  stats(): BufferPoolStats {
    return {
      bytesAllocated: this.allocated,
      bytesInUse: this.inUse,
      bytesFree: this.freeBytes,
      buffersCreated: this.created,
      reuses: this.reused,
    };
  }
}
