import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/fitbench-config';
import { FitbenchError } from '../errors';
import { ManualClock } from './clock';
import type { JobLogRecord, JobLogStatus } from './job-log';
import { JobLog } from './job-log';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 6);

describe('JobLog', () => {
  it('writes {timestamp, jobId, status, metrics, diagnostics} records stamped by the clock', () => {
    const clock = new ManualClock(T0);
    const log = new JobLog(clock);
    const r = log.append('job-1', 'converged', {
      metrics: { iterations: 12, cost: 0.5, backend: 'cpu' },
      diagnostics: ['ok'],
    });
    expect(r).toEqual({
      timestamp: '2025-01-02T03:04:05.006Z',
      jobId: 'job-1',
      status: 'converged',
      metrics: { iterations: 12, cost: 0.5, backend: 'cpu' },
      diagnostics: ['ok'],
    });
    clock.advance(1000);
    const f = log.append('job-1', 'failed', { error: { code: 'WORKER_CRASH', message: 'worker died' } });
    expect(f).toMatchObject({
      timestamp: '2025-01-02T03:04:06.006Z',
      metrics: {},
      diagnostics: [],
      error: { code: 'WORKER_CRASH', message: 'worker died' },
    });
  });

  it('stores non-finite metric values as null and drops undefined ones', () => {
    const log = new JobLog(new ManualClock(T0));
    const r = log.append('j', 'running', { metrics: { cost: NaN, grad: Infinity, missing: undefined, ok: true } });
    expect(r.metrics).toEqual({ cost: null, grad: null, ok: true });
  });

  it('copies diagnostics so later edits do not change the record', () => {
    const log = new JobLog(new ManualClock(T0));
    const diagnostics = ['a'];
    log.append('j', 'warning', { diagnostics });
    diagnostics.push('b');
    expect(log.records()[0].diagnostics).toEqual(['a']);
  });

  it('is a bounded ring buffer, oldest records dropped', () => {
    const log = new JobLog(new ManualClock(T0), parseConfig({ log: { capacity: 3 } }).log);
    for (let i = 0; i < 5; i++) log.append(`job-${i}`, 'queued');
    expect(log.size).toBe(3);
    expect(log.droppedCount).toBe(2);
    expect(log.records().map((r) => r.jobId)).toEqual(['job-2', 'job-3', 'job-4']);
  });

  it('exports JSON Lines that parse back record by record', () => {
    const clock = new ManualClock(T0);
    const log = new JobLog(clock);
    log.append('a', 'queued');
    log.append('b', 'running', { metrics: { iteration: 3 } });
    log.append('a', 'retrying', { error: { code: 'TIMEOUT', message: 'slow "fit"\nline' } });
    const text = log.toJsonLines();
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => JSON.parse(l) as JobLogRecord)).toEqual(log.records());
    expect(log.toJsonLines('a').split('\n').filter(Boolean)).toHaveLength(2);
    expect(new JobLog(clock).toJsonLines()).toBe('');
  });

  it('filters by job and notifies subscribers', () => {
    const log = new JobLog(new ManualClock(T0));
    const heard: string[] = [];
    const off = log.onRecord((r) => heard.push(`${r.jobId}:${r.status}`));
    log.append('a', 'queued');
    log.append('b', 'queued');
    off();
    log.append('a', 'cancelled');
    expect(heard).toEqual(['a:queued', 'b:queued']);
    expect(log.records('a').map((r) => r.status)).toEqual(['queued', 'cancelled']);
    log.clear();
    expect(log.size).toBe(0);
  });

  it('rejects an empty job id, an unknown status and a clock that is not a time', () => {
    const log = new JobLog(new ManualClock(T0));
    expect(() => log.append('', 'queued')).toThrow(FitbenchError);
    expect(() => log.append('j', 'done' as JobLogStatus)).toThrow(/unknown job log status "done"/);
    expect(() => new JobLog({ now: () => NaN }).append('j', 'queued')).toThrow(/clock/);
  });
});
