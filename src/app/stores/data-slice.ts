/** The data slice: the text box, parsing (debounced while typing), column picks and validation. */
import type { StateCreator } from 'zustand/vanilla';
import { parseTable, selectColumns } from '../../core/data';
import { choosePicks, tableFromColumns, NO_PICKS } from './data-columns';
import { toFieldMessage } from './field-message';
import type { DataSlice, WorkbenchState } from './workbench-types';

/** Pause in typing before the box is parsed (a pasted file parses once, not per key). */
export const PARSE_DELAY_MS = 200;

export const createDataSlice: StateCreator<WorkbenchState, [], [], DataSlice> = (set, get) => {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;

  const validate = (): void => {
    const { table, picks } = get();
    if (!table) {
      set({ fitData: null, columnsError: null, dataVersion: get().dataVersion + 1 });
    } else {
      try {
        const fitData = selectColumns(table, { x: picks.x, y: picks.y || undefined, sigma: picks.sigma ?? undefined });
        set({ fitData, columnsError: null, dataVersion: get().dataVersion + 1 });
      } catch (e) {
        set({ fitData: null, columnsError: toFieldMessage(e), dataVersion: get().dataVersion + 1 });
      }
    }
    get().refreshModel();
  };

  const parseNow = (): void => {
    pending = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const text = get().dataText;
    if (text.trim() === '') {
      set({ table: null, dataError: null });
      validate();
      return;
    }
    try {
      const table = parseTable(text);
      const previous = get().table;
      const sameColumns = previous !== null && previous.columns.join('\u0000') === table.columns.join('\u0000');
      set({ table, dataError: null, picks: choosePicks(table, get().picks, !sameColumns) });
    } catch (e) {
      // The typed text stays in the box; only the parsed table goes.
      set({ table: null, dataError: toFieldMessage(e) });
    }
    validate();
  };

  return {
    dataText: '',
    arraysLabel: null,
    table: null,
    dataError: null,
    picks: NO_PICKS,
    columnsError: null,
    fitData: null,
    dataVersion: 0,

    setDataText(text) {
      set({ dataText: text, arraysLabel: null, fitError: null });
      pending = true;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(parseNow, PARSE_DELAY_MS);
    },

    commitData() {
      if (pending) parseNow();
    },

    loadColumns(label, names, columns, picks) {
      if (timer !== null) clearTimeout(timer);
      pending = false;
      const table = tableFromColumns(names, columns);
      set({ dataText: '', arraysLabel: label, table, dataError: null, picks: choosePicks(table, picks, false) });
      validate();
    },

    setPicks(patch) {
      const picks = { ...get().picks, ...patch };
      // One column cannot play two roles: the newly chosen role wins.
      if (patch.y !== undefined) {
        picks.x = picks.x.filter((c) => c !== patch.y);
        if (picks.sigma === patch.y) picks.sigma = null;
      }
      if (patch.x !== undefined) {
        if (patch.x.includes(picks.y)) picks.y = '';
        if (picks.sigma !== null && patch.x.includes(picks.sigma)) picks.sigma = null;
      }
      if (patch.sigma && patch.sigma === picks.y) picks.y = '';
      set({ picks, fitError: null });
      validate();
    },
  };
};
