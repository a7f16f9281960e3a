/**
 * What a minimizer hands back to the frame, and the Ceres-style termination messages
 * ("Function tolerance reached. |cost_change|/cost: … <= …").
 */
import type { FitStatus } from '../api-types';

/** The linearization a method still holds at its final x (saves one Jacobian evaluation). */
export interface SolutionLinearization {
  /** Loss-scaled Jacobian, row-major m × p (dense methods). */
  jacobian: Float64Array | null;
  /** Loss-scaled residuals matching `jacobian`, when the method kept them. */
  residuals: Float64Array | null;
  /** JᵀJ and Jᵀr, when the method can give them without the residuals. */
  normalEquations?(jtj: Float64Array, jtr: Float64Array): void;
}

export interface MethodResult {
  x: Float64Array;
  cost: number;
  initialCost: number;
  status: FitStatus;
  message: string;
  iterations: number;
  nfev: number;
  njev: number;
  history: number[];
  linearization: SolutionLinearization | null;
  activeMask?: Int8Array;
}

const HEADLINES: Record<FitStatus, string> = {
  ftol: 'Function tolerance reached',
  xtol: 'Parameter tolerance reached',
  'xtol+ftol': 'Function and parameter tolerances reached',
  gtol: 'Gradient tolerance reached',
  'max-iterations': 'Maximum number of iterations reached',
  'user-stop': 'Stopped by the iteration callback',
  aborted: 'Aborted: the abort signal was raised',
  'non-finite': 'Terminated: non-finite values',
  failure: 'Terminated: numerical failure',
};

/** "Headline. detail." for a status. */
export function terminationMessage(status: FitStatus, detail: string): string {
  return detail
    ? `${HEADLINES[status]}. ${detail.charAt(0).toUpperCase()}${detail.slice(1)}.`
    : `${HEADLINES[status]}.`;
}
