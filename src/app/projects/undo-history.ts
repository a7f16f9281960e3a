/**
 * Undo/redo over the workbench's inputs. Edits that come in a burst (typing a number) are
 * one step: a change is committed after a pause, or at once when undo/redo is asked for.
 * Steps are snapshots sharing the store's immutable strings and arrays, so they cost little.
 */
import type { WorkbenchSnapshot } from './workbench-snapshot';

/** Pause that ends one undo step. */
export const UNDO_GROUP_MS = 400;
const MAX_STEPS = 200;

export function sameInputs(a: WorkbenchSnapshot, b: WorkbenchSnapshot): boolean {
  return (
    a.data.text === b.data.text &&
    a.data.demo === b.data.demo &&
    a.data.picks === b.data.picks &&
    a.data.dropMissing === b.data.dropMissing &&
    a.data.delimiter === b.data.delimiter &&
    a.data.decimal === b.data.decimal &&
    a.datasets === b.datasets &&
    a.activeDataset === b.activeDataset &&
    a.model.text === b.model.text &&
    a.model.rows === b.model.rows &&
    a.model.derived === b.model.derived &&
    a.options.method === b.options.method &&
    a.options.loss === b.options.loss &&
    a.options.fScale === b.options.fScale &&
    a.options.backend === b.options.backend &&
    a.options.maxIterations === b.options.maxIterations
  );
}

export class UndoHistory {
  private undoStack: WorkbenchSnapshot[] = [];
  private redoStack: WorkbenchSnapshot[] = [];
  private committed: WorkbenchSnapshot;
  private latest: WorkbenchSnapshot;

  constructor(initial: WorkbenchSnapshot) {
    this.committed = initial;
    this.latest = initial;
  }

  /** Starts over from `snapshot` (a project was opened). */
  reset(snapshot: WorkbenchSnapshot): void {
    this.undoStack = [];
    this.redoStack = [];
    this.committed = snapshot;
    this.latest = snapshot;
  }

  /** After a restore: the store's state is the committed step (no new step for the restore itself). */
  settle(snapshot: WorkbenchSnapshot): void {
    this.committed = snapshot;
    this.latest = snapshot;
  }

  /** Notes the current state; returns true when it differs from the last committed step. */
  observe(snapshot: WorkbenchSnapshot): boolean {
    this.latest = snapshot;
    return !sameInputs(snapshot, this.committed);
  }

  /** Ends the pending step (if the inputs changed since the last one). */
  commit(): void {
    if (sameInputs(this.latest, this.committed)) return;
    this.undoStack.push(this.committed);
    if (this.undoStack.length > MAX_STEPS) this.undoStack.shift();
    this.redoStack = [];
    this.committed = this.latest;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0 || !sameInputs(this.latest, this.committed);
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0 && sameInputs(this.latest, this.committed);
  }

  /** The snapshot to restore for one step back, or null. */
  undo(): WorkbenchSnapshot | null {
    this.commit();
    const previous = this.undoStack.pop();
    if (!previous) return null;
    this.redoStack.push(this.committed);
    this.committed = previous;
    this.latest = previous;
    return previous;
  }

  redo(): WorkbenchSnapshot | null {
    this.commit();
    const next = this.redoStack.pop();
    if (!next) return null;
    this.undoStack.push(this.committed);
    this.committed = next;
    this.latest = next;
    return next;
  }
}
