/**
 * A FitbenchError as the page shows it next to the field at fault: its code, message and
 * the context that points at the culprit (row, column, position, parameter).
 */
import { FitbenchError, type FitbenchErrorCode } from '../../core/errors';

export interface FieldMessage {
  code: FitbenchErrorCode;
  message: string;
  row?: number;
  column?: string;
  position?: number;
  parameter?: string;
  /** The input the message belongs to ('maxIterations', 'fScale', 'model', 'data'…). */
  field?: string;
}

/** Any thrown value as a FieldMessage (unknown values become INTERNAL with their text). */
export function toFieldMessage(e: unknown): FieldMessage {
  const error = e instanceof FitbenchError ? e : FitbenchError.fromJSON(e);
  const c = error.context ?? {};
  const out: FieldMessage = { code: error.code, message: error.message };
  if (typeof c.row === 'number') out.row = c.row;
  if (typeof c.column === 'string') out.column = c.column;
  if (typeof c.position === 'number') out.position = c.position;
  if (typeof c.parameter === 'string') out.parameter = c.parameter;
  if (typeof c.field === 'string') out.field = c.field;
  return out;
}
