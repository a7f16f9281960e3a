/**
 * Derived quantities as the workbench holds them: named expressions of the fitted parameters
 * (`fwhm = 2.3548*sigma`), reported after the fit with delta-method errors. Validation here
 * names the field at fault before the fit is sent; the solver checks again.
 */
import { identifiersInOrder, parseExpression } from '../../core/model';

export interface DerivedRow {
  name: string;
  expr: string;
}

/** What is wrong with a row, by field; null when the row is fine (or blank: it is ignored). */
export interface DerivedRowError {
  name?: string;
  expr?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A row with neither a name nor an expression: not yet filled in, left out of the fit. */
export function isBlankDerived(row: DerivedRow): boolean {
  return row.name.trim() === '' && row.expr.trim() === '';
}

/**
 * Errors of each row. `paramNames` null: the model is not known yet, so names read by an
 * expression are not checked against it. `perDataset`: in a global fit, the bare names that
 * stand for one parameter per data set (an expression must name q_1, q_2… instead).
 */
export function derivedRowErrors(
  rows: readonly DerivedRow[],
  paramNames: readonly string[] | null,
  predictors: readonly string[],
  perDataset: readonly string[] = [],
): (DerivedRowError | null)[] {
  const seen = new Set<string>();
  return rows.map((row) => {
    if (isBlankDerived(row)) return null;
    const out: DerivedRowError = {};
    const name = row.name.trim();
    if (name === '') out.name = 'Name the quantity (letters, digits and _, not starting with a digit).';
    else if (!NAME.test(name))
      out.name = `'${name}' is not a valid name: use letters, digits and _, not starting with a digit.`;
    else if (paramNames?.includes(name)) out.name = `'${name}' is a parameter of the model: choose another name.`;
    else if (predictors.includes(name)) out.name = `'${name}' is a data column: choose another name.`;
    else if (seen.has(name)) out.name = `'${name}' is defined twice.`;
    if (name !== '') seen.add(name);
    const text = row.expr.trim();
    if (text === '') out.expr = 'Type an expression of the parameters, e.g. 2.3548*sigma.';
    else {
      try {
        const ids = identifiersInOrder(parseExpression(text));
        const column = ids.find((id) => predictors.includes(id));
        const unknown = paramNames ? ids.find((id) => !paramNames.includes(id)) : undefined;
        const bare = ids.find((id) => perDataset.includes(id));
        if (column !== undefined)
          out.expr = `'${column}' is a data column: a derived quantity combines parameters and constants only.`;
        else if (bare !== undefined)
          out.expr = `'${bare}' is one parameter per data set in this global fit: write ${bare}_1, ${bare}_2…, or tick “shared” for ${bare}.`;
        else if (unknown !== undefined)
          out.expr = `'${unknown}' is not a parameter of the model${paramNames && paramNames.length > 0 ? ` (parameters: ${paramNames.join(', ')})` : ''}.`;
      } catch (e) {
        out.expr = e instanceof Error ? e.message : String(e);
      }
    }
    return out.name || out.expr ? out : null;
  });
}

/** The rows as FitProblem.derived (blank rows left out); undefined when there are none. */
export function derivedRecord(rows: readonly DerivedRow[]): Record<string, string> | undefined {
  const filled = rows.filter((r) => !isBlankDerived(r));
  if (filled.length === 0) return undefined;
  return Object.fromEntries(filled.map((r) => [r.name.trim(), r.expr.trim()]));
}
