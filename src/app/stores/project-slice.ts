/**
 * The project slice: puts a saved snapshot back into the workbench. Inputs go through the
 * same actions a user's edits do (so parsing, column checks and the model resolve exactly
 * as they did), then the saved parameter rows replace the recomputed ones verbatim.
 */
import type { StateCreator } from 'zustand/vanilla';
import { applyDataInputs } from './datasets-slice';
import { paramErrorsOf } from './model-slice';
import type { ProjectSlice, WorkbenchState } from './workbench-types';
import type { WorkbenchStore } from './workbench-store';

export function createProjectSlice(storeRef: () => WorkbenchStore): StateCreator<WorkbenchState, [], [], ProjectSlice> {
  return (set, get) => ({
    async restoreSnapshot(snap, options = {}) {
      const { data, model } = snap;
      set({
        ...snap.options,
        datasets: snap.datasets,
        activeDataset: snap.activeDataset,
        demoStart: model.demoStart,
        fitError: null,
      });
      await applyDataInputs(storeRef(), data);
      if (get().modelText !== model.text) get().setModelText(model.text);
      set({
        rows: model.rows,
        paramErrors: paramErrorsOf(model.rows, snap.datasets.length),
        derived: model.derived,
        intervalNotice: null,
      });
      if (options.inputsOnly) return;
      const shown = snap.shown;
      set({
        history: snap.history,
        fit: shown
          ? {
              jobId: shown.id,
              problem: shown.dataOmitted ? null : shown.problem,
              global: shown.dataOmitted ? undefined : shown.global,
              xLabel: shown.xLabel,
              yLabel: shown.yLabel,
              completed: shown,
            }
          : null,
      });
    },
  });
}
