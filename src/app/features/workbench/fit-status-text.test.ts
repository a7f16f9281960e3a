import { describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../../runtime';
import { fitStatusText } from './fit-status-text';

const job = (over: Partial<JobSnapshot>): JobSnapshot =>
  ({
    status: 'running',
    iteration: 4,
    cost: 0.125,
    resumedFromIteration: null,
    retries: 0,
    error: null,
    result: null,
    ...over,
  }) as JobSnapshot;

describe('fit-status text', () => {
  it('a refusal replaces the previous fit in the status', () => {
    const done = job({ status: 'converged', result: null });
    expect(fitStatusText(done, null)).toContain('converged');
    const refused = fitStatusText(done, {
      code: 'OPTIONS_INVALID',
      message: "Max iterations must be a whole number ≥ 1; got 'abc'.",
    });
    expect(refused).toBe("not started: Max iterations must be a whole number ≥ 1; got 'abc'.");
    expect(refused).not.toContain('converged');
  });

  it('holds the contract word for every state', () => {
    expect(fitStatusText(undefined, null)).toBe('idle');
    expect(fitStatusText(job({}), null)).toBe('running: iteration 4, cost 0.125000');
    expect(fitStatusText(job({ status: 'queued' }), null)).toContain('running');
    expect(
      fitStatusText(
        job({ status: 'retrying', retries: 1, error: { code: 'WORKER_CRASH', message: 'x', context: {} } }),
        null,
      ),
    ).toContain('running: retrying after WORKER_CRASH (retry 1)');
    expect(fitStatusText(job({ resumedFromIteration: 10 }), null)).toContain('resumed from iteration 10');
    expect(
      fitStatusText(job({ status: 'failed', error: { code: 'INJECTED_FAULT', message: 'boom', context: {} } }), null),
    ).toBe('failed: boom');
    expect(fitStatusText(job({ status: 'cancelled' }), null)).toMatch(/^cancelled/);
  });

  it('a fit that stopped short does not read as converged', () => {
    const text = fitStatusText(
      job({
        status: 'not-converged',
        result: { message: 'max iterations', status: 'max-iterations' } as JobSnapshot['result'],
      }),
      null,
    );
    expect(text).not.toContain('converged:');
    expect(text).toContain('failed');
  });

  it('says why a fit did not start', () => {
    expect(fitStatusText(undefined, { code: 'DATA_EMPTY', message: 'no data' })).toBe('not started: no data');
  });
});

describe('fit-status text after a resume', () => {
  it('keeps the resume point in the converged sentence', () => {
    const text = fitStatusText(
      job({
        status: 'converged',
        resumedFromIteration: 4,
        result: { message: 'ok', iterations: 11, cost: 0.5 } as JobSnapshot['result'],
      }),
      null,
    );
    expect(text).toBe('converged: ok (11 iterations, cost 0.500000, resumed from iteration 4)');
  });
});
