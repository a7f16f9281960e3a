/**
 * The interval slice: profile-likelihood and bootstrap intervals of the shown fit. The
 * refits run as batch jobs of the fitting service (workers, WebGPU when the batch
 * qualifies); the uncertainty code loads on the first run. A finished run is kept with the
 * fit it belongs to (its history entry, hence the saved project and the exports).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { FitOptions, FitProblem } from '../../core/api-types';
import { FitbenchError } from '../../core/errors';
import type { BootstrapSummary, ProfileSummary } from '../projects/fit-intervals';
import type { CompletedFit } from '../projects/completed-fit';
import { toFieldMessage } from './field-message';
import { intervalsUnavailable } from './interval-availability';
import type { ServiceClient } from './service-client';
import type { IntervalKind, IntervalSettings, IntervalSlice, WorkbenchState } from './workbench-types';

export const DEFAULT_INTERVAL_SETTINGS: IntervalSettings = {
  level: '95',
  resamples: '1000',
  seed: '1',
  kind: 'residual',
};

/** The settings as numbers; OPTIONS_INVALID naming the field. */
export function parseIntervalSettings(s: IntervalSettings): { level: number; resamples: number; seed: number } {
  const level = Number(s.level) / 100;
  if (s.level.trim() === '' || !(level > 0 && level < 1))
    throw new FitbenchError('OPTIONS_INVALID', `The level must be a percentage between 0 and 100; got '${s.level}'.`, {
      field: 'interval-level',
    });
  const resamples = Number(s.resamples);
  if (!Number.isInteger(resamples) || resamples < 10 || resamples > 100_000)
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `Resamples must be a whole number from 10 to 100000; got '${s.resamples}'.`,
      { field: 'interval-resamples' },
    );
  const seed = Number(s.seed);
  if (s.seed.trim() === '' || !Number.isInteger(seed))
    throw new FitbenchError('OPTIONS_INVALID', `The seed must be a whole number; got '${s.seed}'.`, {
      field: 'interval-seed',
    });
  return { level, resamples, seed };
}

/** The shown fit and the problem to refit, or why intervals cannot run on it. */
function target(s: WorkbenchState): { fit: CompletedFit; problem: FitProblem } {
  const completed = s.fit?.completed;
  if (!completed)
    throw new FitbenchError('OPTIONS_INVALID', 'Fit first: intervals are computed around a finished fit.');
  const unavailable = intervalsUnavailable(completed);
  if (unavailable) throw new FitbenchError('OPTIONS_INVALID', unavailable);
  const problem = s.fit?.problem ?? (completed.dataOmitted ? null : completed.problem);
  if (!problem || problem.y.length === 0)
    throw new FitbenchError(
      'OPTIONS_INVALID',
      'This fit was too large to keep its data: fit again to compute intervals around it.',
    );
  if (completed.result.dof <= 0)
    throw new FitbenchError(
      'DATA_TOO_FEW_POINTS',
      `Intervals need more points than free parameters (degrees of freedom: ${completed.result.dof}).`,
    );
  return { fit: completed, problem };
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export function createIntervalSlice(client: ServiceClient): StateCreator<WorkbenchState, [], [], IntervalSlice> {
  return (set, get) => {
    let controller: AbortController | null = null;

    /** Keeps a finished run with its fit: the history entry and, when shown, the result panels. */
    const attach = (fitId: string, patch: Pick<CompletedFit, 'profile'> | Pick<CompletedFit, 'bootstrap'>) => {
      const { fit, history } = get();
      const update: Partial<WorkbenchState> = {
        history: history.map((h) => (h.id === fitId ? { ...h, ...patch } : h)),
      };
      if (fit?.completed?.id === fitId) update.fit = { ...fit, completed: { ...fit.completed, ...patch } };
      set(update);
    };

    const run = async (kind: IntervalKind): Promise<void> => {
      if (get().intervalRun) return;
      // The notice belongs to the shown fit even when the run is refused before it starts.
      let fitId = get().fit?.completed?.id ?? '';
      try {
        const { fit, problem } = target(get());
        fitId = fit.id;
        const settings = parseIntervalSettings(get().intervalSettings);
        controller = new AbortController();
        const signal = controller.signal;
        const total = kind === 'bootstrap' ? settings.resamples : 0;
        set({ intervalRun: { kind, fitId, done: 0, total, jobId: null }, intervalNotice: null });
        const fitOptions: FitOptions = { backend: get().backend };
        if (fit.fScale !== undefined) fitOptions.fScale = fit.fScale;
        const batchFit = (batch: Parameters<ServiceClient['fitBatch']>[0], options: FitOptions) => {
          const handle = client.fitBatch(batch, { ...options, signal });
          const current = get().intervalRun;
          if (current) set({ intervalRun: { ...current, jobId: handle.jobId } });
          return handle.result;
        };
        const onProgress = (p: { done: number; total: number }) => {
          const current = get().intervalRun;
          if (current) set({ intervalRun: { ...current, done: p.done, total: p.total } });
        };
        const t0 = now();
        const [core, summaries] = await Promise.all([
          import('../../core/uncertainty'),
          import('../projects/interval-summaries'),
        ]);
        const common = { fitOptions, batchFit, onProgress, signal };
        if (kind === 'profile') {
          const out = await core.profileIntervals(problem, fit.result, { ...common, levels: [settings.level] });
          const profile: ProfileSummary = summaries.profileSummaryOf(out, settings.level, now() - t0);
          attach(fitId, { profile });
        } else {
          const out = await core.bootstrap(problem, fit.result, {
            ...common,
            resamples: settings.resamples,
            level: settings.level,
            seed: settings.seed,
            kind: get().intervalSettings.kind,
          });
          const bootstrap: BootstrapSummary = summaries.bootstrapSummaryOf(out);
          attach(fitId, { bootstrap });
        }
        set({ intervalRun: null });
      } catch (e) {
        const cancelled = controller?.signal.aborted === true;
        const m = toFieldMessage(e);
        set({
          intervalRun: null,
          intervalNotice: {
            kind,
            fitId,
            tone: cancelled ? 'info' : 'error',
            message: cancelled ? `${kind === 'profile' ? 'Profile intervals' : 'Bootstrap'} cancelled.` : m.message,
            field: m.field,
          },
        });
      } finally {
        controller = null;
      }
    };

    return {
      intervalRun: null,
      intervalNotice: null,
      intervalSettings: DEFAULT_INTERVAL_SETTINGS,
      setIntervalSettings(patch) {
        set({ intervalSettings: { ...get().intervalSettings, ...patch }, intervalNotice: null });
      },
      runProfile: () => run('profile'),
      runBootstrap: () => run('bootstrap'),
      cancelIntervals() {
        controller?.abort();
      },
    };
  };
}
