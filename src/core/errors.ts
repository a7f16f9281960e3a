/**
 * One typed error family for the whole product. The stable `code` decides what the
 * runtime does with a failure (retry only transient codes); `context` points at the
 * culprit (row, column, position in an expression, parameter name).
 */
import { describeValue } from './input/describe-value';

export type FitbenchErrorCode =
  // model language
  | 'MODEL_PARSE'
  | 'MODEL_UNKNOWN_FUNCTION'
  | 'MODEL_ARITY'
  | 'MODEL_UNKNOWN'
  | 'MODEL_NO_PARAMETERS'
  // problem definition
  | 'PARAM_NO_START'
  | 'PARAM_UNKNOWN'
  | 'PARAM_NONFINITE'
  | 'BOUNDS_INVERTED'
  | 'START_OUTSIDE_BOUNDS'
  | 'DATA_LENGTH_MISMATCH'
  | 'DATA_TOO_FEW_POINTS'
  | 'DATA_NONFINITE'
  | 'DATA_EMPTY'
  | 'DATA_NO_NUMERIC_COLUMN'
  | 'DATA_COLUMN_MISSING'
  | 'DATA_COLUMN_RESERVED'
  | 'DATA_PARSE'
  | 'SIGMA_INVALID'
  | 'OPTIONS_INVALID'
  // parameter expressions (tied parameters, derived quantities)
  | 'EXPRESSION_INVALID'
  | 'EXPRESSION_CYCLE'
  // solver
  | 'FIT_NONFINITE'
  | 'FIT_ABORTED'
  // runtime / transient
  | 'WORKER_CRASH'
  /** A worker script could not be fetched or started (offline before the app was saved, or a stale deployment). */
  | 'WORKER_LOAD_FAILED'
  | 'TIMEOUT'
  | 'OUT_OF_MEMORY'
  | 'GPU_UNAVAILABLE'
  | 'GPU_DEVICE_LOST'
  | 'GPU_ERROR'
  | 'STORAGE_QUOTA'
  | 'STORAGE_UNAVAILABLE'
  | 'CHECKPOINT_CORRUPT'
  | 'JOB_NOT_FOUND'
  | 'CIRCUIT_OPEN'
  // distributed batch (BullMQ on Redis)
  | 'QUEUE_UNAVAILABLE'
  | 'CHUNK_CORRUPT'
  | 'CHUNK_FAILED'
  | 'INJECTED_FAULT'
  | 'INTERNAL';

/** Codes of faults that may succeed when tried again (DESIGN.md: never bad input). */
export const TRANSIENT_CODES: ReadonlySet<FitbenchErrorCode> = new Set<FitbenchErrorCode>([
  'WORKER_CRASH',
  'TIMEOUT',
  'OUT_OF_MEMORY',
  'GPU_DEVICE_LOST',
  'INJECTED_FAULT',
]);

export interface FitbenchErrorContext {
  row?: number;
  column?: string;
  /** 0-based character offset in the model expression */
  position?: number;
  parameter?: string;
  [key: string]: unknown;
}

/** Longest message an error carries (characters). */
export const MAX_MESSAGE_CHARS = 600;

export class FitbenchError extends Error {
  readonly code: FitbenchErrorCode;
  readonly context: FitbenchErrorContext;

  constructor(code: FitbenchErrorCode, message: string, context: FitbenchErrorContext = {}) {
    // Bounded: a message names the problem; it never copies a whole file or array.
    super(message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…` : message);
    this.name = 'FitbenchError';
    this.code = code;
    this.context = context;
  }

  get transient(): boolean {
    return TRANSIENT_CODES.has(this.code);
  }

  /** Plain object that survives structured clone (postMessage, IndexedDB). */
  toJSON(): { name: string; code: FitbenchErrorCode; message: string; context: FitbenchErrorContext } {
    return { name: this.name, code: this.code, message: this.message, context: this.context };
  }

  static fromJSON(value: unknown): FitbenchError {
    if (value instanceof FitbenchError) return value;
    if (value && typeof value === 'object' && 'code' in value && 'message' in value) {
      const v = value as { code: unknown; message: unknown; context?: unknown };
      const context = v.context !== null && typeof v.context === 'object' ? (v.context as FitbenchErrorContext) : {};
      return new FitbenchError(
        typeof v.code === 'string' ? (v.code as FitbenchErrorCode) : 'INTERNAL',
        typeof v.message === 'string' ? v.message : describeValue(v.message),
        context,
      );
    }
    if (value instanceof Error) return new FitbenchError('INTERNAL', String(value.message));
    return new FitbenchError('INTERNAL', typeof value === 'string' ? value : describeValue(value));
  }
}

/** True when `e` is a FitbenchError (also across realms, by shape). */
export function isFitbenchError(e: unknown): e is FitbenchError {
  return e instanceof FitbenchError;
}
