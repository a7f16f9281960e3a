import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { libraryChoices } from '../../stores/model-text';
import { useWorkbench } from '../../stores/hooks';
import { ModelErrorView } from './model-error-view';
import { ModelMath } from './model-math';

// The library browser loads when first opened: a first visit does not need it.
const ModelLibraryDialog = lazy(() =>
  import('./model-library-dialog').then((m) => ({ default: m.ModelLibraryDialog })),
);

/** Model: an expression in x (or the data's column names), or a library model. */
export function ModelPanel() {
  const modelText = useWorkbench((s) => s.modelText);
  const modelError = useWorkbench((s) => s.modelError);
  const model = useWorkbench((s) => s.model);
  const setModelText = useWorkbench((s) => s.setModelText);
  const columnParams = useWorkbench((s) => s.columnParams);
  const useColumn = useWorkbench((s) => s.useColumnAsPredictor);
  const choices = useMemo(libraryChoices, []);
  const [libraryOpen, setLibraryOpen] = useState(false);
  // Mounted from the first opening on (closing a modal dialog by removing it would drop the focus).
  const [libraryUsed, setLibraryUsed] = useState(false);
  const libraryButton = useRef<HTMLButtonElement>(null);
  const closeLibrary = () => {
    setLibraryOpen(false);
    libraryButton.current?.focus();
  };
  const libraryValue =
    model?.kind === 'library' && choices.some((c) => c.name === modelText.trim()) ? modelText.trim() : '';
  return (
    <div className="model-panel">
      <h2>Model</h2>
      <input
        data-testid="model-input"
        type="text"
        spellCheck={false}
        value={modelText}
        placeholder="a*exp(-(x-mu)^2/(2*s^2)) + c   or   gaussian"
        aria-label="Model expression"
        aria-invalid={modelError !== null}
        aria-describedby={modelError ? 'model-error' : undefined}
        onChange={(e) => setModelText(e.target.value)}
      />
      <div className="model-tools">
        <button
          ref={libraryButton}
          type="button"
          data-testid="model-library-button"
          aria-haspopup="dialog"
          onClick={() => {
            setLibraryUsed(true);
            setLibraryOpen(true);
          }}
        >
          Library
        </button>
        <select
          data-testid="model-library-select"
          aria-label="Library model"
          value={libraryValue}
          onChange={(e) => e.target.value && setModelText(e.target.value)}
        >
          <option value="">quick pick…</option>
          {choices.map((c) => (
            <option key={c.name} value={c.name} title={c.expression}>
              {c.name} — {c.title}
            </option>
          ))}
        </select>
      </div>
      {model?.kind === 'library' && (
        <div className="model-expansion" data-testid="model-expression">
          = {model.expression}
        </div>
      )}
      {model && <ModelMath expression={model.expression} />}
      <ModelErrorView id="model-error" error={modelError} text={modelText} />
      {libraryUsed && (
        <Suspense fallback={null}>
          <ModelLibraryDialog
            open={libraryOpen}
            onClose={closeLibrary}
            onChoose={(name) => {
              setModelText(name);
              closeLibrary();
            }}
          />
        </Suspense>
      )}
      {columnParams.length > 0 && (
        <div className="field-warning" role="alert" data-testid="model-column-warning">
          {columnParams.map((c) => `'${c}'`).join(', ')}{' '}
          {columnParams.length === 1 ? 'is a data column' : 'are data columns'} not chosen as x: the fit would treat{' '}
          {columnParams.length === 1 ? 'it' : 'them'} as a parameter to fit.
          {columnParams.map((c) => (
            <button
              key={c}
              type="button"
              className="small"
              data-testid={`use-column-${c}`}
              onClick={() => useColumn(c)}
            >
              Use column {c} as x
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
