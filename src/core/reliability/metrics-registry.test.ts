import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../errors';
import { ManualClock } from './clock';
import { FitMetrics } from './fit-metrics';
import { exactQuantile, MetricsRegistry } from './metrics-registry';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Family {
  name: string;
  help: string;
  type: string;
  samples: Sample[];
}

/** A strict reader of the Prometheus text format 0.0.4: throws on any malformed line. */
function parseExposition(text: string): Map<string, Family> {
  expect(text.endsWith('\n')).toBe(true);
  const families = new Map<string, Family>();
  let current: Family | null = null;
  let pendingHelp: { name: string; help: string } | null = null;
  for (const line of text.slice(0, -1).split('\n')) {
    const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|summary|histogram|untyped)$/.exec(line);
    if (help) {
      pendingHelp = { name: help[1], help: unescapeHelp(help[2]) };
      continue;
    }
    if (type) {
      if (pendingHelp?.name !== type[1]) throw new Error(`TYPE without HELP just before: ${line}`);
      if (families.has(type[1])) throw new Error(`family declared twice: ${type[1]}`);
      current = { name: type[1], help: pendingHelp.help, type: type[2], samples: [] };
      families.set(type[1], current);
      pendingHelp = null;
      continue;
    }
    const sample = parseSample(line);
    if (!current) throw new Error(`sample before any TYPE: ${line}`);
    const allowed =
      current.type === 'summary' ? [current.name, `${current.name}_sum`, `${current.name}_count`] : [current.name];
    if (!allowed.includes(sample.name)) throw new Error(`sample ${sample.name} outside its family ${current.name}`);
    current.samples.push(sample);
  }
  return families;
}

function unescapeHelp(s: string): string {
  return s.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

function parseSample(line: string): Sample {
  const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (!head) throw new Error(`bad sample line: ${line}`);
  let i = head[1].length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    while (line[i] !== '}') {
      const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(i));
      if (!m) throw new Error(`bad label at ${i}: ${line}`);
      i += m[0].length;
      let value = '';
      while (line[i] !== '"') {
        if (i >= line.length) throw new Error(`unterminated label value: ${line}`);
        if (line[i] === '\\') {
          const next = line[i + 1];
          if (next === 'n') value += '\n';
          else if (next === '\\' || next === '"') value += next;
          else throw new Error(`bad escape \\${next}: ${line}`);
          i += 2;
        } else {
          value += line[i++];
        }
      }
      i++;
      labels[m[1]] = value;
      if (line[i] === ',') i++;
      else if (line[i] !== '}') throw new Error(`expected , or } at ${i}: ${line}`);
    }
    i++;
  }
  const rest = line.slice(i);
  const v = /^ (\+Inf|-Inf|NaN|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)$/.exec(rest);
  if (!v) throw new Error(`bad value in: ${line}`);
  const value = v[1] === '+Inf' ? Infinity : v[1] === '-Inf' ? -Infinity : Number(v[1]);
  return { name: head[1], labels, value };
}

describe('exactQuantile', () => {
  it('interpolates between closest ranks', () => {
    expect(exactQuantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(exactQuantile([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8);
    expect(exactQuantile([7], 0.95)).toBe(7);
    expect(exactQuantile([], 0.5)).toBeNaN();
  });
});

describe('MetricsRegistry', () => {
  it('exports counters, gauges and summaries in the exposition format', () => {
    const r = new MetricsRegistry();
    const c = r.counter('jobs_total', 'Jobs seen.', ['status']);
    c.inc(1, { status: 'ok' });
    c.inc(2, { status: 'ok' });
    c.inc(1, { status: 'failed' });
    r.gauge('temperature', 'A gauge.').set(-1.5e-7);
    const s = r.summary('wait_seconds', 'Waits.', { quantiles: [0.5, 0.9] });
    for (let v = 1; v <= 11; v++) s.observe(v / 4); // binary fractions: exact text below
    const text = r.toPrometheus();
    expect(text).toBe(
      [
        '# HELP fitbench_jobs_total Jobs seen.',
        '# TYPE fitbench_jobs_total counter',
        'fitbench_jobs_total{status="ok"} 3',
        'fitbench_jobs_total{status="failed"} 1',
        '# HELP fitbench_temperature A gauge.',
        '# TYPE fitbench_temperature gauge',
        'fitbench_temperature -1.5e-7',
        '# HELP fitbench_wait_seconds Waits.',
        '# TYPE fitbench_wait_seconds summary',
        'fitbench_wait_seconds{quantile="0.5"} 1.5',
        'fitbench_wait_seconds{quantile="0.9"} 2.5',
        'fitbench_wait_seconds_sum 16.5',
        'fitbench_wait_seconds_count 11',
        '',
      ].join('\n'),
    );
    const families = parseExposition(text);
    expect([...families.keys()]).toEqual(['fitbench_jobs_total', 'fitbench_temperature', 'fitbench_wait_seconds']);
    expect(families.get('fitbench_wait_seconds')?.samples.find((x) => x.labels.quantile === '0.9')?.value).toBe(2.5);
  });

  it('escapes HELP text and label values so they parse back exactly', () => {
    const r = new MetricsRegistry();
    const nasty = 'back\\slash "quoted"\nnew line';
    r.counter('odd_total', 'Help with \\ and\nnewline.', ['path']).inc(1, { path: nasty });
    const text = r.toPrometheus();
    expect(text).toContain('fitbench_odd_total{path="back\\\\slash \\"quoted\\"\\nnew line"} 1');
    const family = parseExposition(text).get('fitbench_odd_total');
    expect(family?.help).toBe('Help with \\ and\nnewline.');
    expect(family?.samples[0].labels.path).toBe(nasty);
  });

  it('spells out +Inf, -Inf and NaN', () => {
    const r = new MetricsRegistry();
    const g = r.gauge('g', 'g', ['k']);
    g.set(Infinity, { k: 'a' });
    g.set(-Infinity, { k: 'b' });
    g.set(NaN, { k: 'c' });
    r.summary('empty_seconds', 'No observations yet.', { labelNames: ['k'] });
    const text = r.toPrometheus();
    expect(text).toContain('fitbench_g{k="a"} +Inf\nfitbench_g{k="b"} -Inf\nfitbench_g{k="c"} NaN\n');
    const values = parseExposition(text)
      .get('fitbench_g')
      ?.samples.map((s) => s.value);
    expect(values?.slice(0, 2)).toEqual([Infinity, -Infinity]);
    expect(values?.[2]).toBeNaN();
  });

  it('exposes an untouched unlabelled counter as 0 and an empty labelled one as no samples', () => {
    const r = new MetricsRegistry();
    r.counter('a_total', 'a');
    r.counter('b_total', 'b', ['x']);
    const f = parseExposition(r.toPrometheus());
    expect(f.get('fitbench_a_total')?.samples).toEqual([{ name: 'fitbench_a_total', labels: {}, value: 0 }]);
    expect(f.get('fitbench_b_total')?.samples).toEqual([]);
  });

  it('keeps quantiles over the latest reservoirSize observations, sum and count over all', () => {
    const r = new MetricsRegistry();
    const s = r.summary('d_seconds', 'd', { reservoirSize: 10 });
    for (let v = 1; v <= 100; v++) s.observe(v);
    expect(s.quantile(0.5)).toBe(95.5);
    expect(s.count()).toBe(100);
    expect(s.sum()).toBe(5050);
  });

  it('exports JSON with null for non-finite values', () => {
    const r = new MetricsRegistry();
    r.gauge('ratio', 'r').set(NaN);
    r.summary('s_seconds', 's').observe(2);
    r.counter('c_total', 'c', ['k']).inc(4, { k: 'v' });
    const json = JSON.parse(JSON.stringify(r.toJSON())) as ReturnType<MetricsRegistry['toJSON']>;
    expect(json.metrics).toEqual([
      { name: 'fitbench_ratio', help: 'r', type: 'gauge', series: [{ labels: {}, value: null }] },
      {
        name: 'fitbench_s_seconds',
        help: 's',
        type: 'summary',
        series: [{ labels: {}, count: 1, sum: 2, quantiles: { '0.5': 2, '0.95': 2 } }],
      },
      { name: 'fitbench_c_total', help: 'c', type: 'counter', series: [{ labels: { k: 'v' }, value: 4 }] },
    ]);
  });

  it('registration is idempotent for the same shape and refuses a clash', () => {
    const r = new MetricsRegistry();
    const a = r.counter('x_total', 'x', ['k']);
    expect(r.counter('fitbench_x_total', 'x', ['k'])).toBe(a);
    expect(() => r.gauge('x_total', 'x', ['k'])).toThrow(/already registered as a counter/);
    expect(() => r.counter('x_total', 'x', ['other'])).toThrow(FitbenchError);
  });

  it('rejects bad names, labels and values', () => {
    const r = new MetricsRegistry();
    expect(() => r.counter('bad-name', 'x')).toThrow(/not a valid Prometheus name/);
    expect(() => r.counter('ok_total', 'x', ['bad-label'])).toThrow(/label name/);
    expect(() => r.counter('ok2_total', 'x', ['__reserved'])).toThrow(/label name/);
    expect(() => r.counter('ok3_total', 'x', ['a', 'a'])).toThrow(/duplicate/);
    expect(() => r.summary('s', 'x', { labelNames: ['quantile'] })).toThrow(/reserved/);
    expect(() => r.summary('s2', 'x', { quantiles: [1.5] })).toThrow(/\[0, 1\]/);
    expect(() => r.summary('s3', 'x', { reservoirSize: 0 })).toThrow(/reservoirSize/);
    const c = r.counter('c_total', 'x', ['k']);
    expect(() => c.inc(-1, { k: 'a' })).toThrow(/only increase/);
    expect(() => c.inc(1, {})).toThrow(/takes labels \{k\}/);
    expect(() => c.inc(1, { k: 'a', extra: 'b' })).toThrow(FitbenchError);
    expect(() => r.summary('s4', 'x').observe(NaN)).toThrow(/finite/);
  });
});

describe('FitMetrics', () => {
  function run() {
    const clock = new ManualClock(0);
    const m = new FitMetrics(clock);
    for (let i = 1; i <= 20; i++) {
      clock.advance(500);
      m.recordFit(i * 10, i % 10 !== 0, 'cpu');
    }
    m.recordRetry('WORKER_CRASH');
    m.recordRetry('WORKER_CRASH');
    m.recordRetry('GPU_DEVICE_LOST');
    m.recordCheckpoint();
    m.recordRecovery(1500);
    m.setBackend('webgpu');
    m.setGpuMemoryBytes(1 << 20);
    m.setHealthState('Degraded');
    m.setErrorBudgetRemaining(0.25);
    m.recordLatencyAnomaly();
    return { clock, m };
  }

  it('summarises the dashboard figures', () => {
    const { m } = run();
    const s = m.snapshot();
    expect(s).toMatchObject({
      fits: 20,
      successes: 18,
      failures: 2,
      retries: 3,
      checkpointsWritten: 1,
      lastRecoveryMs: 1500,
      backend: 'webgpu',
      gpuMemoryBytes: 1 << 20,
      latencyAnomalies: 1,
    });
    expect(s.successRate).toBeCloseTo(0.9);
    expect(s.p50Ms).toBeCloseTo(105);
    expect(s.p95Ms).toBeCloseTo(190.5);
    expect(s.recoveryP50Ms).toBeCloseTo(1500);
    // 20 fits in 10 s since start (shorter than the 60 s window).
    expect(s.fitsPerSecond).toBeCloseTo(2);
  });

  it('fits per second slides with the window', () => {
    const { clock, m } = run();
    clock.advance(60_000 - 2_000); // now 68 s: the window (8 s, 68 s] holds the last 4 fits
    expect(m.fitsPerSecond()).toBeCloseTo(4 / 60);
    clock.advance(10_000);
    expect(m.fitsPerSecond()).toBe(0);
  });

  it('exports every metric, prefixed and parseable', () => {
    const { m } = run();
    const f = parseExposition(m.toPrometheus());
    const value = (name: string, labels: Record<string, string> = {}) =>
      f.get(name)?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('fitbench_fits_total', { outcome: 'success' })).toBe(18);
    expect(value('fitbench_fits_total', { outcome: 'failure' })).toBe(2);
    expect(value('fitbench_fit_duration_seconds', { quantile: '0.5' })).toBeCloseTo(0.105);
    expect(value('fitbench_fit_duration_seconds', { quantile: '0.95' })).toBeCloseTo(0.1905);
    expect(f.get('fitbench_fit_duration_seconds')?.samples.find((s) => s.name.endsWith('_count'))?.value).toBe(20);
    expect(value('fitbench_fits_per_second')).toBeCloseTo(2);
    expect(value('fitbench_fit_success_ratio')).toBeCloseTo(0.9);
    expect(value('fitbench_retries_total', { code: 'WORKER_CRASH' })).toBe(2);
    expect(value('fitbench_checkpoints_written_total')).toBe(1);
    expect(value('fitbench_recovery_seconds', { quantile: '0.5' })).toBeCloseTo(1.5);
    expect(value('fitbench_backend_in_use', { backend: 'webgpu' })).toBe(1);
    expect(value('fitbench_backend_in_use', { backend: 'cpu' })).toBe(0);
    expect(value('fitbench_gpu_memory_allocated_bytes')).toBe(1 << 20);
    expect(value('fitbench_health_state', { state: 'Degraded' })).toBe(1);
    expect(value('fitbench_health_state', { state: 'Healthy' })).toBe(0);
    expect(value('fitbench_error_budget_remaining')).toBe(0.25);
    expect(value('fitbench_latency_anomalies_total')).toBe(1);
    for (const name of f.keys()) expect(name.startsWith('fitbench_')).toBe(true);
  });

  it('reports NaN success rate and quantiles before any fit, as JSON nulls', () => {
    const m = new FitMetrics(new ManualClock(0));
    expect(m.snapshot().successRate).toBeNaN();
    const ratio = m.toJSON().metrics.find((x) => x.name === 'fitbench_fit_success_ratio');
    expect(ratio?.series[0].value).toBeNull();
    expect(m.toPrometheus()).toContain('fitbench_fit_success_ratio NaN\n');
  });

  it('rejects bad figures', () => {
    const m = new FitMetrics(new ManualClock(0));
    expect(() => m.recordFit(-1, true)).toThrow(FitbenchError);
    expect(() => m.recordRecovery(NaN)).toThrow(/recoveryMs/);
    expect(() => m.setBackend('tpu' as 'cpu')).toThrow(/unknown backend/);
    expect(() => m.setHealthState('Fine' as 'Healthy')).toThrow(/unknown health state/);
    expect(() => m.setErrorBudgetRemaining(2)).toThrow(/\[0, 1\]/);
  });
});
