/**
 * The workbench as one plain value: everything the user made (data, column roles, model,
 * parameter table, options, the shown fit and the fit history) and nothing derived (the
 * parsed table, the resolved model, errors are recomputed on restore). Autosave writes it,
 * undo/redo step through it, project files and share links carry it.
 */
import type { BackendChoice, LossName } from '../../core/api-types';
import type { DecimalMark, Delimiter } from '../../core/data';
import type { ColumnPicks } from '../stores/data-columns';
import type { DerivedRow } from '../stores/derived-rows';
import type { ParamRow } from '../stores/param-rows';
import type { MethodChoice, WorkbenchState } from '../stores/workbench-types';
import type { CompletedFit } from './completed-fit';
import { sameInputs } from './undo-history';

/** 2: the model part gained `derived` (the derived quantities' definitions). */
export const SNAPSHOT_VERSION = 2;

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
  model: { text: string; rows: ParamRow[]; demoStart: Record<string, number> | null; derived: DerivedRow[] };
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
    model: { text: s.modelText, rows: s.rows, demoStart: s.demoStart, derived: s.derived },
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

/** A snapshot of version 1 (before derived quantities) as the current version. */
export interface SnapshotV1 extends Omit<WorkbenchSnapshot, 'version' | 'model'> {
  version: 1;
  model: Omit<WorkbenchSnapshot['model'], 'derived'>;
}

/** Brings a stored snapshot (autosave, file, link) of an older version to the current one. */
export function upgradeSnapshot(snap: WorkbenchSnapshot | SnapshotV1): WorkbenchSnapshot {
  if (snap.version === SNAPSHOT_VERSION && Array.isArray(snap.model.derived)) return snap;
  return { ...snap, version: SNAPSHOT_VERSION, model: { ...snap.model, derived: [] } };
}
