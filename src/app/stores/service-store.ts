/**
 * The service store: the fitting service's snapshot, its job log and the jobs a previous
 * page left unfinished, mirrored into a vanilla zustand store. Bursts of service changes
 * (a progress batch touches the job, the metrics and the budget) are folded into one
 * update per microtask, so React renders once per batch, and only where a selected field moved.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { JobLogRecord } from '../../core/reliability';
import type { JobSnapshot, ServiceSnapshot } from '../../runtime';
import type { ResumeOffer, ServiceClient } from './service-client';

/** Log records kept for the viewer (the download has the service's whole log). */
const MAX_LOG = 500;

export interface ServiceState {
  snapshot: ServiceSnapshot;
  log: JobLogRecord[];
  unfinished: ResumeOffer[];
  /** False until the unfinished jobs have been read from storage. */
  unfinishedLoaded: boolean;
  /** Drops a job from the resume offer (resumed or discarded). */
  forgetUnfinished(jobId: string): void;
}

export type ServiceStore = StoreApi<ServiceState> & { dispose(): void };

export function createServiceStore(client: ServiceClient): ServiceStore {
  const store = createStore<ServiceState>()((set, get) => ({
    snapshot: client.getSnapshot(),
    log: client.logRecords().slice(-MAX_LOG),
    unfinished: [],
    unfinishedLoaded: false,
    forgetUnfinished(jobId) {
      set({ unfinished: get().unfinished.filter((j) => j.jobId !== jobId) });
    },
  }));
  let scheduled = false;
  let pendingLog: JobLogRecord[] = [];
  const flush = (): void => {
    scheduled = false;
    const patch: Partial<ServiceState> = { snapshot: client.getSnapshot() };
    if (pendingLog.length > 0) {
      patch.log = [...store.getState().log, ...pendingLog].slice(-MAX_LOG);
      pendingLog = [];
    }
    store.setState(patch);
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(flush);
  };
  const offChange = client.subscribe(schedule);
  let disposed = false;
  const loadUnfinished = (): void => {
    client.listResumable().then(
      (unfinished) => {
        if (!disposed) store.setState({ unfinished, unfinishedLoaded: true });
      },
      () => {
        if (!disposed) store.setState({ unfinishedLoaded: true });
      },
    );
  };
  const offEvent = client.onEvent((event) => {
    if (event.type === 'log') {
      pendingLog.push(event.record);
      schedule();
    }
    // Another tab started, ended or discarded a job: the offer is read again.
    if (event.type === 'resumable') loadUnfinished();
  });
  loadUnfinished();
  return Object.assign(store, {
    dispose() {
      disposed = true;
      offChange();
      offEvent();
    },
  });
}

/** The job with this id in a snapshot (newest first, so the lookup is short for a fresh job). */
export function findJob(snapshot: ServiceSnapshot, jobId: string | null | undefined): JobSnapshot | undefined {
  if (!jobId) return undefined;
  return snapshot.jobs.find((j) => j.id === jobId);
}
