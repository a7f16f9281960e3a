import type { FieldMessage } from '../../stores/field-message';

/** A FitbenchError next to its field; row and column (when known) in data attributes too. */
export function FieldError({
  testId,
  message,
  id,
}: {
  testId: string;
  message: FieldMessage | string | null | undefined;
  id?: string;
}) {
  if (!message) return null;
  const m = typeof message === 'string' ? { message } : message;
  return (
    <div
      className="field-error"
      id={id}
      role="alert"
      data-testid={testId}
      data-code={'code' in m ? m.code : undefined}
      data-row={'row' in m ? m.row : undefined}
      data-column={'column' in m ? m.column : undefined}
    >
      {m.message}
    </div>
  );
}
