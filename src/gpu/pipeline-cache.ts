/**
 * Compute pipelines cached by a deterministic key (kernel name, model WGSL hash, workgroup
 * size), as tfjs' makeShaderKey: the source is generated and compiled only on a miss, and the
 * cache holds the Promise so concurrent callers share one compilation.
 */
export interface PipelineCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
  /** Total milliseconds spent compiling (shader module + pipeline). */
  readonly compileMs: number;
}

export class PipelineCache {
  private readonly entries = new Map<string, Promise<GPUComputePipeline>>();
  private hits = 0;
  private misses = 0;
  private compileMs = 0;

  /** The pipeline for `key`, created by `create` on a miss (failures are not cached). */
  get(key: string, create: () => Promise<GPUComputePipeline>): Promise<GPUComputePipeline> {
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      return found;
    }
    this.misses++;
    const t0 = performance.now();
    const promise = create().then(
      (p) => {
        this.compileMs += performance.now() - t0;
        return p;
      },
      (e: unknown) => {
        this.entries.delete(key);
        throw e;
      },
    );
    this.entries.set(key, promise);
    return promise;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Forgets every pipeline (device lost: they belong to the dead device). */
  clear(): void {
    this.entries.clear();
  }

  stats(): PipelineCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size, compileMs: this.compileMs };
  }
}
