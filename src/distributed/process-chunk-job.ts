/**
 * The BullMQ processor of one chunk job: decode (checksum checked), fit, encode the results.
 * Bad input (a corrupt chunk, a model that does not parse, a chunk with no usable curve) is
 * an UnrecoverableError: retrying cannot help, so the chunk fails at once and the coordinator
 * reports it by id. Anything else (GPU lost, out of memory, a crash) is thrown as is and
 * BullMQ retries it with backoff and jitter.
 */
import { hostname } from 'node:os';
import { UnrecoverableError } from 'bullmq';
import { FitbenchError } from '../core/errors';
import { decodeChunk, encodeChunkResult, type ChunkJobData, type ChunkResultData } from './chunk-job';
import { fitChunk, type BatchFitter } from './fit-chunk';

/** The part of a BullMQ job the processor uses (a sandboxed job offers the same). */
export interface ChunkJobLike {
  id?: string;
  data: ChunkJobData;
  updateProgress(progress: number): Promise<unknown>;
}

export const WORKER_NAME = `${hostname()}:${process.pid}`;

/** Progress updates go to Redis at most this often per job. */
const PROGRESS_INTERVAL_MS = 250;

export async function processChunkJob(job: ChunkJobLike, fitter: BatchFitter | 'cpu'): Promise<ChunkResultData> {
  try {
    const curves = decodeChunk(job.data);
    let last = 0;
    const result = await fitChunk(curves, job.data.problem, job.data.options, fitter, async (done) => {
      const t = performance.now();
      if (t - last < PROGRESS_INTERVAL_MS && done < curves.count) return;
      last = t;
      await job.updateProgress(done);
    });
    return encodeChunkResult(job.data, result, WORKER_NAME);
  } catch (error) {
    if (error instanceof FitbenchError && !error.transient) {
      // `name` as an own property: a sandboxed processor sends only own properties to the parent.
      throw Object.assign(new UnrecoverableError(`${error.code}: ${error.message}`), { name: 'UnrecoverableError' });
    }
    throw error;
  }
}
