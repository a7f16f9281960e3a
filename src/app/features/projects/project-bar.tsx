import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { snapshotOf } from '../../projects/workbench-snapshot';
import { useServices } from '../../stores/hooks';
import { downloadText } from '../../exports/download-text';

/** True when the key event asks for undo (Ctrl/Cmd+Z) or redo (Ctrl/Cmd+Shift+Z, Ctrl+Y). */
export function undoKey(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const k = e.key.toLowerCase();
  if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (k === 'y' && !e.shiftKey) return 'redo';
  return null;
}

/** The open project: its name, the project list, new/duplicate/delete, undo/redo and the save state. */
export function ProjectBar() {
  const { projects, workbench } = useServices();
  const state = useStore(projects.state);
  const [naming, setNaming] = useState<string | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const { readProjectFile } = await import('../../projects/project-file');
      const { name, snapshot } = readProjectFile(await file.text());
      setImportError(null);
      await projects.openSnapshot(snapshot, name);
    } catch (e) {
      setImportError(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = undoKey(e);
      if (!action) return;
      // The workbench's undo covers every field (the inputs are views of its state).
      e.preventDefault();
      void (action === 'undo' ? projects.undo() : projects.redo());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [projects]);

  const id = state.currentId;
  const saveText =
    state.saving === 'saved'
      ? 'saved'
      : state.saving === 'pending'
        ? 'saving…'
        : state.saving === 'off'
          ? 'not saved (storage unavailable)'
          : `not saved: ${state.error ?? 'error'}`;
  return (
    <section className="project-bar" aria-label="Project">
      <div className="project-name">
        {naming === null ? (
          <button
            type="button"
            className="link-button"
            data-testid="project-name"
            title="Rename the project"
            onClick={() => setNaming(state.currentName)}
            disabled={!id}
          >
            {state.currentName}
          </button>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (id) void projects.renameProject(id, naming);
              setNaming(null);
            }}
          >
            <input
              data-testid="project-name-input"
              aria-label="Project name"
              value={naming}
              autoFocus
              onChange={(e) => setNaming(e.target.value)}
              onBlur={() => {
                if (id) void projects.renameProject(id, naming);
                setNaming(null);
              }}
              onKeyDown={(e) => e.key === 'Escape' && setNaming(null)}
            />
          </form>
        )}
        <span className={`save-state save-${state.saving}`} data-testid="save-state" data-state={state.saving}>
          {saveText}
        </span>
      </div>
      <div className="project-tools">
        <button
          type="button"
          className="small"
          data-testid="undo"
          aria-keyshortcuts="Control+Z"
          aria-disabled={!state.canUndo}
          title="Undo (Ctrl+Z)"
          onClick={() => void projects.undo()}
        >
          Undo
        </button>
        <button
          type="button"
          className="small"
          data-testid="redo"
          aria-keyshortcuts="Control+Shift+Z"
          aria-disabled={!state.canRedo}
          title="Redo (Ctrl+Shift+Z)"
          onClick={() => void projects.redo()}
        >
          Redo
        </button>
        <label className="project-select">
          <span className="sr-only">Open project</span>
          <select
            data-testid="project-list"
            value={id ?? ''}
            onChange={(e) => e.target.value && void projects.openProject(e.target.value)}
          >
            {state.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} · {new Date(p.updatedAt).toLocaleString()}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="small" data-testid="project-new" onClick={() => void projects.newProject()}>
          New
        </button>
        <button
          type="button"
          className="small"
          data-testid="project-duplicate"
          disabled={!id}
          onClick={() => id && void projects.duplicateProject(id)}
        >
          Duplicate
        </button>
        <button
          type="button"
          className="small"
          data-testid="project-export"
          title="Save the project as a JSON file (with a checksum)"
          onClick={async () => {
            await projects.flush();
            const { projectFileText } = await import('../../projects/project-file');
            downloadText(
              `${state.currentName.replace(/[^\w.-]+/g, '-') || 'project'}.fitbench.json`,
              projectFileText(state.currentName, snapshotOf(workbench.getState())),
              'application/json',
            );
          }}
        >
          Export
        </button>
        <button type="button" className="small" data-testid="project-import" onClick={() => fileInput.current?.click()}>
          Import…
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          accept=".json,application/json"
          data-testid="project-import-input"
          onChange={(e) => {
            void importFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <button
          type="button"
          className="small"
          data-testid="project-delete"
          disabled={!id}
          onClick={() => {
            if (id && window.confirm(`Delete the project “${state.currentName}”? This cannot be undone.`))
              void projects.deleteProject(id);
          }}
        >
          Delete
        </button>
      </div>
      {(importError ?? state.error) && (
        <div className="field-error project-error" role="alert" data-testid="project-error">
          {importError ?? state.error}
        </div>
      )}
    </section>
  );
}
