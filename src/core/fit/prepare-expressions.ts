/**
 * The expression half of preparing a fit: resolve the model spec, parse `expressions` (tied
 * parameters) and `derived`, substitute the ties into the model so the compiled model reads
 * only the parameters that are fitted or fixed, and add a library peak's standard derived
 * quantities. Shared by curveFit (one data set) and curveFitGlobal (per data set, after
 * renaming).
 */
import type { Expr } from '../model/ast';
import { identifiersInOrder } from '../model/ast';
import { FitbenchError } from '../errors';
import { describeValue } from '../input/describe-value';
import { compileModel, parseModel } from '../model/compile-model';
import type { CompiledModel } from '../model/compiled-model';
import { resolveModel, type ResolvedModel } from '../model/library';
import { print } from '../model/printer';
import {
  checkNoPredictors,
  expressionTexts,
  parseExpressionRecord,
  resolveTies,
  substituteIdentifiers,
  type ResolvedTies,
} from './parameter-expressions';

export type { ResolvedTies };

export interface ExpressionPlan {
  model: { model: CompiledModel; library: ResolvedModel | null };
  ties?: ResolvedTies;
  derived: Map<string, Expr>;
  displayOrder: string[];
}

/** What planExpressions reads from a problem. */
export interface ExpressionSource {
  model: string;
  expressions?: Record<string, string>;
  derived?: Record<string, string>;
}

/** A model spec must be non-empty text; anything else is MODEL_PARSE saying what it got. */
export function assertModelSpec(spec: unknown): asserts spec is string {
  if (typeof spec !== 'string')
    throw new FitbenchError(
      'MODEL_PARSE',
      `the model must be text (an expression such as a*exp(-x/t)+c or a library name such as gaussian), got ${describeValue(spec)}`,
    );
  if (spec.trim() === '')
    throw new FitbenchError(
      'MODEL_PARSE',
      'the model is empty: type an expression such as a*exp(-x/t)+c or a library name such as gaussian',
    );
}

/** Resolves the model spec (library or expression) to its expression text and AST. */
export function modelExpressionOf(
  spec: string,
  predictors: readonly string[],
): { expression: string; ast: Expr; paramNames: readonly string[]; library: ResolvedModel | null } {
  assertModelSpec(spec);
  const library = resolveModel(spec);
  const expression = library ? library.expression : spec;
  const parsed = parseModel(expression, { predictors: library ? ['x'] : predictors });
  return { expression, ast: parsed.ast, paramNames: parsed.paramNames, library };
}

/**
 * The compiled model with ties substituted, the parsed ties and derived quantities, and the
 * result's parameter order. Errors: EXPRESSION_INVALID (bad text, data columns in an
 * expression, unknown names in `derived`), EXPRESSION_CYCLE.
 */
export function planExpressions(problem: ExpressionSource, predictors: readonly string[]): ExpressionPlan {
  const spec = modelExpressionOf(problem.model, predictors);
  const written = parseExpressionRecord(problem.expressions, 'expressions');
  const derivedWritten = parseExpressionRecord(problem.derived, 'derived');
  const predictorList = spec.library ? ['x'] : predictors;
  checkNoPredictors(written, predictorList, 'expressions');
  checkNoPredictors(derivedWritten, predictorList, 'derived');
  const modelOptions = { predictors: predictorList };
  if (written.size === 0) {
    const model = compileModel(spec.expression, modelOptions);
    const derived = withLibraryDerived(spec.library, derivedWritten, model.paramNames);
    checkDerivedNames(derived, model.paramNames);
    return { model: { model, library: spec.library }, derived, displayOrder: [...model.paramNames] };
  }
  const ties = resolveTies(written, expressionTexts(problem.expressions));
  const substituted = substituteIdentifiers(spec.ast, ties.resolved);
  const model = compileModel(print(substituted), modelOptions);
  const tied = [...ties.order];
  const displayOrder = [
    ...spec.paramNames,
    ...model.paramNames.filter((n) => !spec.paramNames.includes(n)),
    ...tied.filter((n) => !spec.paramNames.includes(n)),
  ];
  const derived = withLibraryDerived(spec.library, derivedWritten, displayOrder);
  checkDerivedNames(derived, displayOrder);
  return { model: { model, library: spec.library }, ties, derived, displayOrder };
}

/** A library model's standard derived quantities (a peak's centre, FWHM, height, area) under the caller's. */
function withLibraryDerived(
  library: ResolvedModel | null,
  given: Map<string, Expr>,
  known: readonly string[],
): Map<string, Expr> {
  const standard = library?.derived ?? {};
  const out = new Map<string, Expr>();
  for (const [name, text] of Object.entries(standard)) {
    if (given.has(name) || known.includes(name)) continue;
    const parsed = parseExpressionRecord({ [name]: text }, 'derived').get(name) as Expr;
    out.set(name, parsed);
  }
  for (const [name, e] of given) out.set(name, e);
  return out;
}

/** Every name a derived expression reads must be a parameter (fitted, fixed or tied). */
export function checkDerivedNames(derived: ReadonlyMap<string, Expr>, known: readonly string[]): void {
  for (const [name, e] of derived) {
    const unknown = identifiersInOrder(e).find((id) => !known.includes(id));
    if (unknown !== undefined)
      throw new FitbenchError(
        'EXPRESSION_INVALID',
        `the derived quantity "${name}" reads "${unknown}", which is not a parameter (parameters: ${known.join(', ')})`,
        { parameter: name },
      );
  }
}
