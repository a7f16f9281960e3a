/**
 * One open notebook: its cells' code (with the reader's edits), each cell's status and
 * outputs, the checked numbers of the prose, and the kernel that runs the cells. A zustand
 * store so the view re-renders per cell; the logic is here and tested without a browser.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { KernelStoppedError, type NotebookKernel } from '../../../runtime';
import type { CheckedNumber } from '../../../tutorials/notebook-markdown';
import {
  checksByCell,
  notebookCells,
  serializeNotebook,
  type ParsedNotebook,
} from '../../../tutorials/notebook-source';
import type { CellError, CellEvent, CellOutput } from '../../../worker/notebook-kernel-api';
import type { NotebookStore } from '../../../persistence';

export type CellStatus = 'idle' | 'running' | 'ok' | 'error';

export interface CellState {
  code: string;
  original: string;
  lang: 'js' | 'ts';
  status: CellStatus;
  outputs: CellOutput[];
  error: CellError | null;
  value: string | null;
  progress: { done: number; total: number; label?: string } | null;
  /** The checked numbers stated by the prose after this cell, and their live values. */
  checks: CheckedNumber[];
  checkValues: (number | string | null)[] | null;
}

export interface NotebookSessionState {
  cells: CellState[];
  /** A cell is running (run all included). */
  busy: boolean;
  /** What the kernel is doing, in words ("kernel restarted" after a stop). */
  kernelMessage: string;
  /** Cells may run: shipped notebooks are trusted; others after the reader agrees. */
  trusted: boolean;
  /** Library functions the notebook needs that the page does not have. */
  missing: string[];
  /** Edits have been read from storage (the editor is live). */
  loaded: boolean;
}

export interface NotebookSession {
  store: StoreApi<NotebookSessionState>;
  edit(index: number, code: string): void;
  runCell(index: number): Promise<boolean>;
  runAll(): Promise<void>;
  stop(): void;
  resetCell(index: number): void;
  resetNotebook(): Promise<void>;
  trust(): void;
  /** The notebook's Markdown with the reader's edits. */
  toMarkdown(): string;
  dispose(): void;
}

export interface SessionOptions {
  notebook: ParsedNotebook;
  /** The id edits are saved under (shipped: the notebook id; imported: its local id). */
  storageId: string;
  kernel: NotebookKernel;
  storage: NotebookStore;
  trusted: boolean;
  /** Called when the reader agrees to run an untrusted notebook. */
  onTrust?: () => void;
  saveDelayMs?: number;
}

/** Opens a session: the kernel starts on the first run; edits load from storage. */
export function createNotebookSession(options: SessionOptions): NotebookSession {
  const { notebook, kernel, storage, storageId } = options;
  const checks = checksByCell(notebook);
  const sourceCells = notebookCells(notebook);
  const available = new Set(kernel.functions);
  const store = createStore<NotebookSessionState>(() => ({
    cells: sourceCells.map((c, i) => ({
      code: c.code,
      original: c.code,
      lang: c.lang,
      status: 'idle',
      outputs: [],
      error: null,
      value: null,
      progress: null,
      checks: checks[i] ?? [],
      checkValues: null,
    })),
    busy: false,
    kernelMessage: 'kernel idle',
    trusted: options.trusted,
    missing: notebook.meta.requires.filter((name) => !available.has(name)),
    loaded: false,
  }));
  let disposed = false;
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  const patchCell = (index: number, patch: Partial<CellState> | ((c: CellState) => Partial<CellState>)) =>
    store.setState((s) => ({
      cells: s.cells.map((c, i) => (i === index ? { ...c, ...(typeof patch === 'function' ? patch(c) : patch) } : c)),
    }));

  void storage
    .loadEdits(storageId)
    .catch(() => ({}) as Record<number, string>)
    .then((edits) => {
      if (disposed) return;
      store.setState((s) => ({
        loaded: true,
        cells: s.cells.map((c, i) => (typeof edits[i] === 'string' ? { ...c, code: edits[i] } : c)),
      }));
    });

  const save = (index: number, code: string | null) => {
    clearTimeout(timers.get(index));
    timers.set(
      index,
      setTimeout(() => {
        timers.delete(index);
        void storage.saveCell(storageId, index, code).catch(() => undefined);
      }, options.saveDelayMs ?? 250),
    );
  };

  const canRun = () => {
    const s = store.getState();
    return s.trusted && s.missing.length === 0 && !disposed;
  };

  const runCell = async (index: number): Promise<boolean> => {
    const cell = store.getState().cells[index];
    if (!cell || !canRun() || store.getState().busy) return false;
    store.setState({ busy: true, kernelMessage: `running cell ${index + 1}` });
    patchCell(index, { status: 'running', outputs: [], error: null, value: null, progress: null, checkValues: null });
    const onEvent = (event: CellEvent) => {
      if (event.type === 'output') patchCell(index, (c) => ({ outputs: [...c.outputs, event.output] }));
      else patchCell(index, { progress: { done: event.done, total: event.total, label: event.label } });
    };
    try {
      const outcome = await kernel.run(
        { code: cell.code, lang: cell.lang, checks: cell.checks.map((c) => c.expression) },
        onEvent,
      );
      patchCell(index, {
        status: outcome.ok ? 'ok' : 'error',
        error: outcome.ok ? null : outcome.error,
        value: outcome.ok ? (outcome.value ?? null) : null,
        progress: null,
        checkValues: outcome.checks,
      });
      store.setState({ busy: false, kernelMessage: 'kernel idle' });
      return outcome.ok;
    } catch (e) {
      const stopped = e instanceof KernelStoppedError;
      patchCell(index, {
        status: 'error',
        progress: null,
        error: { name: stopped ? 'Stopped' : 'KernelError', message: e instanceof Error ? e.message : String(e) },
      });
      store.setState({
        busy: false,
        kernelMessage: stopped ? 'kernel restarted: variables were reset' : 'kernel error',
      });
      return false;
    }
  };

  return {
    store,
    edit(index, code) {
      patchCell(index, { code });
      const original = store.getState().cells[index]?.original;
      save(index, code === original ? null : code);
    },
    runCell,
    async runAll() {
      if (!canRun() || store.getState().busy) return;
      // A fresh kernel state, so "run all" means the same thing as a first visit.
      await kernel.reset();
      store.setState((s) => ({
        cells: s.cells.map((c) => ({ ...c, status: 'idle', outputs: [], error: null, value: null, checkValues: null })),
      }));
      const count = store.getState().cells.length;
      for (let i = 0; i < count; i++) {
        if (!(await runCell(i))) return;
      }
    },
    stop() {
      if (!store.getState().busy) return;
      kernel.stop();
    },
    resetCell(index) {
      const original = store.getState().cells[index]?.original ?? '';
      patchCell(index, { code: original, status: 'idle', outputs: [], error: null, value: null, checkValues: null });
      save(index, null);
    },
    async resetNotebook() {
      kernel.stop();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      store.setState((s) => ({
        busy: false,
        kernelMessage: 'kernel idle: notebook reset',
        cells: s.cells.map((c) => ({
          ...c,
          code: c.original,
          status: 'idle',
          outputs: [],
          error: null,
          value: null,
          progress: null,
          checkValues: null,
        })),
      }));
      await storage.clearEdits(storageId).catch(() => undefined);
    },
    trust() {
      store.setState({ trusted: true });
      options.onTrust?.();
    },
    toMarkdown() {
      return serializeNotebook(
        notebook,
        store.getState().cells.map((c) => c.code),
      );
    },
    dispose() {
      disposed = true;
      for (const [index, t] of timers) {
        clearTimeout(t);
        const cell = store.getState().cells[index];
        if (cell)
          void storage
            .saveCell(storageId, index, cell.code === cell.original ? null : cell.code)
            .catch(() => undefined);
      }
      timers.clear();
      kernel.dispose();
    },
  };
}
