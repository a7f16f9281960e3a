/**
 * The solver says only "non-finite residuals or derivatives at the start"; the user needs to
 * know which: the model itself (log of a negative, overflow of exp), or the data's scale,
 * where every model value is finite but Σr² overflows float64 (|r| above ~1e154).
 */
import { FitbenchError } from '../errors';
import type { PreparedFit } from './prepare-fit';

function largestMagnitude(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m) m = a;
  }
  return m;
}

/**
 * Rewrites a FIT_NONFINITE raised at the start values into a message that names the cause.
 * Any other error is returned unchanged.
 */
export function explainNonFiniteStart(prepared: PreparedFit, x0: Float64Array, error: unknown): unknown {
  if (!(error instanceof FitbenchError) || error.code !== 'FIT_NONFINITE') return error;
  const n = prepared.data.y.length;
  const params = Float64Array.from(prepared.model.paramNames, (name) => {
    const k = prepared.freeNames.indexOf(name);
    return k >= 0 ? x0[k] : prepared.fixedValues[name];
  });
  const f = new Float64Array(n);
  try {
    prepared.model.evaluate(params, prepared.predictors, f);
  } catch {
    return error;
  }
  let firstBad = -1;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(f[i])) {
      firstBad = i;
      break;
    }
  }
  if (firstBad >= 0) {
    const index = prepared.data.sourceRows[firstBad];
    const at = prepared.model.predictorNames.map((name, c) => `${name} = ${prepared.predictors[c][firstBad]}`);
    return new FitbenchError(
      'FIT_NONFINITE',
      `the model is ${f[firstBad]} at point ${index}${at.length > 0 ? ` (${at.slice(0, 3).join(', ')})` : ''} with the start values: choose start values where the model is finite (or bounds that keep it so)`,
      { ...error.context, index },
    );
  }
  const largest = Math.max(largestMagnitude(prepared.data.y), largestMagnitude(f));
  return new FitbenchError(
    'FIT_NONFINITE',
    `the sum of squared residuals overflows float64 at the start values (the model is finite everywhere, but values reach ${largest.toPrecision(3)}, and squares above 1.8e308 are Infinity): rescale y (and sigma), for example divide by ${(10 ** Math.floor(Math.log10(largest))).toExponential(0)}`,
    { ...error.context, overflow: true },
  );
}
