/**
 * A finished fit as the workbench keeps it: the result, the problem it solved (its arrays
 * while they are small enough to save), and what the panels showed. The project's fit
 * history is a list of these, newest first.
 */
import type { FitProblem, FitResult, GlobalProblem } from '../../core/api-types';
import type { JobSnapshot } from '../../runtime';
import type { BootstrapSummary, ProfileSummary } from './fit-intervals';

export interface CompletedFit {
  id: string;
  /** Epoch ms when the fit finished. */
  at: number;
  status: 'converged' | 'not-converged';
  result: FitResult;
  /** The problem with its data, or with empty arrays when it was too large to keep. */
  problem: FitProblem | null;
  /** A global fit's problem (several data sets; `problem` is then null). */
  global?: GlobalProblem;
  /** True when the problem's arrays were left out (more than MAX_KEPT_POINTS). */
  dataOmitted: boolean;
  modelText: string;
  xLabel: string;
  yLabel: string;
  fScale?: number;
  /** Profile-likelihood intervals, once computed. */
  profile?: ProfileSummary;
  /** Bootstrap intervals, once computed. */
  bootstrap?: BootstrapSummary;
}

/** Points kept with a fit in the history and the saved project (more are redrawn from the data). */
export const MAX_KEPT_POINTS = 200_000;
/** Fits kept in a project's history. */
export const MAX_HISTORY = 20;

/** A final job with a result as a CompletedFit; null for jobs without one (failed, cancelled). */
export function completedFitOf(
  job: JobSnapshot,
  problem: FitProblem | null,
  labels: { xLabel: string; yLabel: string; fScale?: number; global?: GlobalProblem },
): CompletedFit | null {
  if (!job.result || (job.status !== 'converged' && job.status !== 'not-converged')) return null;
  const large = problem !== null && problem.y.length > MAX_KEPT_POINTS;
  const kept: FitProblem | null =
    problem === null
      ? null
      : large
        ? { ...problem, x: new Float64Array(0), y: new Float64Array(0), sigma: undefined }
        : problem;
  const global = labels.global;
  const globalPoints = global ? global.datasets.reduce((n, d) => n + d.y.length, 0) : 0;
  const globalLarge = globalPoints > MAX_KEPT_POINTS;
  const keptGlobal: GlobalProblem | undefined =
    global && globalLarge
      ? { ...global, datasets: global.datasets.map((d) => ({ ...d, x: [], y: [], sigma: undefined })) }
      : global;
  return {
    id: job.id,
    at: job.finishedAt ?? Date.now(),
    status: job.status,
    result: job.result,
    problem: kept,
    ...(keptGlobal ? { global: keptGlobal } : {}),
    dataOmitted: large || globalLarge,
    modelText: job.model,
    xLabel: labels.xLabel,
    yLabel: labels.yLabel,
    fScale: labels.fScale,
  };
}
