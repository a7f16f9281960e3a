import { describe, expect, it } from 'vitest';
import { NO_CHAOS } from '../../runtime/chaos';
import { readUrlOptions } from './url-options';

describe('URL options', () => {
  it('read demo, backend and chaos', () => {
    const o = readUrlOptions('?demo=large&backend=webgpu&chaos=iterationDelayMs:50,quotaExceeded:1');
    expect(o.demo).toBe('large');
    expect(o.backend).toBe('webgpu');
    expect(o.chaos).toEqual({ ...NO_CHAOS, iterationDelayMs: 50, quotaExceeded: true });
    expect(o.problems).toEqual([]);
  });

  it('report bad values instead of failing', () => {
    const o = readUrlOptions('?backend=tpu&chaos=failureRat:1');
    expect(o.backend).toBeNull();
    expect(o.chaos).toEqual(NO_CHAOS);
    expect(o.problems).toHaveLength(2);
    expect(o.problems[0]).toContain('tpu');
    expect(o.problems[1]).toContain('failureRat');
  });

  it('nothing asked, nothing set', () => {
    expect(readUrlOptions('')).toEqual({ demo: null, backend: null, chaos: NO_CHAOS, problems: [] });
  });
});
