import type { FieldMessage } from '../../stores/field-message';
import { caretWindow, problemLine } from './caret-window';
import './model-editing.css';

/**
 * Why the model does not compile, under the field: the compiler's message and the text around
 * the position with the offending character highlighted and a caret under it.
 */
export function ModelErrorView({ id, error, text }: { id: string; error: FieldMessage | null; text: string }) {
  if (!error) return null;
  const hasPosition = error.position !== undefined && text.trim() !== '';
  const w = hasPosition ? caretWindow(text, error.position ?? 0) : null;
  return (
    <div
      className="field-error model-error"
      id={id}
      role="alert"
      data-testid="model-error"
      data-code={error.code}
      data-position={error.position}
    >
      <div>{hasPosition ? problemLine(error.message) : error.message}</div>
      {w && (
        <pre className="model-error-excerpt" aria-hidden="true">
          {w.cutStart ? '…' : ''}
          {w.before}
          <mark data-testid="model-error-caret">{w.at}</mark>
          {w.after}
          {w.cutEnd ? '…' : ''}
          {'\n'}
          {' '.repeat((w.cutStart ? 1 : 0) + w.before.length)}^
        </pre>
      )}
    </div>
  );
}
