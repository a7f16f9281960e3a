/**
 * Input checks for checkpoints (bad input raises a FitbenchError naming the field) and the
 * structural check of a stored record read back from disk (returns a reason, never throws).
 */
import type { MethodName } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import type { CheckpointRecord, CheckpointState } from './db-schema';

/** What the worker hands to writeCheckpoint: the solver state without the stamped fields. */
export type CheckpointInput = Omit<CheckpointState, 'formatVersion' | 'history' | 'historyStart' | 'createdAt'> & {
  /** Cost per iteration; truncated from the front to the store's `maxHistory`. */
  history: ArrayLike<number>;
  /** Iteration index of history[0] (default 0). */
  historyStart?: number;
  /** Epoch ms; defaults to the store's clock. */
  createdAt?: number;
};

/** The optional trust-region numbers of a SolverState: finite and ≥ 0 when present. */
const SOLVER_NUMBERS = ['radius', 'lambda', 'alpha'] as const;

const METHODS: readonly MethodName[] = ['lm', 'trf'];

export function assertJobId(jobId: unknown): asserts jobId is string {
  if (typeof jobId !== 'string' || jobId.length === 0) {
    throw new FitbenchError('OPTIONS_INVALID', `Job id must be a non-empty string; got ${describe(jobId)}.`);
  }
}

/** Throws a FitbenchError naming the first bad field of a checkpoint input. */
export function assertCheckpointInput(input: CheckpointInput): void {
  if (!input || typeof input !== 'object') {
    throw invalid(`checkpoint state must be an object; got ${describe(input)}`);
  }
  assertCount(input.iteration, 'iteration');
  assertCount(input.nfev, 'nfev');
  if (input.historyStart !== undefined) assertCount(input.historyStart, 'historyStart');
  if (!METHODS.includes(input.method)) {
    throw invalid(`method must be "lm" or "trf"; got ${describe(input.method)}`);
  }
  if (input.njev !== undefined) assertCount(input.njev, 'njev');
  for (const field of SOLVER_NUMBERS) {
    const v = input[field];
    if (v !== undefined && (!isFiniteNumber(v) || v < 0)) {
      throw invalid(`${field} must be a finite number ≥ 0; got ${describe(v)}`);
    }
  }
  if (input.scale !== undefined && (!Array.isArray(input.scale) || !input.scale.every(isFiniteNumber))) {
    throw invalid(`scale must be an array of finite numbers; got ${describe(input.scale)}`);
  }
  if (!isFiniteNumber(input.bestCost) || input.bestCost < 0) {
    throw invalid(`bestCost must be a finite number ≥ 0; got ${describe(input.bestCost)}`);
  }
  if (input.cost !== undefined && (!isFiniteNumber(input.cost) || input.cost < 0)) {
    throw invalid(`cost must be a finite number ≥ 0; got ${describe(input.cost)}`);
  }
  if (!input.params || typeof input.params !== 'object' || Array.isArray(input.params)) {
    throw invalid(`params must be a record of numbers by name; got ${describe(input.params)}`);
  }
  const names = Object.keys(input.params);
  if (names.length === 0) throw invalid('params is empty');
  for (const name of names) {
    if (!isFiniteNumber(input.params[name])) {
      throw new FitbenchError(
        'PARAM_NONFINITE',
        `Invalid checkpoint: parameter "${name}" is ${describe(input.params[name])}, not a finite number.`,
        { parameter: name },
      );
    }
  }
  const history = input.history;
  if (!history || typeof history !== 'object' || typeof history.length !== 'number') {
    throw invalid(`history must be an array of numbers; got ${describe(history)}`);
  }
  for (let i = 0; i < history.length; i++) {
    if (typeof history[i] !== 'number') throw invalid(`history[${i}] is ${describe(history[i])}, not a number`);
  }
  if (input.createdAt !== undefined && !isFiniteNumber(input.createdAt)) {
    throw invalid(`createdAt must be a finite epoch time in ms; got ${describe(input.createdAt)}`);
  }
}

/** Why a stored record is not a usable checkpoint, or null when its shape is sound. */
export function storedShapeProblem(record: CheckpointRecord): string | null {
  const s = record.state;
  if (!(s.history instanceof Float64Array)) return 'history is not a Float64Array';
  if (!s.params || typeof s.params !== 'object') return 'params missing';
  for (const [name, v] of Object.entries(s.params)) {
    if (!isFiniteNumber(v)) return `parameter "${name}" is not a finite number`;
  }
  if (!Number.isInteger(s.iteration) || s.iteration < 0) return 'iteration is not a count';
  if (!isFiniteNumber(s.bestCost)) return 'bestCost not finite';
  for (const field of SOLVER_NUMBERS) {
    if (s[field] !== undefined && !isFiniteNumber(s[field])) return `${field} not finite`;
  }
  if (!METHODS.includes(s.method)) return `unknown method ${describe(s.method)}`;
  return null;
}

function assertCount(v: unknown, field: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw invalid(`${field} must be an integer ≥ 0; got ${describe(v)}`);
  }
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function invalid(what: string): FitbenchError {
  return new FitbenchError('OPTIONS_INVALID', `Invalid checkpoint: ${what}.`);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
