import type { Expr } from './ast';
import { identifiersInOrder } from './ast';
import { FitbenchError } from '../errors';
import { parseExpression } from './parser';
import { print } from './printer';
import { LruCache } from '../lru-cache';

export interface ModelOptions {
  /**
   * Data column names that are predictors. Without it, `x` and `x` followed by digits
   * (`x1`, `x2`, …) are predictors. Every other identifier (except `pi`, `e`) is a parameter.
   */
  readonly predictors?: readonly string[];
}

export interface ParsedModel {
  /** The parsed tree (as written; not simplified). */
  readonly ast: Expr;
  /** Canonical printed form of `ast`. */
  readonly expression: string;
  /** Parameters in order of first appearance. */
  readonly paramNames: readonly string[];
  /**
   * Predictors the expression reads: in the caller's order when `predictors` was given,
   * otherwise `x` first and then by number (`x1`, `x2`, …).
   */
  readonly predictorNames: readonly string[];
}

const DEFAULT_PREDICTOR = /^x\d*$/;

function defaultPredictorOrder(a: string, b: string): number {
  const na = a === 'x' ? -1 : Number(a.slice(1));
  const nb = b === 'x' ? -1 : Number(b.slice(1));
  return na - nb || (a < b ? -1 : a > b ? 1 : 0);
}

const PARSE_CACHE_SIZE = 64;
const parsedCache = new LruCache<string, ParsedModel>(PARSE_CACHE_SIZE);

/**
 * Parses and classifies a model without compiling it. Errors as parseExpression, plus
 * MODEL_NO_PARAMETERS. A ParsedModel is immutable (a frozen object over a readonly tree), so
 * the last 64 are kept: every fit parses its model spec, most of them one already seen.
 */
export function parseModel(expression: string, options: ModelOptions = {}): ParsedModel {
  const given = options.predictors;
  // Only well-formed calls are cached; the others go on to their error.
  const cacheable =
    typeof expression === 'string' &&
    (given === undefined || (Array.isArray(given) && given.every((n) => typeof n === 'string')));
  const key = cacheable ? JSON.stringify([expression, given ?? null]) : undefined;
  return key === undefined
    ? parseUncached(expression, options)
    : parsedCache.getOrCreate(key, () => parseUncached(expression, options));
}

function parseUncached(expression: string, options: ModelOptions): ParsedModel {
  if (typeof expression !== 'string') {
    throw new FitbenchError('MODEL_PARSE', `Model expression must be a string, got ${typeof expression}`, {
      position: 0,
    });
  }
  const given = options.predictors;
  if (given !== undefined && (!Array.isArray(given) || given.some((n) => typeof n !== 'string'))) {
    throw new FitbenchError('OPTIONS_INVALID', 'predictors must be an array of column names');
  }
  const ast = parseExpression(expression);
  const names = identifiersInOrder(ast);
  const isPredictor = given ? (n: string) => given.includes(n) : (n: string) => DEFAULT_PREDICTOR.test(n);
  const paramNames = names.filter((n) => !isPredictor(n));
  const used = names.filter(isPredictor);
  const predictorNames = given
    ? given.filter((n, i) => used.includes(n) && given.indexOf(n) === i)
    : used.sort(defaultPredictorOrder);
  const canonical = print(ast);
  if (paramNames.length === 0) {
    const what = used.length ? `it only reads ${used.map((n) => `'${n}'`).join(', ')}` : 'it is a constant';
    throw new FitbenchError('MODEL_NO_PARAMETERS', `Model '${canonical}' has no parameter to fit: ${what}`, {
      position: 0,
      expression,
    });
  }
  return Object.freeze({
    ast,
    expression: canonical,
    paramNames: Object.freeze(paramNames),
    predictorNames: Object.freeze(predictorNames),
  });
}
