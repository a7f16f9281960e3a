/**
 * Checks of the parameter table's `expr` cells (lmfit's tied parameters) as the user types:
 * the expression parses, reads only parameters and constants, and the ties form no cycle.
 * The solver checks the same again; these messages put the problem on the row at fault.
 */
import { FitbenchError } from '../../core/errors';
import { identifiersInOrder, type Expr } from '../../core/model/ast';
import { parseExpressionRecord, resolveTies } from '../../core/fit/parameter-expressions';
import { toFieldMessage } from './field-message';
import { isTied, type ParamRow } from './param-rows';

export interface ExprContext {
  /** Data sets in the project: with 2+, `q_<k>` names one data set's copy of a parameter. */
  datasetCount: number;
}

/** Whether `id` names a parameter an expression may read. */
function knownName(id: string, names: ReadonlySet<string>, context: ExprContext): boolean {
  if (names.has(id)) return true;
  const m = /^(.+)_(\d+)$/.exec(id);
  return (
    context.datasetCount > 1 &&
    m !== null &&
    names.has(m[1]) &&
    Number(m[2]) >= 1 &&
    Number(m[2]) <= context.datasetCount
  );
}

/** The expression problems of the rows, by parameter name (empty when every `expr` is sound). */
export function exprErrors(rows: readonly ParamRow[], context: ExprContext): Record<string, string> {
  const errors: Record<string, string> = {};
  const names = new Set(rows.map((r) => r.name));
  const written = new Map<string, Expr>();
  const texts: Record<string, string> = {};
  for (const r of rows) {
    if (!isTied(r)) continue;
    let parsed: Expr;
    try {
      parsed = parseExpressionRecord({ [r.name]: r.expr }, 'expressions').get(r.name) as Expr;
    } catch (e) {
      errors[r.name] = `expr: ${toFieldMessage(e).message.replace(/^the expressions entry for "[^"]+" /, '')}`;
      continue;
    }
    const unknown = identifiersInOrder(parsed).filter((id) => !knownName(id, names, context));
    if (unknown.length > 0) {
      errors[r.name] =
        `expr reads ${unknown.map((u) => `'${u}'`).join(', ')}, which ${unknown.length === 1 ? 'is not a parameter' : 'are not parameters'}` +
        ` of this model (parameters: ${[...names].join(', ')}).`;
      continue;
    }
    written.set(r.name, parsed);
    texts[r.name] = r.expr;
  }
  if (written.size > 0) {
    try {
      resolveTies(written, texts);
    } catch (e) {
      if (!(e instanceof FitbenchError)) throw e;
      const cycle = (e.context?.cycle as string[] | undefined) ?? [];
      for (const name of cycle.length > 0 ? cycle : [...written.keys()])
        if (written.has(name)) errors[name] = `expr: ${e.message}`;
    }
  }
  return errors;
}
