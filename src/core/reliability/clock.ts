/**
 * Time and randomness are injected into every reliability component, so the state
 * machines are deterministic under test and no component owns a timer.
 */
import { FitbenchError } from '../errors';

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

/**
 * Small seeded PRNG (mulberry32): reproducible jitter in tests and in chaos runs.
 * Not for anything security-related.
 */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
