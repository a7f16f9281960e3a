/**
 * What one BullMQ job carries (a chunk of curves and everything needed to fit them, so a
 * worker is stateless) and what it returns (that chunk's results). Job ids are
 * `<batch id>-<chunk index>`: the batch id hashes the data, model and options, so enqueueing
 * the same batch again (a restarted coordinator) finds the same jobs instead of adding new ones.
 */
import type { BatchDiagnostics, BatchResult, FitOptions } from '../core/api-types';
import type { BatchCurves } from '../core/data/batch';
import { FitbenchError } from '../core/errors';
import { decodeArray, digest, encodeArray, type EncodedArray } from './chunk-codec';

/** The problem every curve of a batch shares (plain JSON). */
export interface BatchProblem {
  model: string;
  p0: Record<string, number>;
  bounds?: Record<string, [number | null, number | null]>;
  fixed?: string[];
}

/** Options that travel to the workers: no callbacks, no signal, no backend (each worker has its own). */
export type QueuedFitOptions = Pick<
  FitOptions,
  'method' | 'loss' | 'fScale' | 'absoluteSigma' | 'maxIterations' | 'xtol' | 'ftol' | 'gtol'
>;

export interface ChunkJobData {
  batchId: string;
  chunk: number;
  /** Index of the chunk's first curve in the batch. */
  start: number;
  count: number;
  points: number;
  problem: BatchProblem;
  options: QueuedFitOptions;
  xPerCurve: boolean;
  x: EncodedArray;
  y: EncodedArray;
  /** Per-curve sigma (count × points), when the batch carries it. */
  sigma?: EncodedArray;
  /** Per-curve start values (count × names), overriding problem.p0 for those names. */
  p0?: { names: string[]; values: EncodedArray };
  /** digest of everything above but itself: a damaged chunk fails as CHUNK_CORRUPT, never fits wrong data. */
  checksum: string;
}

export interface ChunkResultData {
  batchId: string;
  chunk: number;
  start: number;
  count: number;
  paramNames: string[];
  params: EncodedArray;
  stdErrors: EncodedArray;
  cost: EncodedArray;
  converged: EncodedArray;
  iterations: EncodedArray;
  /** Per-curve flags (at a bound, not identifiable, refitted in float64), from every backend. */
  diagnostics?: { atBound: EncodedArray; notIdentifiable: EncodedArray; refittedF64: EncodedArray };
  backend: BatchResult['backend'];
  /** The worker that fitted it (host:pid), for the logs. */
  worker: string;
  elapsedMs: number;
}

export function chunkJobId(batchId: string, chunk: number): string {
  return `${batchId}-${chunk}`;
}

function checksumOf(data: Omit<ChunkJobData, 'checksum'>): string {
  return digest([
    data.batchId,
    String(data.chunk),
    String(data.start),
    String(data.count),
    String(data.points),
    JSON.stringify(data.problem),
    JSON.stringify(data.options),
    String(data.xPerCurve),
    data.x,
    data.y,
    ...(data.sigma ? ['sigma', data.sigma] : []),
    ...(data.p0 ? ['p0', JSON.stringify(data.p0.names), data.p0.values] : []),
  ]);
}

/** The job data of curves [start, start + slice.count) of a batch. */
export function encodeChunk(
  batchId: string,
  chunk: number,
  start: number,
  slice: BatchCurves,
  problem: BatchProblem,
  options: QueuedFitOptions,
): ChunkJobData {
  const data = {
    batchId,
    chunk,
    start,
    count: slice.count,
    points: slice.points,
    problem,
    options,
    xPerCurve: slice.xPerCurve,
    x: encodeArray(slice.x),
    y: encodeArray(slice.y),
    ...(slice.sigma ? { sigma: encodeArray(slice.sigma) } : {}),
    ...(slice.p0 ? { p0: { names: slice.p0.names, values: encodeArray(slice.p0.values) } } : {}),
  };
  return { ...data, checksum: checksumOf(data) };
}

/** The chunk's curves; CHUNK_CORRUPT when the checksum or the shapes do not hold. */
export function decodeChunk(data: ChunkJobData): BatchCurves {
  if (data === null || typeof data !== 'object' || typeof data.checksum !== 'string')
    throw new FitbenchError('CHUNK_CORRUPT', 'the job holds no chunk (no checksum)');
  const { checksum, ...rest } = data;
  if (checksumOf(rest) !== checksum)
    throw new FitbenchError('CHUNK_CORRUPT', `chunk ${data.chunk} of batch ${data.batchId} fails its checksum`, {
      chunk: data.chunk,
    });
  const x = decodeArray(data.x);
  const y = decodeArray(data.y);
  if (
    !(x instanceof Float32Array || x instanceof Float64Array) ||
    !(y instanceof Float32Array || y instanceof Float64Array)
  )
    throw new FitbenchError('CHUNK_CORRUPT', 'x and y must be float32 or float64');
  if (y.length !== data.count * data.points || x.length !== (data.xPerCurve ? data.count : 1) * data.points)
    throw new FitbenchError(
      'CHUNK_CORRUPT',
      `chunk ${data.chunk}: the arrays do not match ${data.count} × ${data.points}`,
    );
  const curves: BatchCurves = { count: data.count, points: data.points, x, xPerCurve: data.xPerCurve, y };
  if (data.sigma) {
    const sigma = decodeArray(data.sigma);
    if (!(sigma instanceof Float32Array || sigma instanceof Float64Array) || sigma.length !== y.length)
      throw new FitbenchError(
        'CHUNK_CORRUPT',
        `chunk ${data.chunk}: sigma does not match ${data.count} × ${data.points}`,
      );
    curves.sigma = sigma;
  }
  if (data.p0) {
    const values = decodeArray(data.p0.values);
    const names = data.p0.names;
    if (!(values instanceof Float64Array) || !Array.isArray(names) || values.length !== data.count * names.length)
      throw new FitbenchError(
        'CHUNK_CORRUPT',
        `chunk ${data.chunk}: the start values do not match ${data.count} curves`,
      );
    curves.p0 = { names, values };
  }
  return curves;
}

export function encodeChunkResult(
  job: Pick<ChunkJobData, 'batchId' | 'chunk' | 'start' | 'count'>,
  result: BatchResult,
  worker: string,
): ChunkResultData {
  return {
    batchId: job.batchId,
    chunk: job.chunk,
    start: job.start,
    count: job.count,
    paramNames: result.paramNames,
    params: encodeArray(result.params),
    stdErrors: encodeArray(result.stdErrors),
    cost: encodeArray(result.cost),
    converged: encodeArray(result.converged),
    iterations: encodeArray(result.iterations),
    ...(result.diagnostics
      ? {
          diagnostics: {
            atBound: encodeArray(result.diagnostics.atBound),
            notIdentifiable: encodeArray(result.diagnostics.notIdentifiable),
            refittedF64: encodeArray(result.diagnostics.refittedF64),
          },
        }
      : {}),
    backend: result.backend,
    worker,
    elapsedMs: result.elapsedMs,
  };
}

export interface DecodedChunkResult {
  paramNames: string[];
  params: Float64Array;
  stdErrors: Float64Array;
  cost: Float64Array;
  converged: Uint8Array;
  iterations: Uint32Array;
  diagnostics?: BatchDiagnostics;
  backend: BatchResult['backend'];
}

export function decodeChunkResult(data: ChunkResultData): DecodedChunkResult {
  return {
    paramNames: data.paramNames,
    params: decodeArray(data.params as EncodedArray & { dtype: 'f8' }),
    stdErrors: decodeArray(data.stdErrors as EncodedArray & { dtype: 'f8' }),
    cost: decodeArray(data.cost as EncodedArray & { dtype: 'f8' }),
    converged: decodeArray(data.converged as EncodedArray & { dtype: 'u8' }),
    iterations: decodeArray(data.iterations as EncodedArray & { dtype: 'u32' }),
    ...(data.diagnostics
      ? {
          diagnostics: {
            atBound: decodeArray(data.diagnostics.atBound as EncodedArray & { dtype: 'u8' }),
            notIdentifiable: decodeArray(data.diagnostics.notIdentifiable as EncodedArray & { dtype: 'u8' }),
            refittedF64: decodeArray(data.diagnostics.refittedF64 as EncodedArray & { dtype: 'u8' }),
          },
        }
      : {}),
    backend: data.backend,
  };
}
