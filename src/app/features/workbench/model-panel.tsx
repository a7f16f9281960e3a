import { useMemo } from 'react';
import { libraryChoices } from '../../stores/model-text';
import { useWorkbench } from '../../stores/hooks';
import { FieldError } from './field-error';
import { ModelMath } from './model-math';

/** Model: an expression in x (or the data's column names), or a library model. */
export function ModelPanel() {
  const modelText = useWorkbench((s) => s.modelText);
  const modelError = useWorkbench((s) => s.modelError);
  const model = useWorkbench((s) => s.model);
  const setModelText = useWorkbench((s) => s.setModelText);
  const columnParams = useWorkbench((s) => s.columnParams);
  const useColumn = useWorkbench((s) => s.useColumnAsPredictor);
  const choices = useMemo(libraryChoices, []);
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
        onChange={(e) => setModelText(e.target.value)}
      />
      <div className="model-tools">
        <select
          data-testid="model-library"
          aria-label="Library model"
          value={libraryValue}
          onChange={(e) => e.target.value && setModelText(e.target.value)}
        >
          <option value="">Library…</option>
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
      <FieldError testId="model-error" message={modelError} />
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
