/** Key ranges over the checkpoints store's [jobId, seq] keys. */

/** Every checkpoint of one job. */
export function checkpointRange(jobId: string): IDBKeyRange {
  return IDBKeyRange.bound([jobId, -Infinity], [jobId, Infinity]);
}

/** The checkpoints of one job with seq ≤ maxSeq. */
export function checkpointRangeUpTo(jobId: string, maxSeq: number): IDBKeyRange {
  return IDBKeyRange.bound([jobId, -Infinity], [jobId, maxSeq]);
}
