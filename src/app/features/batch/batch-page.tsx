import { useDeferredValue, useState } from 'react';
import { useStore } from 'zustand';
import { appServices } from '../../stores/app-services';
import { batchFileWorker } from './batch-file-client';
import { createBatchStore, type BatchState, type BatchStore } from './batch-store';
import { BatchSetup } from './batch-setup';
import { BatchProgressView } from './batch-progress-view';
import { BatchResultsTable } from './batch-results-table';
import { BatchHistograms } from './batch-histograms';
import { ParameterMap } from './parameter-map';
import { BatchExport } from './batch-export';
import { BatchContext } from './batch-context';
import { nextTask } from './next-task';

let store: BatchStore | null = null;

/** The page's batch store (kept across route changes, so a running batch survives a visit to the workbench). */
function batchStore(): BatchStore {
  if (store) return store;
  const { client } = appServices();
  // One chunk per worker: a chunk queued in the service would be packed and sent from the task
  // that brings the previous chunk's result; the page's next task sends it instead (defer).
  const workers = Math.max(1, client.getSnapshot().pool.capacity);
  store = createBatchStore({
    files: batchFileWorker(),
    service: {
      fitBatch: (batch, options) => client.fitBatch(batch, options),
      now: () => performance.now(),
      defer: nextTask,
    },
    defaultBackend: client.defaultBackend,
    maxInFlight: workers,
  });
  return store;
}

/** Many curves at once: load a file, fit every curve, look at the results, export them. */
export function BatchPage() {
  const [s] = useState(batchStore);
  const hasResults = useStore(s, (state: BatchState) => state.outcome !== null);
  // The results (100,000 rows' histograms, map, table) mount in a deferred render, which React
  // splits into short tasks; a store update would render them in one task with the last chunk's
  // message. They leave at once: a new run must not show stale results.
  const resultsShown = useDeferredValue(hasResults, false) && hasResults;
  return (
    <BatchContext.Provider value={s}>
      <div className="batch-page">
        <section className="panel" aria-label="Batch set-up">
          <h2>Batch fit</h2>
          <BatchSetup />
          <BatchProgressView />
        </section>
        {resultsShown && (
          <section className="panel batch-results" aria-label="Batch results">
            <BatchExport />
            <BatchHistograms />
            <ParameterMap />
            <BatchResultsTable />
          </section>
        )}
      </div>
    </BatchContext.Provider>
  );
}
