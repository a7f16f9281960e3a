/**
 * The workbench store: one vanilla zustand store made of slices (data, model and
 * parameters, options, fit). Components select single fields, so a keystroke in one panel
 * does not re-render the others.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createDataSlice } from './data-slice';
import { createDatasetsSlice } from './datasets-slice';
import { createDerivedSlice } from './derived-slice';
import { createFitSlice } from './fit-slice';
import { createIntervalSlice } from './interval-slice';
import { createModelSlice } from './model-slice';
import { createOptionsSlice } from './options-slice';
import { createProjectSlice } from './project-slice';
import type { ServiceClient } from './service-client';
import type { WorkbenchState } from './workbench-types';

export type WorkbenchStore = StoreApi<WorkbenchState>;

export function createWorkbenchStore(client: ServiceClient): WorkbenchStore {
  const store: WorkbenchStore = createStore<WorkbenchState>()((...a) => ({
    ...createDataSlice(...a),
    ...createDatasetsSlice(() => store)(...a),
    ...createModelSlice(...a),
    ...createDerivedSlice(...a),
    ...createOptionsSlice(...a),
    ...createFitSlice(client)(...a),
    ...createIntervalSlice(client)(...a),
    ...createProjectSlice(() => store)(...a),
  }));
  return store;
}
