/**
 * The open project: autosaves the workbench to IndexedDB (a short pause after each change),
 * restores it on reload, keeps the named project list, and runs undo/redo. It also records
 * every finished fit of the followed job in the project's history.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  openWorkbenchProjects,
  type WorkbenchProjects,
  type WorkbenchProjectSummary,
} from '../../persistence/workbench-projects';
import type { ServiceStore } from '../stores/service-store';
import { findJob } from '../stores/service-store';
import type { WorkbenchStore } from '../stores/workbench-store';
import { completedFitOf } from './completed-fit';
import { UndoHistory, UNDO_GROUP_MS } from './undo-history';
import {
  migrateSnapshot,
  sameSnapshot,
  snapshotOf,
  type StoredSnapshot,
  type WorkbenchSnapshot,
} from './workbench-snapshot';

/** Pause after the last change before the project is written. */
export const AUTOSAVE_MS = 500;

export interface ProjectsState {
  /** False until the saved project (if any) has been restored. */
  ready: boolean;
  projects: WorkbenchProjectSummary[];
  currentId: string | null;
  currentName: string;
  saving: 'saved' | 'pending' | 'error' | 'off';
  /** Why saving or loading failed (storage unavailable, quota). */
  error: string | null;
  canUndo: boolean;
  canRedo: boolean;
}

export interface ProjectSession {
  state: StoreApi<ProjectsState>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  newProject(name?: string): Promise<void>;
  openProject(id: string): Promise<void>;
  renameProject(id: string, name: string): Promise<void>;
  duplicateProject(id: string): Promise<void>;
  deleteProject(id: string): Promise<void>;
  /** Opens a snapshot (an imported file, a share link) as a new project. */
  openSnapshot(snapshot: WorkbenchSnapshot, name: string): Promise<void>;
  /** Writes pending changes now. */
  flush(): Promise<void>;
  dispose(): void;
}

export interface ProjectSessionOptions {
  /** Start a new project instead of reopening the last one (the page was opened on a demo or a link). */
  startFresh?: string | null;
  /** A share link's fragment (after #/share/), opened as a new project. */
  shareFragment?: string | null;
  dbName?: string;
}

const UNTITLED = 'Untitled project';

export function createProjectSession(
  workbench: WorkbenchStore,
  service: ServiceStore,
  options: ProjectSessionOptions = {},
): ProjectSession {
  const state = createStore<ProjectsState>()(() => ({
    ready: false,
    projects: [],
    currentId: null,
    currentName: UNTITLED,
    saving: 'saved',
    error: null,
    canUndo: false,
    canRedo: false,
  }));
  const initialSnapshot = snapshotOf(workbench.getState());
  const history = new UndoHistory(initialSnapshot);
  let db: WorkbenchProjects<WorkbenchSnapshot> | null = null;
  let saved: WorkbenchSnapshot = initialSnapshot;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let undoTimer: ReturnType<typeof setTimeout> | null = null;
  /** While a snapshot is being put into the store: its changes are not edits. */
  let restoring = false;
  let disposed = false;

  const publishUndo = (): void => {
    const { canUndo, canRedo } = state.getState();
    if (canUndo !== history.canUndo || canRedo !== history.canRedo)
      state.setState({ canUndo: history.canUndo, canRedo: history.canRedo });
  };

  const writeNow = async (): Promise<void> => {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = null;
    const { currentId } = state.getState();
    if (!db || !currentId) return;
    const snap = snapshotOf(workbench.getState());
    if (sameSnapshot(snap, saved)) {
      if (state.getState().saving === 'pending') state.setState({ saving: 'saved' });
      return;
    }
    try {
      await db.save(currentId, snap);
      saved = snap;
      state.setState({ saving: 'saved', error: null });
      await refreshList();
    } catch (e) {
      state.setState({ saving: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  };

  const refreshList = async (): Promise<void> => {
    if (!db) return;
    const projects = await db.list();
    const current = projects.find((p) => p.id === state.getState().currentId);
    state.setState({ projects, currentName: current?.name ?? state.getState().currentName });
  };

  const offWorkbench = workbench.subscribe((s) => {
    if (restoring) return;
    const snap = snapshotOf(s);
    if (history.observe(snap)) {
      if (undoTimer !== null) clearTimeout(undoTimer);
      undoTimer = setTimeout(() => {
        undoTimer = null;
        history.commit();
        publishUndo();
      }, UNDO_GROUP_MS);
    }
    publishUndo();
    if (db && !sameSnapshot(snap, saved)) {
      if (state.getState().saving !== 'pending') state.setState({ saving: 'pending' });
      if (saveTimer !== null) clearTimeout(saveTimer);
      saveTimer = setTimeout(() => void writeNow(), AUTOSAVE_MS);
    }
  });

  // Finished fits of the followed job go into the project (shown, and first in the history).
  const offService = service.subscribe((s) => {
    const fit = workbench.getState().fit;
    if (!fit || fit.completed) return;
    const job = findJob(s.snapshot, fit.jobId);
    if (!job) return;
    const done = completedFitOf(job, fit.problem, fit);
    if (done) workbench.getState().recordCompleted(done);
  });

  const restore = async (stored: StoredSnapshot, inputsOnly: boolean): Promise<void> => {
    // Projects autosaved by an older version are read in the current format.
    const snap = migrateSnapshot(stored);
    restoring = true;
    try {
      await workbench.getState().restoreSnapshot(snap, { inputsOnly });
    } finally {
      restoring = false;
    }
    const now = snapshotOf(workbench.getState());
    history.settle(now);
    publishUndo();
    if (!inputsOnly) saved = now;
    else {
      state.setState({ saving: 'pending' });
      void writeNow();
    }
  };

  const pristine = (): boolean => sameSnapshot(snapshotOf(workbench.getState()), initialSnapshot);

  const open = async (): Promise<void> => {
    try {
      db = await openWorkbenchProjects<WorkbenchSnapshot>(options.dbName ? { name: options.dbName } : {});
    } catch (e) {
      state.setState({ ready: true, saving: 'off', error: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (disposed) return;
    try {
      if (options.shareFragment) {
        try {
          // The file format (and zod) load only when a link is opened.
          const { readShareFragment } = await import('./project-file');
          const shared = await readShareFragment(options.shareFragment);
          await session.openSnapshot(shared.snapshot, `${shared.name} (shared)`);
        } catch (e) {
          state.setState({
            error: `The share link could not be opened: ${e instanceof Error ? e.message : String(e)}`,
          });
          const created = await db.create(UNTITLED, snapshotOf(workbench.getState()));
          state.setState({ currentId: created.id, currentName: created.name });
        }
      } else if (options.startFresh) {
        // The demo fills the store itself; the new project saves it as it arrives.
        const created = await db.create(options.startFresh, snapshotOf(workbench.getState()));
        state.setState({ currentId: created.id, currentName: created.name });
      } else {
        const id = await db.currentId();
        const record = id ? await db.get(id) : undefined;
        if (record && pristine()) {
          state.setState({ currentId: record.id, currentName: record.name });
          await restore(record.snapshot, false);
          history.reset(snapshotOf(workbench.getState()));
          publishUndo();
        } else {
          const created = await db.create(UNTITLED, snapshotOf(workbench.getState()));
          state.setState({ currentId: created.id, currentName: created.name });
        }
      }
      await refreshList();
    } catch (e) {
      state.setState({ saving: 'error', error: e instanceof Error ? e.message : String(e) });
    }
    state.setState({ ready: true });
    // Edits made while the database opened are saved now.
    void writeNow();
  };

  const blank = (): WorkbenchSnapshot => ({ ...initialSnapshot, history: [], shown: null });

  const session: ProjectSession = {
    state,
    async undo() {
      if (undoTimer !== null) clearTimeout(undoTimer);
      undoTimer = null;
      const snap = history.undo();
      if (snap) await restore(snap, true);
      publishUndo();
    },
    async redo() {
      if (undoTimer !== null) clearTimeout(undoTimer);
      undoTimer = null;
      const snap = history.redo();
      if (snap) await restore(snap, true);
      publishUndo();
    },
    async newProject(name = UNTITLED) {
      await session.openSnapshot(blank(), name);
    },
    async openProject(id) {
      if (!db) return;
      await writeNow();
      const record = await db.get(id);
      if (!record) return;
      await db.setCurrentId(id);
      state.setState({ currentId: id, currentName: record.name });
      await restore(record.snapshot, false);
      history.reset(snapshotOf(workbench.getState()));
      publishUndo();
      await refreshList();
    },
    async renameProject(id, name) {
      if (!db || name.trim() === '') return;
      await db.rename(id, name.trim());
      if (state.getState().currentId === id) state.setState({ currentName: name.trim() });
      await refreshList();
    },
    async duplicateProject(id) {
      if (!db) return;
      await writeNow();
      const record = await db.get(id);
      if (!record) return;
      const copy = await db.create(`${record.name} (copy)`, record.snapshot);
      await session.openProject(copy.id);
    },
    async deleteProject(id) {
      if (!db) return;
      const wasOpen = state.getState().currentId === id;
      if (wasOpen) {
        // A pending autosave of the deleted project must not write it back.
        if (saveTimer !== null) clearTimeout(saveTimer);
        saveTimer = null;
        state.setState({ currentId: null });
      }
      try {
        await db.remove(id);
      } catch (e) {
        if (wasOpen) state.setState({ currentId: id });
        state.setState({ saving: 'error', error: e instanceof Error ? e.message : String(e) });
        return;
      }
      if (wasOpen) {
        const rest = (await db.list()).filter((p) => p.id !== id);
        if (rest.length > 0) await session.openProject(rest[0].id);
        else await session.newProject();
      }
      await refreshList();
    },
    async openSnapshot(snapshot, name) {
      if (!db) {
        await restore(snapshot, false);
        return;
      }
      await writeNow();
      const created = await db.create(name, snapshot);
      state.setState({ currentId: created.id, currentName: created.name });
      await restore(snapshot, false);
      history.reset(snapshotOf(workbench.getState()));
      publishUndo();
      await refreshList();
    },
    flush: writeNow,
    dispose() {
      disposed = true;
      offWorkbench();
      offService();
      if (saveTimer !== null) clearTimeout(saveTimer);
      if (undoTimer !== null) clearTimeout(undoTimer);
      db?.close();
    },
  };
  void open();
  return session;
}
