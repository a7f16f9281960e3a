/** The derived-quantities slice: the named expressions the fit reports with delta-method errors. */
import type { StateCreator } from 'zustand/vanilla';
import { FitbenchError } from '../../core/errors';
import { derivedRecord, derivedRowErrors, type DerivedRow } from './derived-rows';
import type { DerivedSlice, WorkbenchState } from './workbench-types';

export const createDerivedSlice: StateCreator<WorkbenchState, [], [], DerivedSlice> = (set, get) => ({
  derived: [],
  addDerived(row = {}) {
    set({ derived: [...get().derived, { name: row.name ?? '', expr: row.expr ?? '' }], fitError: null });
  },
  editDerived(index, patch) {
    const rows = get().derived;
    if (index < 0 || index >= rows.length) return;
    set({ derived: rows.map((r, i) => (i === index ? { ...r, ...patch } : r)), fitError: null });
  },
  removeDerived(index) {
    set({ derived: get().derived.filter((_, i) => i !== index), fitError: null });
  },
});

/** The errors of the derived rows against the current model (what the panel shows). */
export function derivedErrorsOf(s: Pick<WorkbenchState, 'derived' | 'model'>): ReturnType<typeof derivedRowErrors> {
  return derivedRowErrors(s.derived, s.model?.paramNames ?? null, s.model?.predictorNames ?? []);
}

/** FitProblem.derived of the panel, or the first row's error (EXPRESSION_INVALID naming its field). */
export function derivedForProblem(s: Pick<WorkbenchState, 'derived' | 'model'>): Record<string, string> | undefined {
  const errors = derivedErrorsOf(s);
  const i = errors.findIndex((e) => e !== null);
  if (i >= 0) {
    const e = errors[i] ?? {};
    const row: DerivedRow = s.derived[i];
    const label = row.name.trim() || `number ${i + 1}`;
    throw new FitbenchError('EXPRESSION_INVALID', `Derived quantity ${label}: ${e.name ?? e.expr ?? ''}`, {
      field: e.name ? `derived-name-${i}` : `derived-expr-${i}`,
    });
  }
  return derivedRecord(s.derived);
}
