import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics-registry';
import { SlidingRate } from './sliding-rate';

describe('SlidingRate', () => {
  it('counts the events of the window (now − window, now] per second', () => {
    const rate = new SlidingRate(10_000);
    rate.record(1_000, 5);
    rate.record(4_000, 3);
    rate.record(9_000);
    expect(rate.perSecond(10_000)).toBeCloseTo(0.9);
    expect(rate.perSecond(11_000)).toBeCloseTo(0.4); // the record at 1 s is exactly 10 s old: out
    expect(rate.perSecond(11_000, 2_000)).toBeCloseTo(2);
    expect(rate.perSecond(30_000)).toBe(0);
  });

  it('stays right across compaction of old records', () => {
    const rate = new SlidingRate(100);
    for (let t = 0; t < 5000; t++) rate.record(t);
    expect(rate.perSecond(4999)).toBeCloseTo(1000);
  });
});

describe('MetricsRegistry.declare', () => {
  it('registers a table of metrics in its order under its keys', () => {
    const registry = new MetricsRegistry();
    const m = registry.declare({
      done: { type: 'counter', name: 'done_total', help: 'Done.', labels: ['outcome'] },
      level: { type: 'gauge', name: 'level', help: 'Level.' },
      took: { type: 'summary', name: 'took_seconds', help: 'Took.', reservoirSize: 4 },
    });
    m.done.inc(2, { outcome: 'ok' });
    m.level.set(3);
    m.took.observe(1);
    const text = registry.toPrometheus();
    expect(text.indexOf('fitbench_done_total')).toBeLessThan(text.indexOf('fitbench_level'));
    expect(text.indexOf('fitbench_level')).toBeLessThan(text.indexOf('fitbench_took_seconds'));
    expect(text).toContain('fitbench_done_total{outcome="ok"} 2');
    expect(text).toContain('fitbench_took_seconds_count 1');
    expect(registry.get('level')).toBe(m.level);
  });
});
