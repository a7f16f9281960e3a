import { FitbenchError } from '../core/errors';

/** The FitbenchError `fn` throws (any other throw, or none, fails the test). */
export function errorOf(fn: () => unknown): FitbenchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FitbenchError) return e;
    throw e;
  }
  throw new Error('expected a FitbenchError');
}
