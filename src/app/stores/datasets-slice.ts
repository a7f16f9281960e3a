/**
 * The data-set list: add, rename, remove and switch data sets. Switching stashes the active
 * set's inputs in the list and loads the chosen set's into the data slice through the same
 * actions a user's edits use, so parsing and column checks run exactly as for typed data.
 */
import type { StateCreator } from 'zustand/vanilla';
import { loadDemo } from '../demo/load-demo';
import { EMPTY_INPUTS, liveInputs, newDatasetName, rememberFitData, SINGLE_DATASET, type DataInputs } from './datasets';

import type { DatasetsSlice, WorkbenchState } from './workbench-types';
import type { WorkbenchStore } from './workbench-store';

/** Puts a data set's inputs into the data slice (the model and parameter rows are left as they are). */
export async function applyDataInputs(store: WorkbenchStore, data: DataInputs): Promise<void> {
  const get = store.getState;
  store.setState({
    dropMissing: data.dropMissing,
    parseOverrides: { delimiter: data.delimiter, decimal: data.decimal },
    fitError: null,
  });
  if (data.demo && data.text === '') {
    if (get().arraysDemo !== data.demo) {
      // A demo brings its own model and starts: the project's stay.
      const { modelText, rows, demoStart } = get();
      await loadDemo(store, data.demo);
      if (get().modelText !== modelText) get().setModelText(modelText);
      store.setState({ rows, demoStart });
    }
  } else if (data.text !== get().dataText || get().arraysDemo !== null) {
    get().setDataText(data.text);
    await get().commitData();
  }
  if (get().picks !== data.picks) get().setPicks(data.picks);
}

export function createDatasetsSlice(
  storeRef: () => WorkbenchStore,
): StateCreator<WorkbenchState, [], [], DatasetsSlice> {
  /** Moves the active set's inputs into the list and makes `next` (in `entries`' numbering) active. */
  const switchTo = async (entries: DatasetsSlice['datasets'], from: number | null, next: number): Promise<void> => {
    const store = storeRef();
    const s = store.getState();
    await s.commitData();
    let list = [...entries];
    if (from !== null) {
      const stashed = liveInputs(store.getState());
      rememberFitData(stashed, store.getState().fitData);
      list[from] = { ...list[from], inputs: stashed };
    }
    const target = list[next].inputs ?? EMPTY_INPUTS;
    list = list.map((e, k) => (k === next ? { ...e, inputs: null } : e));
    store.setState({ datasets: list, activeDataset: next });
    await applyDataInputs(store, target);
  };

  return (set, get) => ({
    datasets: SINGLE_DATASET,
    activeDataset: 0,

    async selectDataset(index) {
      const { datasets, activeDataset } = get();
      if (index === activeDataset || index < 0 || index >= datasets.length) return;
      await switchTo(datasets, activeDataset, index);
    },

    async addDataset() {
      const { datasets, activeDataset } = get();
      const entries = [
        ...datasets,
        { name: newDatasetName(datasets), inputs: { ...EMPTY_INPUTS, picks: get().picks } },
      ];
      await switchTo(entries, activeDataset, entries.length - 1);
    },

    async removeDataset(index) {
      const { datasets, activeDataset } = get();
      if (datasets.length < 2 || index < 0 || index >= datasets.length) return;
      if (index !== activeDataset) {
        set({
          datasets: datasets.filter((_, k) => k !== index),
          activeDataset: activeDataset > index ? activeDataset - 1 : activeDataset,
          fitError: null,
        });
        return;
      }
      // The active set goes: its neighbour (the one before, or the next) becomes active.
      const entries = datasets.filter((_, k) => k !== index);
      await switchTo(entries, null, Math.max(0, index - 1));
    },

    renameDataset(index, name) {
      const { datasets } = get();
      if (index < 0 || index >= datasets.length || datasets[index].name === name) return;
      set({ datasets: datasets.map((e, k) => (k === index ? { ...e, name } : e)) });
    },
  });
}
