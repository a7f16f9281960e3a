/**
 * Validation of arrays passed directly by library callers (not from CSV): types, lengths,
 * non-finite values, sigma, point count. Messages name points by 0-based index.
 */
import type { NumericArray } from '../api-types';
import { FitbenchError } from '../errors';
import { describeValue, quoteName } from '../input/describe-value';

/** x.name for a plain name, x['odd name'] (clipped) otherwise. */
const predictorLabel = (name: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(name) ? `x.${name}` : `x[${quoteName(name, 40)}]`;
import { finishFitData, type FinishOptions, type FitData } from './fit-data';

export interface ArrayInput extends FinishOptions {
  /** One predictor (named 'x') or several by name. */
  x: NumericArray | Record<string, NumericArray>;
  y: NumericArray;
  sigma?: NumericArray;
}

/**
 * Copies the arrays into Float64Arrays and validates them. Throws DATA_PARSE (not an array,
 * or a non-number element), DATA_EMPTY, DATA_LENGTH_MISMATCH, DATA_NONFINITE, SIGMA_INVALID
 * or DATA_TOO_FEW_POINTS. `null`/`undefined` elements (JSON's stand-in for NaN) count as NaN.
 */
export function validateArrays(input: ArrayInput): FitData {
  if (input === null || typeof input !== 'object')
    throw new FitbenchError('DATA_PARSE', 'the data must be an object with x and y arrays');
  const xs = isArrayLike(input.x)
    ? ([['x', input.x]] as [string, unknown][])
    : input.x !== null && typeof input.x === 'object'
      ? Object.entries(input.x as Record<string, unknown>)
      : undefined;
  if (xs === undefined)
    throw new FitbenchError(
      'DATA_PARSE',
      `x must be an array of numbers or an object of named arrays, got ${describeValue(input.x)}`,
    );
  if (xs.length === 0) throw new FitbenchError('DATA_EMPTY', 'x has no predictor arrays');
  const predictors = xs.map(([name, values]) => toFloat64(isArrayLike(input.x) ? 'x' : predictorLabel(name), values));
  const y = toFloat64('y', input.y);
  const sigma = input.sigma === undefined || input.sigma === null ? undefined : toFloat64('sigma', input.sigma);
  if (y.length === 0) throw new FitbenchError('DATA_EMPTY', 'y is empty: there are no data points');
  xs.forEach(([name], k) => {
    if (predictors[k].length !== y.length) {
      const label = isArrayLike(input.x) ? 'x' : predictorLabel(name);
      throw new FitbenchError(
        'DATA_LENGTH_MISMATCH',
        `${label} has ${predictors[k].length} values but y has ${y.length}`,
        {
          column: label,
          expected: y.length,
          actual: predictors[k].length,
        },
      );
    }
  });
  if (sigma && sigma.length !== y.length) {
    throw new FitbenchError('DATA_LENGTH_MISMATCH', `sigma has ${sigma.length} values but y has ${y.length}`, {
      column: 'sigma',
      expected: y.length,
      actual: sigma.length,
    });
  }
  return finishFitData(
    {
      predictorNames: xs.map(([name]) => name),
      predictors,
      y,
      yName: 'y',
      sigma,
      sigmaName: 'sigma',
      sourceRows: null,
      unit: 'index',
      owned: true,
    },
    input,
  );
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  if (Array.isArray(v)) return true;
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function toFloat64(name: string, values: unknown): Float64Array {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array)
    throw new FitbenchError(
      'DATA_PARSE',
      `${name} is ${describeValue(values)} of BigInts: convert it to numbers (Float64Array.from(${name}, Number))`,
      { column: name },
    );
  if (!isArrayLike(values))
    throw new FitbenchError('DATA_PARSE', `${name} must be an array of numbers, got ${describeValue(values)}`, {
      column: name,
    });
  // Typed arrays copy with one memcpy-like call; Float64Array.from walks an iterator.
  if (values instanceof Float64Array) return values.slice();
  if (!Array.isArray(values)) return new Float64Array(values as ArrayLike<number>);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v === 'number') out[i] = v;
    else if (v === null || v === undefined) out[i] = NaN;
    else {
      throw new FitbenchError('DATA_PARSE', `${name}[${i}] is ${describeValue(v)}, not a number`, {
        column: name,
        index: i,
      });
    }
  }
  return out;
}
