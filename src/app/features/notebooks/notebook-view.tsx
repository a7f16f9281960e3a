import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { createNotebookKernel } from '../../../runtime';
import { createNotebookStore, type NotebookStore } from '../../../persistence';
import { checkedNumbers } from '../../../tutorials/notebook-markdown';
import type { ParsedNotebook } from '../../../tutorials/notebook-source';
import { routeHref } from '../../routing';
import { appServices } from '../../stores/app-services';
import { downloadText } from '../../exports/download-text';
import { NotebookCellView } from './notebook-cell-view';
import { createNotebookSession, type NotebookSession } from './notebook-session';
import { NotebookProse } from './notebook-prose';

let sharedStore: NotebookStore | null = null;
/** The page's notebook storage (one IndexedDB connection). */
export function notebookStore(): NotebookStore {
  sharedStore ??= createNotebookStore();
  return sharedStore;
}

export interface NotebookViewProps {
  notebook: ParsedNotebook;
  storageId: string;
  trusted: boolean;
  /** Where an untrusted notebook came from (shown with the trust prompt). */
  origin?: string;
  onTrust?: () => void;
}

/** A notebook: its prose and live cells, run all / stop / reset, download, trust and waiting states. */
export function NotebookView(props: NotebookViewProps) {
  const { notebook, storageId } = props;
  const [session, setSession] = useState<NotebookSession | null>(null);
  useEffect(() => {
    const services = appServices();
    const fitbench = window.fitbench ?? {};
    const created = createNotebookSession({
      notebook,
      storageId,
      kernel: createNotebookKernel({ fitbench, client: services.client }),
      storage: notebookStore(),
      trusted: props.trusted,
      onTrust: props.onTrust,
    });
    setSession(created);
    return () => created.dispose();
    // A new session per notebook (trust changes go through session.trust()).
  }, [notebook, storageId]);
  if (!session) return null;
  return <NotebookBody {...props} session={session} />;
}

function NotebookBody({ notebook, session, origin }: NotebookViewProps & { session: NotebookSession }) {
  const { meta } = notebook;
  const trusted = useStore(session.store, (s) => s.trusted);
  const missing = useStore(session.store, (s) => s.missing);
  const busy = useStore(session.store, (s) => s.busy);
  const kernelMessage = useStore(session.store, (s) => s.kernelMessage);
  const cells = useStore(session.store, (s) => s.cells);
  const checkValues = cells.map((c) => c.checkValues);
  const blocked = !trusted || missing.length > 0;
  // Which cell each block belongs to, and where each prose block's checked numbers start.
  const layout = useMemo(() => {
    let cell = -1;
    return notebook.blocks.map((block) => {
      if (block.kind === 'cell') return { cell: ++cell };
      return { cell };
    });
  }, [notebook]);
  const proseOffsets = useMemo(() => {
    const offsets: number[] = [];
    const running = new Map<number, number>();
    notebook.blocks.forEach((block, i) => {
      if (block.kind !== 'prose') return;
      const cell = layout[i].cell;
      const start = running.get(cell) ?? 0;
      offsets[i] = start;
      running.set(cell, start + checkedNumbers(block.markdown).length);
    });
    return offsets;
  }, [notebook, layout]);

  return (
    <article className="notebook" data-testid="notebook-page" data-notebook-id={meta.id}>
      <p>
        <a href={routeHref({ page: 'notebooks' })}>← All notebooks</a>
      </p>
      <h1>{meta.title}</h1>
      <dl className="notebook-meta">
        {meta.level && (
          <>
            <dt>Level</dt>
            <dd>{meta.level}</dd>
          </>
        )}
        {meta.time && (
          <>
            <dt>Time</dt>
            <dd>{meta.time}</dd>
          </>
        )}
        {meta.prerequisites.length > 0 && (
          <>
            <dt>Prerequisites</dt>
            <dd>{meta.prerequisites.join(', ')}</dd>
          </>
        )}
      </dl>
      {!trusted && (
        <div
          className="notice notebook-trust"
          data-testid="notebook-trust-prompt"
          role="alertdialog"
          aria-label="Trust this notebook?"
        >
          <p>
            <strong>This notebook did not come with Fitbench</strong>
            {origin ? ` (opened from ${origin})` : ''}. Its cells are code that would run in your browser with access to
            this page's fitting service. Read them first; run them only if you trust where the notebook came from.
          </p>
          <button type="button" data-testid="notebook-trust" onClick={() => session.trust()}>
            Trust and allow running
          </button>
        </div>
      )}
      {missing.length > 0 && (
        <p className="notice" data-testid="notebook-waiting">
          Waiting for {missing.join(', ')}: this notebook uses{' '}
          {missing.length === 1 ? 'a library function' : 'library functions'} this version of Fitbench does not have
          yet. You can read it; its cells run once {missing.join(' and ')} {missing.length === 1 ? 'lands' : 'land'}.
        </p>
      )}
      <div className="notebook-toolbar" role="toolbar" aria-label="Notebook">
        <button
          type="button"
          className="primary"
          data-testid="notebook-run-all"
          disabled={blocked || busy}
          onClick={() => void session.runAll()}
        >
          Run all
        </button>
        <button type="button" data-testid="notebook-stop" disabled={!busy} onClick={() => session.stop()}>
          Stop
        </button>
        <button type="button" data-testid="notebook-reset" onClick={() => void session.resetNotebook()}>
          Reset notebook
        </button>
        <button
          type="button"
          data-testid="notebook-download"
          onClick={() => downloadText(`${meta.id}.md`, session.toMarkdown(), 'text/markdown')}
        >
          Download .md
        </button>
        <span className="muted" data-testid="notebook-kernel-status" role="status">
          {kernelMessage}
        </span>
      </div>
      {notebook.blocks.map((block, i) =>
        block.kind === 'prose' ? (
          <NotebookProse
            key={i}
            markdown={block.markdown}
            values={layout[i].cell >= 0 ? sliceValues(checkValues[layout[i].cell], proseOffsets[i]) : null}
          />
        ) : (
          <NotebookCellView key={i} session={session} index={layout[i].cell} disabled={blocked} />
        ),
      )}
    </article>
  );
}

function sliceValues(values: (number | string | null)[] | null, offset: number) {
  return values ? values.slice(offset) : null;
}
