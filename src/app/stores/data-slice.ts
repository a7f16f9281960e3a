/** The data slice: the text box, parsing (debounced while typing), column picks and validation. */
import type { StateCreator } from 'zustand/vanilla';
import { parseTable, selectColumns, type DataTable } from '../../core/data';
import { parsesOffThread, parseTableOffThread } from '../data-import/data-import-client';
import { FitbenchError } from '../../core/errors';
import { choosePicks, tableFromColumns, NO_PICKS } from './data-columns';
import { toFieldMessage } from './field-message';
import type { DataSlice, WorkbenchState } from './workbench-types';

/** Pause in typing before the box is parsed (a pasted file parses once, not per key). */
export const PARSE_DELAY_MS = 200;

export const createDataSlice: StateCreator<WorkbenchState, [], [], DataSlice> = (set, get) => {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;

  const validate = (): void => {
    const { table, picks, dropMissing } = get();
    const dataVersion = get().dataVersion + 1;
    if (!table) {
      set({ fitData: null, columnsError: null, missingRows: 0, dataVersion });
    } else {
      try {
        const fitData = selectColumns(table, {
          x: picks.x,
          y: picks.y || undefined,
          sigma: picks.sigma ?? undefined,
          dropNonFinite: dropMissing,
        });
        set({ fitData, columnsError: null, missingRows: fitData.droppedRows.length, dataVersion });
      } catch (e) {
        const count =
          e instanceof FitbenchError && e.code === 'DATA_NONFINITE' && typeof e.context?.count === 'number'
            ? e.context.count
            : 0;
        set({ fitData: null, columnsError: toFieldMessage(e), missingRows: count, dataVersion });
      }
    }
    get().refreshModel();
  };

  /** Counts parses: a slow parse that finishes after a newer one is dropped. */
  let parseSeq = 0;
  let inFlight: Promise<void> = Promise.resolve();

  const applyParsed = (table: DataTable): void => {
    const previous = get().table;
    const sameColumns = previous !== null && previous.columns.join('\u0000') === table.columns.join('\u0000');
    set({ table, dataError: null, parsing: false, picks: choosePicks(table, get().picks, !sameColumns) });
    validate();
  };

  const applyError = (e: unknown): void => {
    // The typed text stays in the box; only the parsed table goes.
    set({ table: null, dataError: { ...toFieldMessage(e), field: 'data' }, parsing: false });
    validate();
  };

  const parseNow = (): Promise<void> => {
    pending = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const seq = ++parseSeq;
    const text = get().dataText;
    if (text.trim() === '') {
      set({ table: null, dataError: null, parsing: false });
      validate();
      return Promise.resolve();
    }
    const { delimiter, decimal } = get().parseOverrides;
    const options = { delimiter: delimiter ?? undefined, decimal: decimal ?? undefined };
    if (!parsesOffThread(text)) {
      // Short text parses in well under a frame: at once, so the state is current when this returns.
      try {
        applyParsed(parseTable(text, options));
      } catch (e) {
        applyError(e);
      }
      return Promise.resolve();
    }
    const parsed = parseTableOffThread(text, options);
    set({ parsing: true });
    inFlight = parsed.then(
      (table) => {
        if (seq === parseSeq) applyParsed(table);
      },
      (e: unknown) => {
        if (seq === parseSeq) applyError(e);
      },
    );
    return inFlight;
  };

  return {
    dataText: '',
    arraysLabel: null,
    arraysDemo: null,
    table: null,
    dataError: null,
    picks: NO_PICKS,
    columnsError: null,
    fitData: null,
    dataVersion: 0,
    parsing: false,
    dropMissing: false,
    missingRows: 0,
    parseOverrides: { delimiter: null, decimal: null },

    setDataText(text) {
      set({ dataText: text, arraysLabel: null, arraysDemo: null, fitError: null });
      pending = true;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(parseNow, PARSE_DELAY_MS);
    },

    commitData() {
      if (pending) return parseNow();
      return get().parsing ? inFlight : Promise.resolve();
    },

    loadColumns(label, names, columns, picks) {
      if (timer !== null) clearTimeout(timer);
      pending = false;
      const table = tableFromColumns(names, columns);
      parseSeq++;
      set({
        dataText: '',
        arraysLabel: label,
        table,
        dataError: null,
        parsing: false,
        picks: choosePicks(table, picks, false),
      });
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

    setDropMissing(on) {
      set({ dropMissing: on, fitError: null });
      validate();
    },

    setParseOverrides(patch) {
      set({ parseOverrides: { ...get().parseOverrides, ...patch }, fitError: null });
      if (get().arraysLabel === null) void parseNow();
    },
  };
};
