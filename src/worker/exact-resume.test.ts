/**
 * A fit interrupted and resumed through the product's own path (the solver's IterationState
 * → the worker's CheckpointTracker → the worker's IndexedDB sink → the stored checkpoint →
 * the page's ResumeState → curveFit's resumeFrom) ends where the uninterrupted fit ends, bit
 * for bit. TRF once restarted with α = Δ here, because its report called the radius "damping"
 * and the checkpoint read "damping" back as α.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { FitProblem, FitResult, IterationState, LibraryFitOptions, MethodName } from '../core/api-types';
import { curveFit } from '../core/fit/curve-fit';
import { createCheckpointStore, openDatabase } from '../persistence';
import { toResumeState } from '../runtime/service-storage';
import { CheckpointTracker } from './checkpoint-tracker';
import { openCheckpointSink } from './worker-storage';

const xs = Array.from({ length: 60 }, (_, i) => i * 0.15);
/** A start far enough off that TRF's trust region binds for a few iterations (α > 0 there). */
const problem: FitProblem = {
  model: 'a*exp(-(x-mu)^2/(2*s^2)) + c',
  x: xs,
  // Deterministic wiggle instead of noise: the fit does not reach the data exactly.
  y: xs.map((x, i) => 3 * Math.exp(-((x - 4) ** 2) / 2) + 0.5 + 0.02 * Math.sin(7 * i)),
  p0: { a: 1, mu: 6, s: 3, c: 0 },
  bounds: { a: [0, 10], mu: [0, 9], s: [0.1, 5], c: [-1, 1] },
};

async function interruptAndResume(problem: FitProblem, method: MethodName, stopAt: number, jobId: string) {
  const options: LibraryFitOptions = { method };
  const sink = await openCheckpointSink({ keep: 2, quotaExceeded: false });
  const policy = { enabled: true, everyIterations: 1, everyMs: Number.POSITIVE_INFINITY, keep: 2 };
  const tracker = new CheckpointTracker(jobId, policy, sink, method, undefined, {
    now: () => 0,
    wallClock: () => 1_700_000_000_000,
    onWritten: () => {},
    onDisabled: (reason) => {
      throw new Error(`checkpoints turned off: ${reason.message}`);
    },
  });
  const seen: IterationState[] = [];
  const interrupted = await curveFit(problem, {
    ...options,
    onIteration: (s) => {
      seen.push(s);
      tracker.observe(s);
      return s.iteration >= stopAt ? 'stop' : undefined;
    },
  });
  await tracker.settle();
  expect(interrupted.status).toBe('user-stop');

  const opened = await openDatabase();
  if (!opened.ok) throw opened.error;
  const stored = await createCheckpointStore(opened.db).readLatestCheckpoint(jobId);
  opened.db.close();
  expect(stored?.iteration).toBe(stopAt);
  const resumeFrom = toResumeState(stored!);
  const resumed = await curveFit(problem, { ...options, resumeFrom });
  return { resumed, seen, resumeFrom };
}

function expectIdentical(a: FitResult, b: FitResult): void {
  for (const name of Object.keys(a.params)) {
    expect(Object.is(a.params[name], b.params[name]), `${name}: ${a.params[name]} vs ${b.params[name]}`).toBe(true);
    expect(Object.is(a.stdErrors[name], b.stdErrors[name])).toBe(true);
  }
  expect(b.cost).toBe(a.cost);
  expect(b.iterations).toBe(a.iterations);
  expect(b.nfev).toBe(a.nfev);
  expect(b.status).toBe(a.status);
}

describe('exact resume through IterationState → checkpoint → ResumeState', () => {
  it('TRF: the resumed fit equals the uninterrupted one bit for bit, α and Δ restored apart', async () => {
    const whole = await curveFit(problem, { method: 'trf' });
    expect(whole.converged).toBe(true);
    expect(whole.iterations).toBeGreaterThan(5);
    const { resumed, seen, resumeFrom } = await interruptAndResume(problem, 'trf', 3, 'trf-exact');
    const at = seen.find((s) => s.iteration === 3)!;
    expect(at.method).toBe('trf');
    expect(at).not.toHaveProperty('lambda');
    expect(resumeFrom.radius).toBe(at.radius);
    expect(resumeFrom.alpha).toBe(at.alpha);
    // The trust region binds here (α > 0), and α and Δ differ: restoring one as the other changes the path.
    expect(resumeFrom.alpha).toBeGreaterThan(0);
    expect(resumeFrom.alpha).not.toBe(resumeFrom.radius);
    expectIdentical(whole, resumed);
  });

  it('LM: the same holds with λ and Δ', async () => {
    const unbounded: FitProblem = { ...problem, bounds: undefined };
    const whole = await curveFit(unbounded, { method: 'lm' });
    const { resumed, seen } = await interruptAndResume(unbounded, 'lm', 3, 'lm-exact');
    expect(seen[3]).not.toHaveProperty('alpha');
    expect(seen[3].lambda).toBeGreaterThan(0);
    expectIdentical(whole, resumed);
  });
});
