/**
 * Time and randomness are injected into every reliability component, so the state
 * machines are deterministic under test and no component owns a timer.
 */
import { FitbenchError } from '../errors';
import { mulberry32 } from '../numerics/seeded-random';

/** Milliseconds on any monotonic-enough scale (Date.now, performance.now, a fake). */
export interface Clock {
  now(): number;
}

/** A uniform draw in [0, 1), like Math.random. */
export type RandomSource = () => number;

/** Wall-clock time (Date.now is in the ES library, so this stays pure core). */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told: for tests, replays and simulations. */
export class ManualClock implements Clock {
  private t: number;

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** Moves time forward by `ms` (never backward: the components assume monotonic time). */
  advance(ms: number): number {
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new FitbenchError('OPTIONS_INVALID', `ManualClock.advance: ms must be a finite number ≥ 0, got ${ms}`, {
        field: 'ms',
      });
    }
    this.t += ms;
    return this.t;
  }
}

/** Seeded uniform source for reproducible jitter in tests and chaos runs (the core's one generator). */
export const seededRandom: (seed: number) => RandomSource = mulberry32;
