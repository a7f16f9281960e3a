/**
 * The fit slice: builds the problem from the panels, submits it to the fitting service,
 * and follows the job (its live state is read from the service store by job id).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { FitProblem } from '../../core/api-types';
import { FitbenchError } from '../../core/errors';
import { xPayload } from './data-columns';
import { derivedForProblem } from './derived-slice';
import { xRange } from './x-range';
import { toFieldMessage, type FieldMessage } from './field-message';
import { fitOptionsOf } from './options-slice';
import { numberText, rowsToProblem } from './param-rows';
import { rowError } from './model-slice';
import { MAX_HISTORY } from '../projects/completed-fit';
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
      field: 'model',
    });
  if (s.columnParams.length > 0) {
    const names = s.columnParams.map((c) => `'${c}'`).join(', ');
    throw new FitbenchError(
      'PARAM_UNKNOWN',
      `${names} ${s.columnParams.length === 1 ? 'is a data column' : 'are data columns'} but not chosen as x: ` +
        `the fit would treat ${s.columnParams.length === 1 ? 'it' : 'them'} as a fitted parameter. ` +
        `Tick ${s.columnParams.length === 1 ? 'it' : 'them'} as x (predictor), or rename the parameter.`,
      { field: 'model', column: s.columnParams[0] },
    );
  }
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
  const derived = derivedForProblem(s);
  if (derived) problem.derived = derived;
  return problem;
}

/** Points across the data's x range where the fit's confidence and prediction bands are computed. */
const BAND_POINTS = 160;

/** bandsAt for a problem with one predictor (bands need a 1-D x); undefined otherwise. */
export function bandPointsOf(problem: FitProblem): Float64Array | undefined {
  const x = problem.x;
  if (!ArrayBuffer.isView(x) && !Array.isArray(x)) {
    const cols = Object.values(x);
    return cols.length === 1 && cols[0].length > 0 ? bandPoints(cols[0]) : undefined;
  }
  const arr = x as ArrayLike<number>;
  return arr.length > 0 ? bandPoints(arr) : undefined;
}

function bandPoints(x: ArrayLike<number>): Float64Array {
  // Warmed when the data loaded (FitControls): no million-point scan when Fit is pressed.
  const [lo, hi] = xRange(x);
  if (!(hi > lo)) return Float64Array.of(lo);
  return Float64Array.from({ length: BAND_POINTS }, (_, i) => lo + ((hi - lo) * i) / (BAND_POINTS - 1));
}

/** The parameter a message is about, so its row shows it. */
function paramErrorsWith(errors: Record<string, string>, m: FieldMessage): Record<string, string> {
  return m.parameter ? { ...errors, [m.parameter]: m.message } : errors;
}

export function createFitSlice(client: ServiceClient): StateCreator<WorkbenchState, [], [], FitSlice> {
  return (set, get) => ({
    fit: null,
    fitError: null,
    history: [],

    recordCompleted(done) {
      const { fit, history } = get();
      if (history.some((h) => h.id === done.id)) return;
      const patch: Partial<WorkbenchState> = { history: [done, ...history].slice(0, MAX_HISTORY) };
      if (fit?.jobId === done.id) patch.fit = { ...fit, completed: done };
      set(patch);
    },

    showFit(id) {
      const done = get().history.find((h) => h.id === id);
      if (!done) return;
      set({
        fit: {
          jobId: done.id,
          problem: done.dataOmitted ? null : done.problem,
          xLabel: done.xLabel,
          yLabel: done.yLabel,
          completed: done,
        },
        fitError: null,
      });
    },

    useFittedAsStart() {
      const result = get().fit?.completed?.result;
      if (!result) return;
      const rows = get().rows.map((r) => {
        const v = result.params[r.name];
        return v === undefined || !Number.isFinite(v)
          ? r
          : { ...r, value: numberText(v), valueSource: 'result' as const };
      });
      const paramErrors: Record<string, string> = {};
      for (const r of rows) {
        const message = rowError(r);
        if (message) paramErrors[r.name] = message;
      }
      set({ rows, paramErrors, fitError: null });
    },

    forgetFits(ids) {
      const drop = new Set(ids);
      set({ history: get().history.filter((h) => !drop.has(h.id)) });
    },

    startFit() {
      const parsed = get().commitData();
      if (get().parsing) {
        // A long paste is still being parsed off the main thread: fit once it is ready.
        void parsed.then(() => get().startFit());
        return;
      }
      const s = get();
      let problem: FitProblem;
      try {
        problem = buildProblem(s);
        const options = fitOptionsOf(s);
        const bandsAt = bandPointsOf(problem);
        if (bandsAt) options.bandsAt = bandsAt;
        const handle = client.fit(problem, options);
        // The job's status carries a failure; the handle's rejection needs no second report.
        handle.result.catch(() => undefined);
        const xLabel = s.fitData?.predictorNames[0] ?? 'x';
        set({
          fit: { jobId: handle.jobId, problem, xLabel, yLabel: s.picks.y || 'y', fScale: options.fScale },
          fitError: null,
        });
      } catch (e) {
        const m = toFieldMessage(e);
        // Options errors belong to their field; a parse error of the data box to the box.
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
