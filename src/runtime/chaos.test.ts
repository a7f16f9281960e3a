import { describe, expect, it } from 'vitest';
import { errorOf } from '../test-support/fitbench-error-of';
import { chaosActive, chaosFromSearch, formatChaos, mergeChaos, NO_CHAOS, parseChaos } from './chaos';

describe('parseChaos', () => {
  it('parses every switch', () => {
    expect(
      parseChaos(
        'iterationDelayMs:50,crashWorkerAtIteration:12,loseDeviceAtIteration:3,failureRate:0.25,quotaExceeded:1',
      ),
    ).toEqual({
      iterationDelayMs: 50,
      crashWorkerAtIteration: 12,
      loseDeviceAtIteration: 3,
      failureRate: 0.25,
      quotaExceeded: true,
    });
  });

  it('treats an empty value as no chaos and tolerates spaces and a trailing comma', () => {
    expect(parseChaos('')).toEqual(NO_CHAOS);
    expect(parseChaos(' failureRate : 1 , ')).toEqual({ ...NO_CHAOS, failureRate: 1 });
  });

  it.each([
    ['failureRate:2', 'failureRate', 'between 0 and 1'],
    ['failureRate:abc', 'failureRate', 'not a number'],
    ['crashWorkerAtIteration:2.5', 'crashWorkerAtIteration', 'whole iteration number'],
    ['crashWorkerAtIteration:0', 'crashWorkerAtIteration', 'whole iteration number'],
    ['iterationDelayMs:-1', 'iterationDelayMs', 'between 0'],
    ['iterationDelayMs:', 'iterationDelayMs', 'not a number'],
    ['quotaExceeded:maybe', 'quotaExceeded', '1 or 0'],
    ['crashAt:3', 'crashAt', 'unknown switch'],
    ['failureRate:0.1,failureRate:0.2', 'failureRate', 'given twice'],
    ['failureRate', 'failureRate', 'needs a value'],
  ])('rejects %s naming the key', (text, key, words) => {
    const e = errorOf(() => parseChaos(text));
    expect(e.code).toBe('OPTIONS_INVALID');
    expect(e.context.key).toBe(key);
    expect(e.message).toContain(key);
    expect(e.message).toContain(words);
  });

  it('rejects hexadecimal and other non-decimal spellings', () => {
    expect(errorOf(() => parseChaos('iterationDelayMs:0x10')).context.key).toBe('iterationDelayMs');
  });
});

describe('chaosFromSearch', () => {
  it('reads &chaos= from a query string, URL-decoded', () => {
    expect(chaosFromSearch('?demo=gaussian&chaos=iterationDelayMs%3A20%2CquotaExceeded%3A1')).toEqual({
      ...NO_CHAOS,
      iterationDelayMs: 20,
      quotaExceeded: true,
    });
    expect(chaosFromSearch('?demo=gaussian')).toEqual(NO_CHAOS);
  });
});

describe('formatChaos and mergeChaos', () => {
  it('round-trips through the URL form', () => {
    const c = parseChaos('crashWorkerAtIteration:5,failureRate:0.5');
    expect(parseChaos(formatChaos(c))).toEqual(c);
    expect(chaosActive(c)).toBe(true);
    expect(chaosActive(NO_CHAOS)).toBe(false);
  });

  it('merges typed panel values and validates them', () => {
    const c = mergeChaos(NO_CHAOS, { failureRate: 1, quotaExceeded: true, crashWorkerAtIteration: 4 });
    expect(c).toEqual({ ...NO_CHAOS, failureRate: 1, quotaExceeded: true, crashWorkerAtIteration: 4 });
    expect(mergeChaos(c, { crashWorkerAtIteration: null }).crashWorkerAtIteration).toBeNull();
    expect(errorOf(() => mergeChaos(NO_CHAOS, { failureRate: -0.5 })).context.key).toBe('failureRate');
    expect(errorOf(() => mergeChaos(NO_CHAOS, { bogus: 1 } as never)).context.key).toBe('bogus');
  });
});
