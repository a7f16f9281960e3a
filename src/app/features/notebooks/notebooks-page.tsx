import { useEffect, useState } from 'react';
import type { ImportedNotebookRecord } from '../../../persistence';
import { findNotebook, NOTEBOOKS } from '../../../tutorials/notebook-catalog';
import { parseNotebook, type ParsedNotebook } from '../../../tutorials/notebook-source';
import { routeHref } from '../../routing';
import { NotebookView, notebookStore } from './notebook-view';
import './notebooks.css';

/** Imported notebooks live under their own ids, so one never shadows a shipped notebook. */
const LOCAL_PREFIX = 'local-';
const MAX_SOURCE_BYTES = 2_000_000;

/** The notebooks index, one notebook, or a notebook opened from a link. */
export function NotebooksPage({ notebookId, openUrl }: { notebookId?: string; openUrl?: string }) {
  if (openUrl) return <OpenFromLink url={openUrl} />;
  if (notebookId?.startsWith(LOCAL_PREFIX)) return <ImportedNotebook storageId={notebookId} />;
  const notebook = findNotebook(notebookId);
  if (notebook) return <NotebookView key={notebook.meta.id} notebook={notebook} storageId={notebook.meta.id} trusted />;
  return (
    <div className="notebooks" data-testid="notebooks-page">
      <h1>Notebooks</h1>
      {notebookId && <p className="notice">No notebook “{notebookId}”.</p>}
      <p>
        Walkthroughs you run and edit: each cell is live code against the same fitting service as the workbench, run in
        a worker of its own. Edits are kept in this browser; “Reset notebook” brings back the original.
      </p>
      <NotebookIndex />
      <OpenFromFile />
      <ImportedList />
    </div>
  );
}

function NotebookIndex() {
  return (
    <ul className="notebook-index">
      {NOTEBOOKS.map(({ meta }) => (
        <li key={meta.id}>
          <a href={routeHref({ page: 'notebooks', notebookId: meta.id })} data-testid={`notebook-link-${meta.id}`}>
            {meta.title}
          </a>
          <span className="muted">
            {' '}
            · {meta.level} · {meta.time}
          </span>
          {meta.summary && <div>{meta.summary}</div>}
        </li>
      ))}
    </ul>
  );
}

async function importSource(source: string, origin: string): Promise<string> {
  if (source.length > MAX_SOURCE_BYTES) throw new Error('This file is too large to be a notebook (over 2 MB).');
  const notebook = parseNotebook(source);
  const storageId = `${LOCAL_PREFIX}${notebook.meta.id}`;
  const store = notebookStore();
  await store.clearEdits(storageId);
  await store.saveImported({ notebookId: storageId, source, origin, trusted: false, importedAt: Date.now() });
  return storageId;
}

function OpenFromFile() {
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="notebook-open">
      <h2>Open a notebook</h2>
      <label>
        From a file (.md):{' '}
        <input
          type="file"
          accept=".md,text/markdown,text/plain"
          data-testid="notebook-open-file"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            try {
              setError(null);
              const storageId = await importSource(await file.text(), file.name);
              window.location.hash = routeHref({ page: 'notebooks', notebookId: storageId });
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err));
            }
          }}
        />
      </label>
      {error && (
        <p className="field-error" role="alert" data-testid="notebook-open-error">
          {error}
        </p>
      )}
    </section>
  );
}

function ImportedList() {
  const [list, setList] = useState<ImportedNotebookRecord[]>([]);
  useEffect(() => {
    let live = true;
    notebookStore()
      .listImported()
      .then((records) => live && setList(records))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (list.length === 0) return null;
  return (
    <section>
      <h2>Opened from files and links</h2>
      <ul className="notebook-index">
        {list.map((r) => (
          <li key={r.notebookId}>
            <a href={routeHref({ page: 'notebooks', notebookId: r.notebookId })}>{titleOf(r.source) ?? r.notebookId}</a>
            <span className="muted"> · from {r.origin}</span>{' '}
            <button
              type="button"
              onClick={() =>
                void notebookStore()
                  .removeImported(r.notebookId)
                  .then(() => setList((l) => l.filter((x) => x.notebookId !== r.notebookId)))
              }
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function titleOf(source: string): string | undefined {
  try {
    return parseNotebook(source).meta.title;
  } catch {
    return undefined;
  }
}

function ImportedNotebook({ storageId }: { storageId: string }) {
  const [state, setState] = useState<
    | { kind: 'loading' }
    | { kind: 'missing' }
    | { kind: 'error'; message: string }
    | { kind: 'ready'; record: ImportedNotebookRecord; notebook: ParsedNotebook }
  >({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    notebookStore()
      .loadImported(storageId)
      .then((record) => {
        if (!live) return;
        if (!record) return setState({ kind: 'missing' });
        try {
          setState({ kind: 'ready', record, notebook: parseNotebook(record.source) });
        } catch (e) {
          setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
        }
      })
      .catch((e: unknown) => live && setState({ kind: 'error', message: String(e) }));
    return () => {
      live = false;
    };
  }, [storageId]);
  if (state.kind === 'loading') return <p className="muted">Opening notebook…</p>;
  if (state.kind !== 'ready')
    return (
      <div className="notebooks" data-testid="notebooks-page">
        <p className="notice">
          {state.kind === 'missing' ? `No notebook “${storageId}” in this browser.` : state.message}{' '}
          <a href={routeHref({ page: 'notebooks' })}>All notebooks</a>
        </p>
      </div>
    );
  const { record, notebook } = state;
  return (
    <NotebookView
      key={storageId}
      notebook={notebook}
      storageId={storageId}
      trusted={record.trusted}
      origin={record.origin}
      onTrust={() => void notebookStore().saveImported({ ...record, trusted: true })}
    />
  );
}

function OpenFromLink({ url }: { url: string }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const response = await fetch(url, { credentials: 'omit' });
      if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}`);
      const storageId = await importSource(await response.text(), url);
      if (live) window.location.replace(routeHref({ page: 'notebooks', notebookId: storageId }));
    })().catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [url]);
  return (
    <div className="notebooks" data-testid="notebooks-page">
      {error ? (
        <p className="notice" role="alert" data-testid="notebook-open-error">
          {error}
        </p>
      ) : (
        <p className="muted">Opening the notebook at {url}…</p>
      )}
    </div>
  );
}
