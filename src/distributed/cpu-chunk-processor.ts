/**
 * Entry file of BullMQ's sandboxed processor (worker threads) for `fitbench worker
 * --concurrency N` on the CPU: each thread fits one chunk at a time, in parallel with the
 * others, while the main thread keeps the job locks renewed.
 */
import { processChunkJob, type ChunkJobLike } from './process-chunk-job';

export default function cpuChunkProcessor(job: ChunkJobLike) {
  return processChunkJob(job, 'cpu');
}
