/**
 * The fit slice: builds the problem from the panels, submits it to the fitting service,
 * and follows the job (its live state is read from the service store by job id).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { FitProblem } from '../../core/api-types';
import { FitbenchError } from '../../core/errors';
import { xPayload } from './data-columns';
import { toFieldMessage, type FieldMessage } from './field-message';
import { fitOptionsOf } from './options-slice';
import { rowsToProblem } from './param-rows';
import type { ServiceClient } from './service-client';
import type { FitSlice, WorkbenchState } from './workbench-types';

/** The problem the panels describe, or the first problem that stops the fit (with its field). */
export function buildProblem(s: WorkbenchState): FitProblem {
  if (s.dataError) throw FitbenchError.fromJSON(s.dataError);
  if (!s.table)
    throw new FitbenchError(
      'DATA_EMPTY',
      'There is no data yet: paste a CSV/TSV table with a header row, open a file, or load a demo.',
    );
  if (s.columnsError) throw FitbenchError.fromJSON(s.columnsError);
  if (s.modelError) throw FitbenchError.fromJSON(s.modelError);
  if (!s.model || !s.fitData)
    throw new FitbenchError('MODEL_PARSE', 'Type a model expression in x, or pick one from the library.', {
      position: 0,
    });
  const params = rowsToProblem(s.rows);
  const data = s.fitData;
  const problem: FitProblem = {
    model: s.modelText.trim(),
    x: xPayload(data, s.model.predictorNames),
    y: data.y,
    p0: params.p0,
  };
  if (data.sigma) problem.sigma = data.sigma;
  if (params.bounds) problem.bounds = params.bounds;
  if (params.fixed) problem.fixed = params.fixed;
  return problem;
}

/** The parameter a message is about, so its row shows it. */
function paramErrorsWith(errors: Record<string, string>, m: FieldMessage): Record<string, string> {
  return m.parameter ? { ...errors, [m.parameter]: m.message } : errors;
}

export function createFitSlice(client: ServiceClient): StateCreator<WorkbenchState, [], [], FitSlice> {
  return (set, get) => ({
    fit: null,
    fitError: null,

    startFit() {
      get().commitData();
      const s = get();
      let problem: FitProblem;
      try {
        problem = buildProblem(s);
        const options = fitOptionsOf(s);
        const handle = client.fit(problem, options);
        // The job's status carries a failure; the handle's rejection needs no second report.
        handle.result.catch(() => undefined);
        const xLabel = s.fitData?.predictorNames[0] ?? 'x';
        set({ fit: { jobId: handle.jobId, problem, xLabel, yLabel: s.picks.y || 'y' }, fitError: null });
      } catch (e) {
        const m = toFieldMessage(e);
        set({ fitError: m, paramErrors: paramErrorsWith(get().paramErrors, m) });
      }
    },

    cancelFit() {
      const fit = get().fit;
      if (fit) client.cancel(fit.jobId);
    },

    async resumeJob(offer) {
      try {
        const handle = await client.resume(offer.jobId);
        handle.result.catch(() => undefined);
        // The page was reloaded with the same data (same demo, same paste) more often than
        // not: draw it when the model and size match what the job fits.
        const s = get();
        let problem: FitProblem | null = null;
        try {
          const current = buildProblem(s);
          if (current.model === offer.model && current.y.length === offer.nPoints) problem = current;
        } catch {
          problem = null;
        }
        set({
          fit: { jobId: handle.jobId, problem, xLabel: s.fitData?.predictorNames[0] ?? 'x', yLabel: s.picks.y || 'y' },
          fitError: null,
        });
      } catch (e) {
        set({ fitError: toFieldMessage(e) });
      }
    },
  });
}
