/**
 * Issue 9 item 4: health reads a failure storm promptly. Every fit fails (the chaos switch
 * failureRate:1 injects INJECTED_FAULT in the worker; retries exhaust at once here): the
 * badge reads Degraded at the second failed fit and Failed at the third, the CPU breaker
 * counts every failed attempt, and two successes after the storm bring it back to Healthy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FitService } from './fit-service';
import { FakeRunner, flush, ManualTimers, MemoryStorage } from '../test-support/runtime-fakes';

const problem = { model: 'a*x', x: [1, 2, 3], y: [2, 4, 6], p0: { a: 1 } };
let service: FitService | null = null;
afterEach(() => service?.dispose());

describe('health under a failure storm', () => {
  it('Degraded by the second failure, Failed by the third, Healthy two successes after', async () => {
    const runner = new FakeRunner(1);
    service = new FitService({
      runner,
      storage: new MemoryStorage(),
      clock: new ManualTimers(),
      random: () => 0.5,
      config: { retry: { maxRetries: 0 } },
    });
    const states: string[] = [];
    for (let i = 0; i < 8; i++) {
      const { done } = service.submit(problem);
      done.catch(() => undefined);
      runner.last.fail({ code: 'INJECTED_FAULT', message: 'Injected fault (chaos failureRate 1)', context: {} });
      await flush();
      states.push(service.getSnapshot().health.state);
    }
    expect(states).toEqual(['Healthy', 'Degraded', 'Failed', 'Failed', 'Failed', 'Failed', 'Failed', 'Failed']);
    const cpu = service.getSnapshot().breakers.find((b) => b.name === 'cpu');
    expect(cpu?.totalFailures).toBe(8);
    expect(cpu?.state).toBe('open');

    const after: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { done } = service.submit(problem);
      runner.last.succeed();
      await done;
      await flush();
      after.push(service.getSnapshot().health.state);
    }
    expect(after).toEqual(['Recovery', 'Healthy', 'Healthy']);
  });
});
