/**
 * The workbench as one plain value: everything the user made (data, column roles, model,
 * parameter table, options, the shown fit and the fit history) and nothing derived (the
 * parsed table, the resolved model, errors are recomputed on restore). Autosave writes it,
 * undo/redo step through it, project files and share links carry it.
 */
import type { BackendChoice, LossName } from '../../core/api-types';
import { liveInputs, SINGLE_DATASET, type DataInputs, type DatasetEntry } from '../stores/datasets';
import type { DerivedRow } from '../stores/derived-rows';
import type { ParamRow } from '../stores/param-rows';
import type { MethodChoice, WorkbenchState } from '../stores/workbench-types';
import type { CompletedFit } from './completed-fit';
import { sameInputs } from './undo-history';

/**
 * 2: several data sets (datasets, activeDataset), the rows' expr and shared cells, and the
 * model part's `derived` (the derived quantities' definitions). Fits keep their intervals.
 */
export const SNAPSHOT_VERSION = 2;

export interface WorkbenchSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** The active data set's inputs. */
  data: DataInputs;
  /** Every data set in order; the active one's entry has inputs null (they are `data`). */
  datasets: readonly DatasetEntry[];
  activeDataset: number;
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
    data: liveInputs(s),
    datasets: s.datasets,
    activeDataset: s.activeDataset,
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

/** A parameter row as an older snapshot saved it: version 1 had no expr and shared cells. */
type StoredRow = Omit<ParamRow, 'expr' | 'shared'> & Partial<Pick<ParamRow, 'expr' | 'shared'>>;

/** A snapshot as version 1 saved it: one data set, rows without expr and shared, no derived quantities. */
export interface SnapshotV1 extends Omit<WorkbenchSnapshot, 'version' | 'datasets' | 'activeDataset' | 'model'> {
  version: 1;
  model: { text: string; rows: StoredRow[]; demoStart: Record<string, number> | null };
}

/**
 * A version 2 snapshot as either half of it was first written (never released, but builds of
 * either saved projects): data sets, expr and shared without `derived`, or `derived` with one
 * data set and rows without expr and shared.
 */
export interface SnapshotV2Part extends Omit<WorkbenchSnapshot, 'datasets' | 'activeDataset' | 'model'> {
  datasets?: readonly DatasetEntry[];
  activeDataset?: number;
  model: { text: string; rows: StoredRow[]; demoStart: Record<string, number> | null; derived?: DerivedRow[] };
}

/** Any snapshot that autosave, a project file or a share link may hold. */
export type StoredSnapshot = WorkbenchSnapshot | SnapshotV2Part | SnapshotV1;

function isCurrent(snap: StoredSnapshot): snap is WorkbenchSnapshot {
  return (
    snap.version === SNAPSHOT_VERSION &&
    Array.isArray(snap.datasets) &&
    typeof snap.activeDataset === 'number' &&
    Array.isArray(snap.model.derived) &&
    snap.model.rows.every((r) => typeof r.expr === 'string' && typeof r.shared === 'boolean')
  );
}

/**
 * Any saved snapshot (autosaved in IndexedDB, in a file, in a link) in the current version:
 * what an older one lacks gets its neutral value (one data set, untied unshared rows, no
 * derived quantities). A current snapshot is returned as it is (undo compares by reference).
 */
export function migrateSnapshot(snap: StoredSnapshot): WorkbenchSnapshot {
  if (isCurrent(snap)) return snap;
  const model = snap.model as SnapshotV2Part['model'];
  const { datasets, activeDataset } = snap as SnapshotV2Part;
  const hasSets = Array.isArray(datasets) && typeof activeDataset === 'number';
  return {
    ...snap,
    version: SNAPSHOT_VERSION,
    datasets: hasSets ? datasets : SINGLE_DATASET,
    activeDataset: hasSets ? activeDataset : 0,
    model: {
      ...model,
      rows: model.rows.map((r) => ({ ...r, expr: r.expr ?? '', shared: r.shared ?? false })),
      derived: Array.isArray(model.derived) ? model.derived : [],
    },
  };
}
