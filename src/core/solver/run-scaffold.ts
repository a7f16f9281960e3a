/**
 * The scaffolding LM and TRF share around their loops: the iteration report, the resumable
 * checkpoint and the result. Both methods keep their live state in local variables (the hot
 * loop stays free of property writes) and hand this helper one reader of that state, so the
 * three views are built from the same snapshot in the same vocabulary and cannot drift apart
 * (they did: TRF once reported its radius as "damping" and its checkpoint stored α there).
 */
import type { MethodName } from '../api-types';
import { askToStop, type MinimizerCheckpoint, type MinimizerIteration } from './minimizer-types';
import type { ResolvedOptions } from './minimizer-options';
import { type MethodResult, type SolutionLinearization, terminationMessage } from './termination';

/** A method's live state, read at a report, a checkpoint or the end of the run. */
export interface LiveRunState {
  /** Accepted parameters (a live view: the helper copies where it must). */
  x: Float64Array;
  cost: number;
  initialCost: number;
  iteration: number;
  nfev: number;
  njev: number;
  /** Trust-region radius Δ. */
  radius: number;
  /** LM's λ (method "lm"). */
  lambda?: number;
  /** TRF's α (method "trf"). */
  alpha?: number;
  gradientNorm: number;
  stepNorm: number;
  stepAccepted: boolean;
  /** Cost per iteration, history[0] at the start (the method's own array). */
  history: number[];
}

export interface RunScaffold {
  /**
   * Whether there is an iteration callback. Without one a method skips `await report()`:
   * an await of a plain false still costs a microtask turn per iteration.
   */
  readonly reporting: boolean;
  /** Hands the current state to the iteration callback; true means the callback asked to stop. */
  report(): boolean | Promise<boolean>;
  /** A resumable copy of the current state. */
  checkpoint(): MinimizerCheckpoint;
  /** The method's result with a Ceres-style message for `status`. */
  result(
    status: MethodResult['status'],
    detail: string,
    linearization: SolutionLinearization | null,
    activeMask?: Int8Array,
  ): MethodResult;
}

/**
 * Builds the scaffolding of one run. `scale` returns a copy of the method's parameter
 * scaling (empty before the first linearization).
 */
export function createRunScaffold(
  method: MethodName,
  opts: Pick<ResolvedOptions, 'onIteration'>,
  read: () => LiveRunState,
  scale: () => number[],
): RunScaffold {
  const checkpoint = (): MinimizerCheckpoint => {
    const s = read();
    return {
      method,
      params: Array.from(s.x),
      cost: s.cost,
      iteration: s.iteration,
      nfev: s.nfev,
      njev: s.njev,
      radius: s.radius,
      ...methodParameters(s),
      scale: scale(),
      history: s.history.slice(),
    };
  };
  const onIteration = opts.onIteration;
  return {
    reporting: onIteration !== undefined,
    report() {
      if (!onIteration) return false;
      const s = read();
      const state: MinimizerIteration = {
        method,
        iteration: s.iteration,
        params: s.x,
        cost: s.cost,
        nfev: s.nfev,
        njev: s.njev,
        radius: s.radius,
        ...methodParameters(s),
        gradientNorm: s.gradientNorm,
        stepNorm: s.stepNorm,
        stepAccepted: s.stepAccepted,
        scale,
        checkpoint,
      };
      return askToStop(onIteration, state);
    },
    checkpoint,
    result(status, detail, linearization, activeMask) {
      const s = read();
      return {
        x: s.x,
        cost: s.cost,
        initialCost: s.initialCost,
        status,
        message: terminationMessage(status, detail),
        iterations: s.iteration,
        nfev: s.nfev,
        njev: s.njev,
        history: s.history,
        linearization,
        ...(activeMask ? { activeMask } : {}),
      };
    },
  };
}

/** λ for LM, α for TRF: only the one the method has. */
function methodParameters(s: LiveRunState): { lambda?: number; alpha?: number } {
  if (s.lambda !== undefined) return { lambda: s.lambda };
  if (s.alpha !== undefined) return { alpha: s.alpha };
  return {};
}
