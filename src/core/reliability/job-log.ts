/**
 * Structured job log (DESIGN.md "Observability"): one JSON record per job event,
 * `{timestamp, jobId, status, metrics, diagnostics}`, kept in a bounded ring buffer so a
 * long session cannot grow it without limit, and downloadable as JSON Lines.
 */
import type { LogConfig } from '../config/fitbench-config';
import { DEFAULT_CONFIG } from '../config/fitbench-config';
import { FitbenchError } from '../errors';
import type { FitbenchErrorCode } from '../errors';
import type { Clock } from './clock';
import { RingBuffer } from './ring-buffer';

/**
 * Job events. queued/running/resumed: lifecycle; checkpoint: one written;
 * checkpoint-skipped: a corrupt one passed over; retrying: a transient fault, retry
 * scheduled; warning: a degradation (checkpoints off, breaker open, CPU fallback, alert);
 * converged/not-converged: finished with a result; failed; cancelled.
 */
export type JobLogStatus =
  | 'queued'
  | 'running'
  | 'checkpoint'
  | 'checkpoint-skipped'
  | 'retrying'
  | 'resumed'
  | 'warning'
  | 'converged'
  | 'not-converged'
  | 'failed'
  | 'cancelled';

const STATUSES: ReadonlySet<string> = new Set<JobLogStatus>([
  'queued',
  'running',
  'checkpoint',
  'checkpoint-skipped',
  'retrying',
  'resumed',
  'warning',
  'converged',
  'not-converged',
  'failed',
  'cancelled',
]);

/** Metric values that survive JSON (a non-finite number is stored as null). */
export type LogMetricValue = number | string | boolean | null;

export interface JobLogRecord {
  /** ISO 8601, UTC. */
  timestamp: string;
  jobId: string;
  status: JobLogStatus;
  metrics: Record<string, LogMetricValue>;
  diagnostics: string[];
  /** The error behind failed, retrying and checkpoint-skipped records. */
  error?: { code: FitbenchErrorCode; message: string };
}

export interface JobLogEntry {
  metrics?: Record<string, number | string | boolean | null | undefined>;
  diagnostics?: readonly string[];
  error?: { code: FitbenchErrorCode; message: string };
}

export type JobLogListener = (record: JobLogRecord) => void;

export class JobLog {
  private readonly buffer: RingBuffer<JobLogRecord>;
  private readonly listeners = new Set<JobLogListener>();
  private dropped = 0;

  constructor(
    private readonly clock: Clock,
    config: LogConfig = DEFAULT_CONFIG.log,
  ) {
    this.buffer = new RingBuffer<JobLogRecord>(config.capacity);
  }

  /** Appends a record stamped with the clock's time (epoch ms: give this log Date-based time). */
  append(jobId: string, status: JobLogStatus, entry: JobLogEntry = {}): JobLogRecord {
    if (typeof jobId !== 'string' || jobId.length === 0) {
      throw new FitbenchError('OPTIONS_INVALID', 'a job log record needs a non-empty jobId', { field: 'jobId' });
    }
    if (!STATUSES.has(status)) {
      throw new FitbenchError(
        'OPTIONS_INVALID',
        `unknown job log status ${JSON.stringify(status)}: expected one of ${[...STATUSES].join(', ')}`,
        { field: 'status' },
      );
    }
    const now = this.clock.now();
    if (!Number.isFinite(now))
      throw new FitbenchError('OPTIONS_INVALID', `the job log clock returned ${now}, not a time`, { field: 'clock' });
    const metrics: Record<string, LogMetricValue> = {};
    for (const [k, v] of Object.entries(entry.metrics ?? {})) {
      if (v === undefined) continue;
      metrics[k] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
    }
    const record: JobLogRecord = {
      timestamp: new Date(now).toISOString(),
      jobId,
      status,
      metrics,
      diagnostics: [...(entry.diagnostics ?? [])],
    };
    if (entry.error) record.error = { code: entry.error.code, message: entry.error.message };
    if (this.buffer.push(record) !== undefined) this.dropped++;
    for (const listener of [...this.listeners]) listener(record);
    return record;
  }

  /** Records oldest first, optionally only one job's. */
  records(jobId?: string): JobLogRecord[] {
    const all = this.buffer.toArray();
    return jobId === undefined ? all : all.filter((r) => r.jobId === jobId);
  }

  get size(): number {
    return this.buffer.size;
  }

  /** Records evicted because the buffer was full. */
  get droppedCount(): number {
    return this.dropped;
  }

  /** One JSON object per line, oldest first, newline-terminated (empty string when empty). */
  toJsonLines(jobId?: string): string {
    return this.records(jobId)
      .map((r) => `${JSON.stringify(r)}\n`)
      .join('');
  }

  /** Subscribes to new records (a live log view); returns the unsubscribe function. */
  onRecord(listener: JobLogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.buffer.clear();
    this.dropped = 0;
  }
}
