import type { StoredFitOptions } from './db-schema';

/**
 * FitOptions as they can be stored: structured clone throws DataCloneError on functions
 * (onIteration) and on AbortSignal, so both are dropped, with any other function value.
 */
export function storableOptions(options: Record<string, unknown>): StoredFitOptions {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'onIteration' || key === 'signal' || typeof value === 'function') continue;
    rest[key] = value;
  }
  return rest as StoredFitOptions;
}
