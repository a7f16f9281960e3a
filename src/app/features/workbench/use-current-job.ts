import type { FitResult } from '../../../core/api-types';
import type { JobSnapshot } from '../../../runtime';
import { useService, useWorkbench } from '../../stores/hooks';
import { findJob } from '../../stores/service-store';

/** The snapshot of the job the workbench follows (re-renders when that job changes). */
export function useCurrentJob(): JobSnapshot | undefined {
  const jobId = useWorkbench((s) => s.fit?.jobId ?? null);
  return useService((s) => findJob(s.snapshot, jobId));
}

/** One field of the followed job; re-renders only when that field changes. */
export function useCurrentJobField<T>(pick: (job: JobSnapshot | undefined) => T): T {
  const jobId = useWorkbench((s) => s.fit?.jobId ?? null);
  return useService((s) => pick(findJob(s.snapshot, jobId)));
}

/** The result the panels show: the followed job's, or a saved fit's (restored project, history). */
export function useFitResult(): FitResult | null {
  const jobResult = useCurrentJobField((j) => j?.result ?? null);
  const saved = useWorkbench((s) => s.fit?.completed?.result ?? null);
  return jobResult ?? saved;
}
