/**
 * The model slice: the model field, its resolution (library or expression), and the
 * parameter rows, which survive model edits for every parameter that survives.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { DataTable, FitData } from '../../core/data';
import { pickableColumns, type ColumnPicks } from './data-columns';
import { toFieldMessage } from './field-message';
import type { ModelInfo } from './model-text';
import { resolveModelText } from './model-text';
import { exprErrors } from './param-expressions';
import {
  applyGuess,
  isTied,
  mergeParamRows,
  parseBoundText,
  parseValueText,
  type ParamRow,
  type RowFill,
} from './param-rows';
import type { ModelSlice, WorkbenchState } from './workbench-types';

/** Retired rows kept for a parameter that may come back (typing "mu" → "m" → "mu"). */
const MAX_RETIRED = 64;

/** The library guess on the chosen data (first predictor), or null when it cannot be made. */
export function guessFor(model: ModelInfo | null, data: FitData | null): Record<string, number> | null {
  if (!model?.guess || !data) return null;
  const x = data.predictors[data.predictorNames[0]];
  if (!x) return null;
  try {
    return model.guess(x, data.y);
  } catch {
    // A guess is a convenience: a failing one leaves the values as they are.
    return null;
  }
}

/** The message of a row's first bad cell, or null (a tied row's start and bounds are not used). */
export function rowError(row: ParamRow): string | null {
  if (isTied(row)) return null;
  try {
    parseValueText(row.name, row.value);
    const lo = parseBoundText(row.name, row.min, 'min');
    const hi = parseBoundText(row.name, row.max, 'max');
    if (lo > hi) return `min ${lo} is above max ${hi}`;
    return null;
  } catch (e) {
    return toFieldMessage(e).message;
  }
}

/** Every row's message (bad cells, then bad `expr`s), by parameter name. */
export function paramErrorsOf(rows: readonly ParamRow[], datasetCount: number): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const r of rows) {
    const message = rowError(r);
    if (message) errors[r.name] = message;
  }
  for (const [name, message] of Object.entries(exprErrors(rows, { datasetCount }))) errors[name] ??= message;
  return errors;
}

/** Parameters named like a data column that is not an x column: almost surely meant as data. */
export function columnsUsedAsParams(
  model: ModelInfo,
  table: DataTable | null,
  picks: Pick<ColumnPicks, 'x'>,
): string[] {
  if (!table || model.kind !== 'expression') return [];
  const columns = new Set(pickableColumns(table));
  return model.paramNames.filter((n) => columns.has(n) && !picks.x.includes(n));
}

export const createModelSlice: StateCreator<WorkbenchState, [], [], ModelSlice> = (set, get) => {
  let guessedFor: { model: string; dataVersion: number } | null = null;

  return {
    modelText: '',
    model: null,
    modelError: null,
    rows: [],
    retiredRows: {},
    paramErrors: {},
    demoStart: null,
    columnParams: [],

    useColumnAsPredictor(column) {
      const { picks } = get();
      if (picks.x.includes(column)) return;
      // A model that names its columns reads the first one by name too, not as `x`.
      get().setPicks({ x: [...picks.x, column] });
    },

    setModelText(text) {
      set({ modelText: text, fitError: null });
      get().refreshModel();
    },

    refreshModel() {
      const { modelText, picks, rows, retiredRows, fitData, dataVersion, demoStart } = get();
      if (modelText.trim() === '') {
        set({ model: null, modelError: null, columnParams: [] });
        return;
      }
      let model: ModelInfo;
      try {
        model = resolveModelText(modelText, picks.x);
      } catch (e) {
        // The rows stay as they are while the expression is being typed.
        set({ model: null, modelError: { ...toFieldMessage(e), field: 'model' }, columnParams: [] });
        return;
      }
      const key = { model: model.expression, dataVersion };
      const fresh = !guessedFor || guessedFor.model !== key.model || guessedFor.dataVersion !== key.dataVersion;
      const guess = fresh ? guessFor(model, fitData) : null;
      if (fresh) guessedFor = key;
      const pool = new Map<string, ParamRow>(Object.entries(retiredRows));
      for (const r of rows) pool.set(r.name, r);
      const fill = (name: string): RowFill => {
        const start = demoStart?.[name];
        if (start !== undefined) return { value: start, source: 'demo', bounds: model.defaultBounds[name] };
        const g = guess?.[name] ?? guessFor(model, fitData)?.[name];
        if (g !== undefined && Number.isFinite(g))
          return { value: g, source: 'guess', bounds: model.defaultBounds[name] };
        return { value: model.typical[name] ?? 1, source: 'default', bounds: model.defaultBounds[name] };
      };
      let next = mergeParamRows([...pool.values()], model.paramNames, fill);
      if (guess) next = applyGuess(next, guess, false);
      const retired: Record<string, ParamRow> = {};
      for (const [name, row] of pool) if (!model.paramNames.includes(name)) retired[name] = row;
      const names = Object.keys(retired);
      for (const name of names.slice(0, Math.max(0, names.length - MAX_RETIRED))) delete retired[name];
      const paramErrors = paramErrorsOf(next, get().datasets.length);
      const columnParams = columnsUsedAsParams(model, get().table, picks);
      set({ model, modelError: null, rows: next, retiredRows: retired, paramErrors, columnParams });
    },

    editParam(name, patch) {
      const rows = get().rows.map((r) =>
        r.name === name
          ? { ...r, ...patch, valueSource: patch.value !== undefined ? ('user' as const) : r.valueSource }
          : r,
      );
      set({ rows, paramErrors: paramErrorsOf(rows, get().datasets.length), fitError: null });
    },

    guessParams() {
      const guess = guessFor(get().model, get().fitData);
      if (!guess) return;
      const rows = applyGuess(get().rows, guess, true);
      set({ rows, paramErrors: paramErrorsOf(rows, get().datasets.length) });
    },
  };
};
