/** Folds a batch of worker events into a job (progress, checkpoints, storage, backend). */
import type { IterationState } from '../core/api-types';
import type { FitMetrics, JobLogStatus } from '../core/reliability';
import type { SerializedError, WorkerEvent } from '../worker/worker-api';
import type { ServiceJob } from './service-job';
import type { ServiceEvent } from './service-types';
import { assertNever } from '../core/assert-never';

export interface LogEntry {
  metrics?: Record<string, number | string | boolean | null | undefined>;
  diagnostics?: string[];
  error?: SerializedError;
}

export interface WorkerEventContext {
  now(): number;
  metrics: FitMetrics;
  emit(event: ServiceEvent): void;
  log(status: JobLogStatus, entry: LogEntry): void;
  /** Storage turned out full or gone: checkpoints go off for the next jobs too. */
  checkpointsOff(reason: string): void;
}

/** Applies the events to `job`; returns the iteration states among them (one progress event). */
export function applyWorkerEvents(
  job: ServiceJob,
  events: readonly WorkerEvent[],
  ctx: WorkerEventContext,
): IterationState[] {
  const states: IterationState[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'progress':
        states.push(event.state);
        if (job.faultAt !== null) {
          // Recovery time: from the fault to the first iteration of the attempt that resumed.
          ctx.metrics.recordRecovery(Math.max(0, ctx.now() - job.faultAt));
          job.faultAt = null;
        }
        for (const alert of job.applyProgress(event.state)) {
          ctx.emit({ type: 'alert', jobId: job.id, alert });
          ctx.log('warning', { metrics: { iteration: alert.iteration }, diagnostics: [alert.message] });
        }
        break;
      case 'checkpoint':
        job.checkpointsWritten += 1;
        job.lastCheckpointIteration = event.iteration;
        ctx.metrics.recordCheckpoint();
        ctx.log('checkpoint', { metrics: { iteration: event.iteration, writeMs: event.durationMs } });
        break;
      case 'checkpoints-off': {
        const reason = event.reason.message.startsWith('Checkpoints are off')
          ? event.reason.message
          : `Checkpoints are off: ${event.reason.message}`;
        ctx.checkpointsOff(reason);
        job.addDiagnostic(reason);
        ctx.log('warning', { diagnostics: [reason], error: event.reason });
        break;
      }
      case 'job-saved':
        job.recordSaved = true;
        break;
      case 'storage-warning': {
        const text = `Saving the job failed: ${event.reason.message} The fit goes on; it cannot be resumed after a reload.`;
        job.addDiagnostic(text);
        ctx.log('warning', { diagnostics: [text], error: event.reason });
        break;
      }
      case 'backend':
        job.backend = event.backend;
        if (event.diagnostic) job.addDiagnostic(event.diagnostic);
        break;
      default:
        return assertNever(event, 'worker event');
    }
  }
  return states;
}
