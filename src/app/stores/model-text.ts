/**
 * What the model field holds: a library model (or a '+'-sum of them) with automatic start
 * values, or an expression whose parameters are every identifier that is not a data column.
 */
import type { ModelFamily } from '../../core/model/library';
import { getLibraryModel, listLibraryModels, resolveModel } from '../../core/model/library';
import { parseModel } from '../../core/model';
import { FitbenchError } from '../../core/errors';

export interface ModelInfo {
  kind: 'library' | 'expression';
  /** The text as typed (what is sent to the solver). */
  text: string;
  /** The expanded expression (library models) or the canonical one. */
  expression: string;
  paramNames: string[];
  defaultBounds: Record<string, [number, number]>;
  /** Automatic start values (library models only). */
  guess: ((x: ArrayLike<number>, y: ArrayLike<number>) => Record<string, number>) | null;
  /** The predictors the expression reads (library models read `x`). */
  predictorNames: string[];
  /** Typical values of library parameters: the starts when there is no data to guess from. */
  typical: Record<string, number>;
}

/**
 * Resolves the model field. `predictors` are the chosen x column names; with a single one,
 * `x` also names it (so `a*exp(-x/t)` works on a column called "time").
 * Throws the model compiler's FitbenchError (MODEL_PARSE… with a caret excerpt).
 */
export function resolveModelText(text: string, predictors: readonly string[]): ModelInfo {
  if (text.trim() === '')
    throw new FitbenchError('MODEL_PARSE', 'Type a model expression in x, or pick one from the library.', {
      position: 0,
    });
  const library = resolveModel(text);
  if (library) {
    return {
      kind: 'library',
      text,
      expression: library.expression,
      paramNames: [...library.paramNames],
      defaultBounds: library.defaultBounds,
      guess: library.guess,
      predictorNames: ['x'],
      typical: Object.fromEntries(
        library.components.flatMap((c) =>
          Object.entries(getLibraryModel(c.model)?.preview.params ?? {}).map(([k, v]) => [c.prefix + k, v]),
        ),
      ),
    };
  }
  const names = predictors.length === 1 && predictors[0] !== 'x' ? [...predictors, 'x'] : [...predictors];
  const parsed = parseModel(text, names.length > 0 ? { predictors: names } : {});
  return {
    kind: 'expression',
    text,
    expression: parsed.expression,
    paramNames: [...parsed.paramNames],
    defaultBounds: {},
    guess: null,
    predictorNames: [...parsed.predictorNames],
    typical: {},
  };
}

export interface LibraryChoice {
  name: string;
  title: string;
  family: ModelFamily;
  expression: string;
}

/** The library picker's entries, grouped by family order. */
export function libraryChoices(): LibraryChoice[] {
  return listLibraryModels().map((m) => ({ name: m.name, title: m.title, family: m.family, expression: m.expression }));
}
