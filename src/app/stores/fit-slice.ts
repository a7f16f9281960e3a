/**
 * The fit slice: builds the problem from the panels, submits it to the fitting service,
 * and follows the job (its live state is read from the service store by job id).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { FitProblem, GlobalDataset, GlobalProblem } from '../../core/api-types';
import { FitbenchError } from '../../core/errors';
import { xPayload } from './data-columns';
import { fitDataOfInputs } from './datasets';
import { derivedForProblem } from './derived-slice';
import { xRange } from './x-range';
import { toFieldMessage, type FieldMessage } from './field-message';
import { fitOptionsOf } from './options-slice';
import { numberText, rowsToProblem } from './param-rows';
import { paramErrorsOf } from './model-slice';
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
  if (params.expressions) problem.expressions = params.expressions;
  // Checked against the global fit's names (shared q, others q_1, q_2…) when there are several sets.
  const derived = derivedForProblem(s);
  if (derived) problem.derived = derived;
  return problem;
}

/**
 * The global problem of a project with several data sets: the active set as buildProblem
 * makes it, every other set parsed from its saved inputs, one model, the rows' starts,
 * bounds, fixed flags and ties under bare names (they apply to every data set), and the
 * parameters ticked shared. Throws like buildProblem; a data set's own problem names it.
 */
export function buildGlobalProblem(s: WorkbenchState): GlobalProblem {
  const active = buildProblem(s);
  const model = s.model;
  const activeData = s.fitData;
  if (!model || !activeData) throw new FitbenchError('INTERNAL', 'the model or data went missing');
  const datasets: GlobalDataset[] = s.datasets.map((listed, k) => {
    const entry = { ...listed, name: listed.name.trim() || `data set ${k + 1}` };
    if (k === s.activeDataset || entry.inputs === null) {
      const own: GlobalDataset = { x: active.x, y: active.y, name: entry.name };
      if (active.sigma) own.sigma = active.sigma;
      return own;
    }
    const data = fitDataOfInputs(entry.inputs, k, entry.name);
    if (data.predictorNames.join('\u0000') !== activeData.predictorNames.join('\u0000')) {
      throw new FitbenchError(
        'DATA_COLUMN_MISSING',
        `Data set ${k + 1} (“${entry.name}”) uses ${data.predictorNames.join(', ')} as x, the active set ` +
          `${activeData.predictorNames.join(', ')}: one model reads the same x columns in every data set.`,
        { dataset: k + 1, field: 'data' },
      );
    }
    const own: GlobalDataset = { x: xPayload(data, model.predictorNames), y: data.y, name: entry.name };
    if (data.sigma) own.sigma = data.sigma;
    return own;
  });
  const params = rowsToProblem(s.rows);
  const problem: GlobalProblem = { model: active.model, datasets, p0: params.p0 };
  if (params.shared) problem.shared = params.shared;
  if (params.bounds) problem.bounds = params.bounds;
  if (params.fixed) problem.fixed = params.fixed;
  if (params.expressions) problem.expressions = params.expressions;
  if (active.derived) problem.derived = active.derived;
  return problem;
}

/** A global fit's value for a bare parameter name: the shared one, else the mean over data sets (q_1, q_2…). */
export function fittedStart(params: Readonly<Record<string, number | null>>, name: string): number | undefined {
  const own = params[name];
  if (own !== undefined && own !== null) return own;
  const copies = Object.entries(params)
    .filter(([k, v]) => k.startsWith(`${name}_`) && /^\d+$/.test(k.slice(name.length + 1)) && typeof v === 'number')
    .map(([, v]) => v as number);
  return copies.length > 0 ? copies.reduce((a, b) => a + b, 0) / copies.length : undefined;
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
  return (set, get) => {
    const startGlobalFit = (s: WorkbenchState): void => {
      try {
        const problem = buildGlobalProblem(s);
        const options = fitOptionsOf(s);
        const handle = client.fitGlobal(problem, options);
        handle.result.catch(() => undefined);
        const xLabel = s.fitData?.predictorNames[0] ?? 'x';
        set({
          fit: {
            jobId: handle.jobId,
            problem: null,
            global: problem,
            xLabel,
            yLabel: s.picks.y || 'y',
            fScale: options.fScale,
          },
          fitError: null,
        });
      } catch (e) {
        const m = toFieldMessage(e);
        set({ fitError: m, paramErrors: paramErrorsWith(get().paramErrors, m) });
      }
    };
    return {
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
            global: done.dataOmitted ? undefined : done.global,
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
          const v = fittedStart(result.params, r.name);
          return v === undefined || !Number.isFinite(v)
            ? r
            : { ...r, value: numberText(v), valueSource: 'result' as const };
        });
        set({ rows, paramErrors: paramErrorsOf(rows, get().datasets.length), fitError: null });
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
        if (s.datasets.length > 1) {
          startGlobalFit(s);
          return;
        }
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
          let global: GlobalProblem | undefined;
          try {
            if (s.datasets.length > 1) {
              const current = buildGlobalProblem(s);
              const points = current.datasets.reduce((n, d) => n + d.y.length, 0);
              if (current.model === offer.model && points === offer.nPoints) global = current;
            } else {
              const current = buildProblem(s);
              if (current.model === offer.model && current.y.length === offer.nPoints) problem = current;
            }
          } catch {
            problem = null;
          }
          set({
            fit: {
              jobId: handle.jobId,
              problem,
              ...(global ? { global } : {}),
              xLabel: s.fitData?.predictorNames[0] ?? 'x',
              yLabel: s.picks.y || 'y',
            },
            fitError: null,
          });
        } catch (e) {
          set({ fitError: toFieldMessage(e) });
        }
      },
    };
  };
}
