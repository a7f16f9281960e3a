/**
 * A global fit seen one data set at a time: the data set as a plain problem and the fit's
 * parameters under that set's bare names (shared `k` as is, per-set `a_2` as `a` for set 2),
 * so the single-fit views draw each set's curve and residuals.
 */
import type { FitProblem, FitResult, GlobalProblem } from '../../../core/api-types';
import { resolveModel } from '../../../core/model/library';

/** The model text as an expression (a library name expanded). */
export function expressionOf(model: string): string {
  return resolveModel(model)?.expression ?? model;
}

/** Data set k (0-based) of a global problem as a single-set problem. */
export function datasetProblem(global: GlobalProblem, k: number): FitProblem {
  const d = global.datasets[k];
  const problem: FitProblem = { model: d.model ?? global.model, x: d.x, y: d.y };
  if (d.sigma) problem.sigma = d.sigma;
  return problem;
}

/** The global result as data set k's (0-based) own: its copies `q_<k+1>` renamed `q`, shared ones kept. */
export function datasetResult(result: FitResult, global: GlobalProblem, k: number): FitResult {
  const suffix = `_${k + 1}`;
  const params: Record<string, number> = {};
  const copies: Record<string, number> = {};
  for (const [name, value] of Object.entries(result.params)) {
    if (/_\d+$/.test(name)) {
      if (name.endsWith(suffix)) copies[name.slice(0, -suffix.length)] = value;
    } else params[name] = value;
  }
  return {
    ...result,
    params: { ...params, ...copies },
    expression: expressionOf(global.datasets[k].model ?? global.model),
    bands: undefined,
  };
}

/** How data set k is drawn: colour, marker shape and line dash differ, so print and colour-blind readers tell them apart. */
export function datasetStyle(k: number): { color: string; marker: 'round' | 'square' | 'cross'; dash?: string } {
  const colors = ['#1f4e79', '#c2410c', '#2b8a3e', '#862e9c', '#9a6700', '#0b7285'];
  const markers = ['round', 'square', 'cross'] as const;
  const dashes = [undefined, '7 4', '2 3', '10 3 2 3'];
  return { color: colors[k % colors.length], marker: markers[k % markers.length], dash: dashes[k % dashes.length] };
}
