/**
 * The project slice: puts a saved snapshot back into the workbench. Inputs go through the
 * same actions a user's edits do (so parsing, column checks and the model resolve exactly
 * as they did), then the saved parameter rows replace the recomputed ones verbatim.
 */
import type { StateCreator } from 'zustand/vanilla';
import { loadDemo } from '../demo/load-demo';
import { rowError } from './model-slice';
import type { ProjectSlice, WorkbenchState } from './workbench-types';
import type { WorkbenchStore } from './workbench-store';

export function createProjectSlice(storeRef: () => WorkbenchStore): StateCreator<WorkbenchState, [], [], ProjectSlice> {
  return (set, get) => ({
    async restoreSnapshot(snap, options = {}) {
      const { data, model } = snap;
      set({
        ...snap.options,
        dropMissing: data.dropMissing,
        parseOverrides: { delimiter: data.delimiter, decimal: data.decimal },
        demoStart: model.demoStart,
        fitError: null,
      });
      if (data.demo && data.text === '') {
        if (get().arraysDemo !== data.demo) await loadDemo(storeRef(), data.demo);
      } else if (data.text !== get().dataText || get().arraysDemo !== null) {
        get().setDataText(data.text);
        await get().commitData();
      }
      if (get().picks !== data.picks) get().setPicks(data.picks);
      if (get().modelText !== model.text) get().setModelText(model.text);
      const paramErrors: Record<string, string> = {};
      for (const r of model.rows) {
        const message = rowError(r);
        if (message) paramErrors[r.name] = message;
      }
      set({ rows: model.rows, paramErrors, derived: model.derived, intervalNotice: null });
      if (options.inputsOnly) return;
      const shown = snap.shown;
      set({
        history: snap.history,
        fit: shown
          ? {
              jobId: shown.id,
              problem: shown.dataOmitted ? null : shown.problem,
              xLabel: shown.xLabel,
              yLabel: shown.yLabel,
              completed: shown,
            }
          : null,
      });
    },
  });
}
