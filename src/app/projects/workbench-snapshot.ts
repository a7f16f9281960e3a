/**
 * The workbench as one plain value: everything the user made (data, column roles, model,
 * parameter table, options, the shown fit and the fit history) and nothing derived (the
 * parsed table, the resolved model, errors are recomputed on restore). Autosave writes it,
 * undo/redo step through it, project files and share links carry it.
 */
import type { BackendChoice, LossName } from '../../core/api-types';
import type { DecimalMark, Delimiter } from '../../core/data';
import type { ColumnPicks } from '../stores/data-columns';
import type { ParamRow } from '../stores/param-rows';
import type { MethodChoice, WorkbenchState } from '../stores/workbench-types';
import type { CompletedFit } from './completed-fit';
import { sameInputs } from './undo-history';

export const SNAPSHOT_VERSION = 1;

export interface WorkbenchSnapshot {
  version: typeof SNAPSHOT_VERSION;
  data: {
    text: string;
    /** A generated demo too large for the text box, regenerated on restore (seeded: same points). */
    demo: string | null;
    picks: ColumnPicks;
    dropMissing: boolean;
    delimiter: Delimiter | null;
    decimal: DecimalMark | null;
  };
  model: { text: string; rows: ParamRow[]; demoStart: Record<string, number> | null };
  options: { method: MethodChoice; loss: LossName; fScale: string; backend: BackendChoice; maxIterations: string };
  /** The fit the result panels show. */
  shown: CompletedFit | null;
  history: CompletedFit[];
}

/** The snapshot of a store state. Cheap: it shares the state's strings and arrays. */
export function snapshotOf(s: WorkbenchState): WorkbenchSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    data: {
      text: s.dataText,
      demo: s.arraysDemo,
      picks: s.picks,
      dropMissing: s.dropMissing,
      delimiter: s.parseOverrides.delimiter,
      decimal: s.parseOverrides.decimal,
    },
    model: { text: s.modelText, rows: s.rows, demoStart: s.demoStart },
    options: {
      method: s.method,
      loss: s.loss,
      fScale: s.fScale,
      backend: s.backend,
      maxIterations: s.maxIterations,
    },
    shown: s.fit?.completed ?? null,
    history: s.history,
  };
}

/** Whether two snapshots hold the same inputs and fits (by reference: the store never mutates). */
export function sameSnapshot(a: WorkbenchSnapshot, b: WorkbenchSnapshot): boolean {
  return sameInputs(a, b) && a.shown === b.shown && a.history === b.history;
}
