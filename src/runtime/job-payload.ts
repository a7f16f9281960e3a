/**
 * Turns a job's spec into what crosses to a worker. Numeric data goes as Float64Arrays
 * whose buffers are transferred (moved, not cloned); they are fresh copies, because the
 * service keeps the caller's data for retries (Excalidraw's copy-before-transfer rule).
 * A batch's rows are views into one buffer, so 100,000 curves are one transfer, not 100,000.
 */
import type { FitBatch, FitJobProblem, FitProblem, GlobalProblem, NumericArray, ResumeState } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import type { JobSpec } from '../persistence';
import type { CheckpointPolicy, FitRunRequest, RunRequest } from '../worker/worker-api';

export interface Payload<T> {
  value: T;
  transfer: ArrayBuffer[];
}

function toFloat64(a: NumericArray, transfer: ArrayBuffer[]): Float64Array {
  // A typed array copies in one native call; Float64Array.from walks an iterator (~20 ms per
  // million points on the main thread).
  const copy =
    a instanceof Float64Array
      ? a.slice()
      : ArrayBuffer.isView(a)
        ? new Float64Array(a as ArrayLike<number>)
        : Float64Array.from(a);
  transfer.push(copy.buffer);
  return copy;
}

/**
 * Rows packed back to back in one new buffer. Float32 rows (an Arrow float32 column, a .npy
 * f4 file) stay float32: the GPU batch uploads them without a float64 pass, and the CPU
 * reads the same values either way.
 */
function packRows(rows: readonly NumericArray[], transfer: ArrayBuffer[]): Float64Array[] | Float32Array[] {
  let total = 0;
  for (const r of rows) total += r.length;
  const f32 = rows.length > 0 && rows.every((r) => r instanceof Float32Array);
  const buffer = f32 ? new Float32Array(total) : new Float64Array(total);
  const out: (Float64Array | Float32Array)[] = [];
  let offset = 0;
  for (const r of rows) {
    const view = buffer.subarray(offset, offset + r.length);
    view.set(r);
    out.push(view);
    offset += r.length;
  }
  transfer.push(buffer.buffer);
  return out as Float64Array[] | Float32Array[];
}

function isArrayLike(v: unknown): v is NumericArray {
  return ArrayBuffer.isView(v) || Array.isArray(v);
}

function isGlobal(problem: FitJobProblem): problem is GlobalProblem {
  return problem !== null && typeof problem === 'object' && 'datasets' in problem;
}

/** The problem (or each data set of a global one) with its arrays copied into transferable Float64Arrays. */
export function problemPayload(problem: FitJobProblem): Payload<FitJobProblem> {
  if (isGlobal(problem)) {
    const transfer: ArrayBuffer[] = [];
    const datasets = problem.datasets.map((d) => {
      const copy = problemPayload({ model: problem.model, x: d.x, y: d.y, sigma: d.sigma });
      transfer.push(...copy.transfer);
      const v = copy.value as FitProblem;
      return { ...d, x: v.x, y: v.y, ...(v.sigma !== undefined ? { sigma: v.sigma } : {}) };
    });
    return { value: { ...problem, datasets }, transfer };
  }
  const transfer: ArrayBuffer[] = [];
  const x = isArrayLike(problem.x)
    ? toFloat64(problem.x, transfer)
    : Object.fromEntries(Object.entries(problem.x).map(([k, v]) => [k, toFloat64(v, transfer)]));
  const value: FitProblem = { ...problem, x, y: toFloat64(problem.y, transfer) };
  const sigma = problem.sigma;
  if (sigma)
    value.sigma = isRowList(sigma)
      ? packRows(sigma as NumericArray[], transfer)
      : toFloat64(sigma as NumericArray, transfer);
  return { value, transfer };
}

/** The batch with its rows packed into transferable buffers. */
export function batchPayload(batch: FitBatch): Payload<FitBatch> {
  const transfer: ArrayBuffer[] = [];
  const x =
    isArrayLike(batch.x) && !isRowList(batch.x)
      ? toFloat64(batch.x, transfer)
      : packRows(batch.x as NumericArray[], transfer);
  const value: FitBatch = { ...batch, x, y: packRows(batch.y, transfer) };
  if (batch.sigma) value.sigma = packRows(batch.sigma, transfer);
  return { value, transfer };
}

function isRowList(x: unknown): boolean {
  return Array.isArray(x) && x.length > 0 && isArrayLike(x[0]);
}

/**
 * Checks the shape the runtime relies on before anything is copied or queued; the solver
 * checks the rest (model syntax, lengths, values) and names the culprit itself.
 */
export function assertSpec(spec: JobSpec): void {
  if (spec.kind === 'fit') {
    const p = spec.problem as Partial<FitProblem> | null;
    if (!p || typeof p !== 'object') throw bad('problem', 'the fit problem must be an object { model, x, y, p0 }');
    if (isGlobal(p as FitJobProblem)) {
      assertGlobal(p as GlobalProblem);
      return;
    }
    if (typeof p.model !== 'string' || p.model.trim() === '')
      throw bad('model', 'problem.model must be a non-empty string (an expression or a library model name)');
    if (!isArrayLike(p.y)) throw bad('y', 'problem.y must be an array or typed array of numbers');
    const x = p.x as unknown;
    if (!isArrayLike(x)) {
      if (!x || typeof x !== 'object')
        throw bad('x', 'problem.x must be an array of numbers or an object of named predictor arrays');
      for (const [name, col] of Object.entries(x))
        if (!isArrayLike(col)) throw bad('x', `problem.x.${name} must be an array of numbers`);
    }
    if (p.sigma !== undefined && !isArrayLike(p.sigma))
      throw bad('sigma', 'problem.sigma must be an array of numbers or an n × n covariance matrix (array of rows)');
  } else {
    const b = spec.batch as Partial<FitBatch> | null;
    if (!b || typeof b !== 'object') throw bad('batch', 'the batch must be an object { model, x, y }');
    if (typeof b.model !== 'string' || b.model.trim() === '')
      throw bad('model', 'batch.model must be a non-empty string');
    if (!Array.isArray(b.y) || !b.y.every(isArrayLike))
      throw bad('y', 'batch.y must be an array of curves (arrays of numbers)');
    if (!isArrayLike(b.x) && !(Array.isArray(b.x) && (b.x as unknown[]).every(isArrayLike))) {
      throw bad('x', 'batch.x must be one shared array or one array per curve');
    }
    if (b.sigma !== undefined && !(Array.isArray(b.sigma) && b.sigma.every(isArrayLike)))
      throw bad('sigma', 'batch.sigma must be one array per curve');
  }
}

function assertGlobal(g: GlobalProblem): void {
  if (typeof g.model !== 'string' || g.model.trim() === '')
    throw bad('model', 'problem.model must be a non-empty string (an expression or a library model name)');
  if (!Array.isArray(g.datasets) || g.datasets.length === 0)
    throw bad('datasets', 'problem.datasets must be a non-empty list of { x, y, sigma?, model?, name? }');
  g.datasets.forEach((d, k) => {
    if (!d || typeof d !== 'object' || !isArrayLike(d.y))
      throw bad('datasets', `problem.datasets[${k}].y must be an array or typed array of numbers`);
    const x = d.x as unknown;
    if (!isArrayLike(x) && (!x || typeof x !== 'object' || !Object.values(x).every(isArrayLike)))
      throw bad('datasets', `problem.datasets[${k}].x must be an array of numbers or an object of named arrays`);
    if (d.sigma !== undefined && !isArrayLike(d.sigma))
      throw bad('datasets', `problem.datasets[${k}].sigma must be an array of numbers or a covariance matrix`);
  });
}

function bad(field: string, message: string): FitbenchError {
  return new FitbenchError('OPTIONS_INVALID', message, { field });
}

/** Data points of a spec (all curves for a batch). */
export function pointsOf(spec: JobSpec): number {
  if (spec.kind === 'fit') {
    const p = spec.problem;
    return isGlobal(p) ? p.datasets.reduce((n, d) => n + d.y.length, 0) : p.y.length;
  }
  return spec.batch.y.reduce((n, row) => n + row.length, 0);
}

export function modelOf(spec: JobSpec): string {
  return spec.kind === 'fit' ? spec.problem.model : spec.batch.model;
}

/** What every run request carries besides the job's data. */
export type RunRequestBase = Omit<FitRunRequest, 'kind' | 'problem' | 'options' | 'resumeFrom' | 'checkpoint'> & {
  resumeFrom: ResumeState | undefined;
  checkpoint: CheckpointPolicy;
};

/** The request of one attempt, with the buffers to transfer. */
export function runRequest(spec: JobSpec, base: RunRequestBase): Payload<RunRequest> & { request: RunRequest } {
  const { resumeFrom, checkpoint, ...common } = base;
  if (spec.kind === 'fit') {
    const payload = problemPayload(spec.problem);
    const request: RunRequest = {
      ...common,
      kind: 'fit',
      problem: payload.value,
      options: spec.options,
      resumeFrom,
      checkpoint,
    };
    return { value: request, request, transfer: payload.transfer };
  }
  const payload = batchPayload(spec.batch);
  const request: RunRequest = { ...common, kind: 'batch', batch: payload.value, options: spec.options };
  return { value: request, request, transfer: payload.transfer };
}
