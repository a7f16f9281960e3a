/**
 * The `fit-status` sentence. It always contains exactly one of the contract's words
 * (running, converged, failed, cancelled) once a fit exists, so a script can wait on it.
 */
import type { JobSnapshot } from '../../../runtime';
import type { FieldMessage } from '../../stores/field-message';
import { assertNever } from '../../../core/assert-never';

function cost(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : v.toPrecision(6);
}

/**
 * A refusal (fitError) wins over the previous job: after "Fit" could not start, the status
 * must not keep saying the last fit converged.
 */
export function fitStatusText(job: JobSnapshot | undefined, fitError: FieldMessage | null): string {
  if (fitError) return `not started: ${fitError.message}`;
  if (!job) return 'idle';
  const note = job.resumedFromIteration !== null ? `resumed from iteration ${job.resumedFromIteration}` : null;
  const resumed = note ? ` (${note})` : '';
  switch (job.status) {
    case 'queued':
      return `running: queued${resumed}`;
    case 'running':
      return `running: iteration ${job.iteration}, cost ${cost(job.cost)}${resumed}`;
    case 'retrying':
      return `running: retrying after ${job.error?.code ?? 'a fault'} (retry ${job.retries}), iteration ${job.iteration}`;
    case 'converged':
      return `converged: ${job.result?.message ?? ''} (${job.result?.iterations ?? job.iteration} iterations, cost ${cost(job.result?.cost ?? job.cost)}${note ? `, ${note}` : ''})`;
    case 'not-converged':
      return `failed to converge: ${job.result?.message ?? job.result?.status ?? ''}`;
    case 'failed':
      return `failed: ${job.error?.message ?? 'unknown error'}`;
    case 'cancelled':
      return `cancelled: ${job.error?.message ?? ''}`;
    default:
      return assertNever(job.status, 'job status');
  }
}
