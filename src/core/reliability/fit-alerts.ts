/**
 * Per-fit alerts over the stream of IterationState a minimizer reports:
 *
 * - stalled: the cost fell by less than `stallRelativeDecrease` (relative to the cost
 *   `stallWindow` iterations earlier). Raised once, re-armed when progress resumes.
 *   A cost of exactly 0 is an exact fit, not a stall.
 * - gradient-explosion: the gradient norm became NaN/±Infinity, or grew above
 *   `gradientExplosionFactor` times its running minimum AND above its first value. The
 *   second condition keeps a wobble near convergence (1e-12 → 1e-7) from counting.
 *   Raised once per fit.
 *
 * The window is in iteration numbers, not observations, so a throttled stream (every
 * few iterations) is judged the same. An iteration number lower than the last one
 * starts a new fit (a fresh job, or a resume from an earlier checkpoint).
 */
import type { IterationState } from '../api-types';
import type { AlertsConfig } from '../config/fitbench-config';
import { DEFAULT_CONFIG } from '../config/fitbench-config';
import { FitbenchError } from '../errors';

export type FitAlertKind = 'stalled' | 'gradient-explosion';

export interface FitAlert {
  kind: FitAlertKind;
  message: string;
  /** Iteration at which the condition was detected. */
  iteration: number;
}

interface CostPoint {
  iteration: number;
  cost: number;
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

export class FitAlertDetector {
  private points: CostPoint[] = [];
  private lastIteration = -Infinity;
  private stallArmed = true;
  private exploded = false;
  private firstGradient: number | null = null;
  private minGradient = Infinity;
  private raised: FitAlert[] = [];

  constructor(private readonly config: AlertsConfig = DEFAULT_CONFIG.alerts) {}

  /** Feeds one iteration; returns the alerts it raised (usually none). */
  observe(state: IterationState): FitAlert[] {
    if (!state || typeof state !== 'object' || !Number.isFinite(state.iteration)) {
      throw new FitbenchError('OPTIONS_INVALID', 'fit alerts need an IterationState with a finite iteration number', {
        field: 'iteration',
      });
    }
    if (state.iteration < this.lastIteration) this.reset();
    this.lastIteration = state.iteration;
    const out: FitAlert[] = [];
    const explosion = this.checkGradient(state);
    if (explosion) out.push(explosion);
    const stall = this.checkStall(state);
    if (stall) out.push(stall);
    this.raised.push(...out);
    return out;
  }

  /** Every alert raised since the last reset, oldest first. */
  alerts(): FitAlert[] {
    return [...this.raised];
  }

  /** Forgets the fit: the next state starts a new one. */
  reset(): void {
    this.points = [];
    this.lastIteration = -Infinity;
    this.stallArmed = true;
    this.exploded = false;
    this.firstGradient = null;
    this.minGradient = Infinity;
    this.raised = [];
  }

  private checkGradient(s: IterationState): FitAlert | null {
    const g = s.gradientNorm;
    if (this.exploded) return null;
    if (!Number.isFinite(g)) {
      this.exploded = true;
      return {
        kind: 'gradient-explosion',
        iteration: s.iteration,
        message: `Gradient explosion: the gradient norm became ${g} at iteration ${s.iteration}.`,
      };
    }
    if (this.firstGradient === null) {
      this.firstGradient = g;
      this.minGradient = g;
      return null;
    }
    const factor = this.config.gradientExplosionFactor;
    const exploded = g > factor * this.minGradient && g > this.firstGradient;
    const min = this.minGradient;
    this.minGradient = Math.min(this.minGradient, g);
    if (!exploded) return null;
    this.exploded = true;
    return {
      kind: 'gradient-explosion',
      iteration: s.iteration,
      message: `Gradient explosion: the gradient norm ${fmt(g)} at iteration ${s.iteration} is over ${fmt(factor)}× its minimum ${fmt(min)}.`,
    };
  }

  private checkStall(s: IterationState): FitAlert | null {
    if (!Number.isFinite(s.cost)) return null;
    const window = this.config.stallWindow;
    this.points.push({ iteration: s.iteration, cost: s.cost });
    // Keep exactly one point at or before (iteration − window): the comparison base.
    const limit = s.iteration - window;
    while (this.points.length >= 2 && this.points[1].iteration <= limit) this.points.shift();
    const base = this.points[0];
    if (base.iteration > limit || base.cost === 0) return null;
    const decrease = (base.cost - s.cost) / Math.abs(base.cost);
    const threshold = this.config.stallRelativeDecrease;
    if (decrease >= threshold) {
      this.stallArmed = true;
      return null;
    }
    if (!this.stallArmed) return null;
    this.stallArmed = false;
    return {
      kind: 'stalled',
      iteration: s.iteration,
      message: `Fit stalled: the cost changed by ${fmt(-decrease)} (relative) over the last ${s.iteration - base.iteration} iterations, less than the ${fmt(threshold)} decrease expected.`,
    };
  }
}

/** Runs a fresh detector over a recorded iteration history (a checkpoint's, say). */
export function detectFitAlerts(
  states: Iterable<IterationState>,
  config: AlertsConfig = DEFAULT_CONFIG.alerts,
): FitAlert[] {
  const detector = new FitAlertDetector(config);
  for (const s of states) detector.observe(s);
  return detector.alerts();
}
