/** Which fits profile and bootstrap intervals can run on (the store refuses, the panel explains). */
import type { CompletedFit } from '../projects/completed-fit';

/**
 * Why profile and bootstrap intervals cannot run on a fit, or null when they can: their refits
 * take one data set's problem with free and fixed parameters only (no global fit, no ties).
 */
export function intervalsUnavailable(fit: Pick<CompletedFit, 'global' | 'problem'>): string | null {
  if (fit.global)
    return `Profile and bootstrap intervals are for fits of one data set: this global fit of ${fit.global.datasets.length} data sets reports covariance errors only. To compute them, keep one data set and fit it alone.`;
  const tied = Object.keys(fit.problem?.expressions ?? {});
  if (tied.length > 0)
    return `Profile and bootstrap intervals cannot refit tied parameters yet (${tied.join(', ')} ${tied.length === 1 ? 'is' : 'are'} tied by an expression): the table shows covariance errors, the tied ones by the delta method. To compute them, clear the expr cell (or fix the parameter) and fit again.`;
  return null;
}
