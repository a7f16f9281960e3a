/**
 * State of the batch page: the loaded curves, the problem, the run and its results, the
 * table's sort and page. Heavy work goes elsewhere: reading, sorting and exporting to the
 * file worker, fitting to the service's worker pool, chunk by chunk.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BackendChoice } from '../../../core/api-types';
import type { BatchCurves, ParameterImage } from '../../../core/data/batch';
import { packResultTable } from '../../../core/data/batch/result-table-packing';
import { FitbenchError } from '../../../core/errors';
import type { BatchFileWorkerApi } from '../../../worker/batch-file-types';
import {
  startBatchRun,
  type BatchRun,
  type BatchRunDeps,
  type BatchRunOutcome,
  type BatchRunProgress,
} from './batch-run';
import { parseP0Text } from './p0-text';

export type RunState = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** A sortable column: the curve index, a parameter, its standard error, cost, iterations or status. */
export type SortKey =
  { kind: 'curve' } | { kind: 'param' | 'stderr'; index: number } | { kind: 'cost' | 'iterations' | 'status' };

export interface BatchState {
  fileName: string | null;
  layout: 'columns' | 'rows';
  reading: boolean;
  readError: string | null;
  curves: BatchCurves | null;
  model: string;
  p0Text: string;
  backend: BackendChoice;
  runState: RunState;
  progress: BatchRunProgress | null;
  runError: string | null;
  outcome: BatchRunOutcome | null;
  sort: { key: SortKey; descending: boolean } | null;
  /** Curve order of the table (null: by curve index). */
  order: Uint32Array | null;
  page: number;
  pageSize: number;
  mapParam: number;
  /** The parameter map (curves with grid coordinates), painted in the file worker. */
  mapImage: (ParameterImage & { param: number }) | null;

  loadFile(file: File): Promise<void>;
  setLayout(layout: 'columns' | 'rows'): Promise<void>;
  setModel(model: string): void;
  setP0Text(text: string): void;
  setBackend(backend: BackendChoice): void;
  fit(): void;
  cancel(): void;
  sortBy(key: SortKey): Promise<void>;
  setPage(page: number): void;
  setMapParam(index: number): void;
  exportResults(format: 'csv' | 'arrow'): Promise<{ name: string; data: Uint8Array } | null>;
}

export type BatchStore = StoreApi<BatchState>;

export interface BatchStoreDeps {
  files: Pick<BatchFileWorkerApi, 'read' | 'sortOrder' | 'paintMap' | 'exportCsv' | 'exportArrow'>;
  service: BatchRunDeps;
  defaultBackend?: BackendChoice;
  /** Chunks in flight at once (the worker pool's size plus one keeps it busy). */
  maxInFlight?: number;
}

const STATUS_RANK: Record<string, number> = {
  converged: 0,
  'not-converged': 1,
  failed: 2,
  'chunk-failed': 3,
  'not-fitted': 4,
};

export function createBatchStore(deps: BatchStoreDeps): BatchStore {
  let file: File | null = null;
  let run: BatchRun | null = null;
  let runToken: object | null = null;
  let readToken = 0;
  let paintToken = 0;

  return createStore<BatchState>()((set, get) => {
    const paintMap = async () => {
      const token = ++paintToken;
      const { outcome, curves, mapParam } = get();
      const stride = outcome?.result.paramNames.length ?? 0;
      if (!outcome || !curves?.grid || stride === 0) {
        set({ mapImage: null });
        return;
      }
      try {
        const image = await deps.files.paintMap(outcome.result.params, stride, mapParam, curves.grid);
        if (token === paintToken && get().outcome === outcome) set({ mapImage: { ...image, param: mapParam } });
      } catch {
        // The map is a view of results the table still shows: without it, nothing is lost.
        if (token === paintToken) set({ mapImage: null });
      }
    };

    const read = async () => {
      if (!file) return;
      const token = ++readToken;
      set({ reading: true, readError: null });
      try {
        const bytes = await file.arrayBuffer();
        const curves = await deps.files.read(bytes, file.name, { layout: get().layout });
        if (token !== readToken) return;
        set({
          curves,
          reading: false,
          outcome: null,
          mapImage: null,
          runState: 'idle',
          progress: null,
          order: null,
          sort: null,
          page: 0,
        });
      } catch (error) {
        if (token !== readToken) return;
        set({ reading: false, curves: null, readError: FitbenchError.fromJSON(error).message });
      }
    };

    return {
      fileName: null,
      layout: 'columns',
      reading: false,
      readError: null,
      curves: null,
      model: 'a*exp(-x/t)',
      p0Text: 'a=1, t=1',
      backend: deps.defaultBackend ?? 'auto',
      runState: 'idle',
      progress: null,
      runError: null,
      outcome: null,
      sort: null,
      order: null,
      page: 0,
      pageSize: 50,
      mapParam: 0,
      mapImage: null,

      async loadFile(f) {
        file = f;
        set({ fileName: f.name });
        await read();
      },
      async setLayout(layout) {
        set({ layout });
        await read();
      },
      setModel: (model) => set({ model }),
      setP0Text: (p0Text) => set({ p0Text }),
      setBackend: (backend) => set({ backend }),

      fit() {
        const { curves, model, p0Text, backend, runState } = get();
        if (!curves || runState === 'running') return;
        let p0: Record<string, number>;
        try {
          p0 = parseP0Text(p0Text);
        } catch (error) {
          set({ runState: 'failed', runError: (error as Error).message });
          return;
        }
        set({
          runState: 'running',
          runError: null,
          progress: null,
          outcome: null,
          mapImage: null,
          order: null,
          sort: null,
          page: 0,
        });
        // The progress callback runs during startBatchRun already: compare with a token that exists before it.
        const token = {};
        runToken = token;
        const current = startBatchRun(
          curves,
          { model, p0 },
          { backend },
          deps.service,
          (progress) => runToken === token && set({ progress }),
          deps.maxInFlight,
        );
        run = current;
        current.done.then((outcome) => {
          if (runToken !== token) return;
          run = null;
          set({ runState: outcome.state, outcome, runError: outcome.error ?? null, mapParam: 0 });
          void paintMap();
        });
      },
      cancel() {
        run?.cancel();
      },

      async sortBy(key) {
        const { outcome, sort } = get();
        if (!outcome) return;
        const same = sort !== null && JSON.stringify(sort.key) === JSON.stringify(key);
        const descending = same ? !sort.descending : false;
        if (key.kind === 'curve') {
          const n = outcome.status.length;
          set({
            sort: { key, descending },
            order: descending ? Uint32Array.from({ length: n }, (_, i) => n - 1 - i) : null,
            page: 0,
          });
          return;
        }
        const r = outcome.result;
        const p = r.paramNames.length;
        let values: Float64Array;
        if (key.kind === 'param' || key.kind === 'stderr') {
          const source = key.kind === 'param' ? r.params : r.stdErrors;
          values = Float64Array.from({ length: r.cost.length }, (_, j) => source[j * p + key.index]);
        } else if (key.kind === 'cost') values = r.cost.slice();
        else if (key.kind === 'iterations') values = Float64Array.from(r.iterations);
        else values = Float64Array.from(outcome.status, (s) => STATUS_RANK[s] ?? 9);
        const order = await deps.files.sortOrder(values, descending);
        if (get().outcome === outcome) set({ sort: { key, descending }, order, page: 0 });
      },
      setPage: (page) => set({ page }),
      setMapParam: (mapParam) => {
        set({ mapParam });
        void paintMap();
      },

      async exportResults(format) {
        const { outcome, curves, fileName } = get();
        if (!outcome || !curves) return null;
        const table = packResultTable({
          result: outcome.result,
          labels: curves.labels,
          grid: curves.grid,
          status: outcome.status,
        });
        const base = (fileName ?? 'batch').replace(/\.[^.]*$/, '');
        if (format === 'csv') return { name: `${base}-results.csv`, data: await deps.files.exportCsv(table) };
        return { name: `${base}-results.arrow`, data: await deps.files.exportArrow(table) };
      },
    };
  });
}
