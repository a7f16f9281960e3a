/**
 * The workbench as one plain value: everything the user made (data, column roles, model,
 * parameter table, options, the shown fit and the fit history) and nothing derived (the
 * parsed table, the resolved model, errors are recomputed on restore). Autosave writes it,
 * undo/redo step through it, project files and share links carry it.
 */
import type { BackendChoice, LossName } from '../../core/api-types';
import { SINGLE_DATASET, type DataInputs, type DatasetEntry } from '../stores/datasets';
import type { ParamRow } from '../stores/param-rows';
import type { MethodChoice, WorkbenchState } from '../stores/workbench-types';
import type { CompletedFit } from './completed-fit';
import { sameInputs } from './undo-history';

/** 2: several data sets (datasets, activeDataset) and the rows' expr and shared cells. */
export const SNAPSHOT_VERSION = 2;

export interface WorkbenchSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** The active data set's inputs. */
  data: DataInputs;
  /** Every data set in order; the active one's entry has inputs null (they are `data`). */
  datasets: readonly DatasetEntry[];
  activeDataset: number;
  model: { text: string; rows: ParamRow[]; demoStart: Record<string, number> | null };
  options: { method: MethodChoice; loss: LossName; fScale: string; backend: BackendChoice; maxIterations: string };
  /** The fit the result panels show. */
  shown: CompletedFit | null;
  history: CompletedFit[];
}

/** A snapshot as version 1 saved it: one data set, rows without expr and shared. */
export interface SnapshotV1 extends Omit<WorkbenchSnapshot, 'version' | 'datasets' | 'activeDataset' | 'model'> {
  version: 1;
  model: { text: string; rows: Omit<ParamRow, 'expr' | 'shared'>[]; demoStart: Record<string, number> | null };
}

/** Any saved snapshot (autosaved in IndexedDB, in a file, in a link) in the current version. */
export function migrateSnapshot(snap: WorkbenchSnapshot | SnapshotV1): WorkbenchSnapshot {
  if (snap.version === SNAPSHOT_VERSION) return snap;
  return {
    ...snap,
    version: SNAPSHOT_VERSION,
    datasets: SINGLE_DATASET,
    activeDataset: 0,
    model: { ...snap.model, rows: snap.model.rows.map((r) => ({ ...r, expr: '', shared: false })) },
  };
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
    datasets: s.datasets,
    activeDataset: s.activeDataset,
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
