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

type DerivedContext = Pick<WorkbenchState, 'derived' | 'model' | 'datasets' | 'rows'>;

/**
 * The names a derived quantity may read: the model's parameters, or with several data sets
 * the global fit's (a shared q keeps its name, every other one is q_1, q_2… per data set).
 */
export function derivedParamNames(s: Omit<DerivedContext, 'derived'>): readonly string[] | null {
  const names = s.model?.paramNames;
  if (!names) return null;
  const sets = s.datasets.length;
  if (sets <= 1) return names;
  const shared = new Set(s.rows.filter((r) => r.shared).map((r) => r.name));
  return names.flatMap((q) => (shared.has(q) ? [q] : Array.from({ length: sets }, (_, k) => `${q}_${k + 1}`)));
}

/** The errors of the derived rows against the current model (what the panel shows). */
export function derivedErrorsOf(s: DerivedContext): ReturnType<typeof derivedRowErrors> {
  const sets = s.datasets.length;
  const perDataset =
    sets > 1 ? (s.model?.paramNames ?? []).filter((q) => !s.rows.some((r) => r.name === q && r.shared)) : [];
  return derivedRowErrors(s.derived, derivedParamNames(s), s.model?.predictorNames ?? [], perDataset);
}

/** FitProblem.derived of the panel, or the first row's error (EXPRESSION_INVALID naming its field). */
export function derivedForProblem(s: DerivedContext): Record<string, string> | undefined {
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
