/** The options slice: method, loss and its scale, backend, iteration limit. */
import type { StateCreator } from 'zustand/vanilla';
import type { StoredFitOptions } from '../../persistence';
import { FitbenchError } from '../../core/errors';
import type { OptionsSlice, WorkbenchState } from './workbench-types';

export const createOptionsSlice: StateCreator<WorkbenchState, [], [], OptionsSlice> = (set) => ({
  method: 'auto',
  loss: 'linear',
  fScale: '1',
  backend: 'auto',
  maxIterations: '',
  setOptions(patch) {
    set({ ...patch, fitError: null });
  },
});

/** The options as the solver takes them. Throws OPTIONS_INVALID naming the field. */
export function fitOptionsOf(
  s: Pick<OptionsSlice, 'method' | 'loss' | 'fScale' | 'backend' | 'maxIterations'>,
): StoredFitOptions {
  const options: StoredFitOptions = { backend: s.backend };
  if (s.method !== 'auto') options.method = s.method;
  if (s.loss !== 'linear') {
    options.loss = s.loss;
    const f = Number(s.fScale);
    if (s.fScale.trim() === '' || !Number.isFinite(f) || f <= 0) {
      throw new FitbenchError(
        'OPTIONS_INVALID',
        `The loss scale f_scale must be a positive number; got '${s.fScale}'.`,
        { field: 'fScale' },
      );
    }
    options.fScale = f;
  }
  if (s.maxIterations.trim() !== '') {
    const n = Number(s.maxIterations);
    if (!Number.isInteger(n) || n < 1) {
      throw new FitbenchError(
        'OPTIONS_INVALID',
        `Max iterations must be a whole number ≥ 1; got '${s.maxIterations}'.`,
        { field: 'maxIterations' },
      );
    }
    options.maxIterations = n;
  }
  return options;
}
