/**
 * A small metrics registry: counters, gauges and summaries with labels, exported as
 * Prometheus text exposition format (version 0.0.4) and as JSON.
 *
 * Durations use the Prometheus SUMMARY type, not a bucketed histogram: the dashboard
 * wants exact p50/p95, so each series keeps its latest `reservoirSize` observations in a
 * ring buffer and computes quantiles exactly over them (linear interpolation between
 * closest ranks, numpy's default); `_sum` and `_count` cover every observation ever
 * made, as Prometheus client libraries do for their sliding-window summaries.
 *
 * Every name gets the `fitbench_` prefix. Exposition rules followed: HELP text escapes
 * `\` and newline; label values escape `\`, `"` and newline; values are Go-parsable
 * floats with `+Inf`, `-Inf`, `NaN` spelled out. JSON has no NaN/Infinity: they become null.
 */
import { FitbenchError } from '../errors';
import { RingBuffer } from './ring-buffer';

export type Labels = Readonly<Record<string, string>>;
export type MetricType = 'counter' | 'gauge' | 'summary';

export const METRIC_PREFIX = 'fitbench_';
const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function invalid(message: string, field: string): FitbenchError {
  return new FitbenchError('OPTIONS_INVALID', message, { field });
}

function checkNumber(value: number, what: string): void {
  if (typeof value !== 'number') throw invalid(`${what} must be a number, got ${String(value)}`, 'value');
}

/** Exact quantile of sorted values by linear interpolation between closest ranks; NaN if empty. */
export function exactQuantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

abstract class Metric<S> {
  protected readonly series = new Map<string, { labels: Labels; state: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  abstract readonly type: MetricType;
  protected abstract fresh(): S;

  /** All series, in creation order. */
  entries(): { labels: Labels; state: S }[] {
    return [...this.series.values()];
  }

  protected slot(labels: Labels): S {
    const keys = Object.keys(labels);
    if (keys.length !== this.labelNames.length || !this.labelNames.every((l) => typeof labels[l] === 'string')) {
      throw invalid(
        `metric ${this.name} takes labels {${this.labelNames.join(', ')}}, got {${keys.join(', ')}}`,
        'labels',
      );
    }
    const key = JSON.stringify(this.labelNames.map((l) => labels[l]));
    let entry = this.series.get(key);
    if (!entry) {
      const ordered: Record<string, string> = {};
      for (const l of this.labelNames) ordered[l] = labels[l];
      entry = { labels: ordered, state: this.fresh() };
      this.series.set(key, entry);
    }
    return entry.state;
  }

  protected peek(labels: Labels): S | undefined {
    return this.series.get(JSON.stringify(this.labelNames.map((l) => labels[l])))?.state;
  }
}

/** A count that only goes up (requests, retries, checkpoints written). */
export class Counter extends Metric<{ value: number }> {
  readonly type = 'counter';
  protected fresh() {
    return { value: 0 };
  }

  inc(by = 1, labels: Labels = {}): void {
    if (typeof by !== 'number' || !Number.isFinite(by) || by < 0) {
      throw invalid(`counter ${this.name} can only increase by a finite number ≥ 0, got ${String(by)}`, 'value');
    }
    this.slot(labels).value += by;
  }

  get(labels: Labels = {}): number {
    return this.peek(labels)?.value ?? 0;
  }
}

/** A value that goes up and down (memory in use, backend in use, rates). */
export class Gauge extends Metric<{ value: number }> {
  readonly type = 'gauge';
  protected fresh() {
    return { value: 0 };
  }

  /** NaN is allowed: it reads "unknown" (a ratio with nothing to divide). */
  set(value: number, labels: Labels = {}): void {
    checkNumber(value, `gauge ${this.name} value`);
    this.slot(labels).value = value;
  }

  inc(by = 1, labels: Labels = {}): void {
    checkNumber(by, `gauge ${this.name} increment`);
    this.slot(labels).value += by;
  }

  get(labels: Labels = {}): number {
    return this.peek(labels)?.value ?? 0;
  }
}

interface SummaryState {
  reservoir: RingBuffer<number>;
  count: number;
  sum: number;
}

/** Observations (durations) with exact quantiles over the latest `reservoirSize`. */
export class Summary extends Metric<SummaryState> {
  readonly type = 'summary';

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    readonly quantiles: readonly number[],
    private readonly reservoirSize: number,
  ) {
    super(name, help, labelNames);
  }

  protected fresh(): SummaryState {
    return { reservoir: new RingBuffer<number>(this.reservoirSize), count: 0, sum: 0 };
  }

  observe(value: number, labels: Labels = {}): void {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw invalid(`summary ${this.name} observation must be a finite number, got ${String(value)}`, 'value');
    const s = this.slot(labels);
    s.reservoir.push(value);
    s.count++;
    s.sum += value;
  }

  /** Exact q-quantile over the reservoir (NaN with no observations). */
  quantile(q: number, labels: Labels = {}): number {
    if (!(q >= 0 && q <= 1)) throw invalid(`quantile must be in [0, 1], got ${q}`, 'quantile');
    const s = this.peek(labels);
    return s
      ? exactQuantile(
          s.reservoir.toArray().sort((a, b) => a - b),
          q,
        )
      : NaN;
  }

  count(labels: Labels = {}): number {
    return this.peek(labels)?.count ?? 0;
  }

  sum(labels: Labels = {}): number {
    return this.peek(labels)?.sum ?? 0;
  }
}

export type AnyMetric = Counter | Gauge | Summary;

export interface MetricSeriesJson {
  labels: Labels;
  value?: number | null;
  count?: number;
  sum?: number | null;
  quantiles?: Record<string, number | null>;
}

export interface MetricJson {
  name: string;
  help: string;
  type: MetricType;
  series: MetricSeriesJson[];
}

export interface MetricsJson {
  metrics: MetricJson[];
}

/** Formats a sample value as the exposition format spells it. */
export function formatPromValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelBlock(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return '';
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

const jsonNumber = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** One metric to declare: its kind, name (prefixed on registration), help text and label names. */
export type MetricSpec =
  | { type: 'counter' | 'gauge'; name: string; help: string; labels?: readonly string[] }
  | { type: 'summary'; name: string; help: string; labels?: readonly string[]; reservoirSize?: number };

/** The metric a spec declares. */
export type MetricOf<S extends MetricSpec> = S['type'] extends 'counter'
  ? Counter
  : S['type'] extends 'gauge'
    ? Gauge
    : Summary;

/** The metrics a table of specs declares, under the table's keys. */
export type DeclaredMetrics<T extends Record<string, MetricSpec>> = { [K in keyof T]: MetricOf<T[K]> };

export class MetricsRegistry {
  private readonly metrics = new Map<string, AnyMetric>();
  private readonly collectors: (() => void)[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.register(
      name,
      'counter',
      labelNames,
      () => new Counter(this.fullName(name), help, labelNames),
    ) as Counter;
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.register(name, 'gauge', labelNames, () => new Gauge(this.fullName(name), help, labelNames)) as Gauge;
  }

  /** A summary with exact `quantiles` over the latest `reservoirSize` observations per series. */
  summary(
    name: string,
    help: string,
    options: { labelNames?: readonly string[]; quantiles?: readonly number[]; reservoirSize?: number } = {},
  ): Summary {
    const labelNames = options.labelNames ?? [];
    const quantiles = options.quantiles ?? [0.5, 0.95];
    const reservoirSize = options.reservoirSize ?? 1024;
    for (const q of quantiles)
      if (!(q >= 0 && q <= 1)) throw invalid(`summary ${name}: quantile must be in [0, 1], got ${q}`, 'quantiles');
    if (!Number.isInteger(reservoirSize) || reservoirSize < 1)
      throw invalid(`summary ${name}: reservoirSize must be a whole number ≥ 1, got ${reservoirSize}`, 'reservoirSize');
    if (labelNames.includes('quantile'))
      throw invalid(`summary ${name}: 'quantile' is reserved as a label name`, 'labelNames');
    return this.register(
      name,
      'summary',
      labelNames,
      () => new Summary(this.fullName(name), help, labelNames, quantiles, reservoirSize),
    ) as Summary;
  }

  /**
   * Registers a table of metrics at once, in the table's order (the order of the
   * exposition), and returns them under the table's keys.
   */
  declare<T extends Record<string, MetricSpec>>(specs: T): DeclaredMetrics<T> {
    const out: Record<string, AnyMetric> = {};
    for (const [key, spec] of Object.entries(specs)) {
      out[key] =
        spec.type === 'summary'
          ? this.summary(spec.name, spec.help, { labelNames: spec.labels, reservoirSize: spec.reservoirSize })
          : spec.type === 'counter'
            ? this.counter(spec.name, spec.help, spec.labels)
            : this.gauge(spec.name, spec.help, spec.labels);
    }
    return out as DeclaredMetrics<T>;
  }

  /** Runs `fn` before every export: derived gauges (rates, ratios) refresh there. */
  beforeCollect(fn: () => void): void {
    this.collectors.push(fn);
  }

  get(name: string): AnyMetric | undefined {
    return this.metrics.get(this.fullName(name));
  }

  /** Prometheus text exposition format, one family after another, ending in a newline. */
  toPrometheus(): string {
    this.collect();
    const lines: string[] = [];
    for (const m of this.metrics.values()) {
      lines.push(`# HELP ${m.name} ${escapeHelp(m.help)}`, `# TYPE ${m.name} ${m.type}`);
      if (m instanceof Summary) {
        for (const { labels } of m.entries()) {
          for (const q of m.quantiles)
            lines.push(
              `${m.name}${labelBlock(labels, ['quantile', String(q)])} ${formatPromValue(m.quantile(q, labels))}`,
            );
          lines.push(`${m.name}_sum${labelBlock(labels)} ${formatPromValue(m.sum(labels))}`);
          lines.push(`${m.name}_count${labelBlock(labels)} ${formatPromValue(m.count(labels))}`);
        }
      } else {
        // An unlabelled counter or gauge exists from registration: expose its 0.
        const entries = m.entries();
        if (entries.length === 0 && m.labelNames.length === 0) lines.push(`${m.name} 0`);
        for (const { labels, state } of entries)
          lines.push(`${m.name}${labelBlock(labels)} ${formatPromValue(state.value)}`);
      }
    }
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  toJSON(): MetricsJson {
    this.collect();
    const metrics: MetricJson[] = [];
    for (const m of this.metrics.values()) {
      let series: MetricSeriesJson[];
      if (m instanceof Summary) {
        series = m.entries().map(({ labels }) => ({
          labels,
          count: m.count(labels),
          sum: jsonNumber(m.sum(labels)),
          quantiles: Object.fromEntries(m.quantiles.map((q) => [String(q), jsonNumber(m.quantile(q, labels))])),
        }));
      } else {
        series = m.entries().map(({ labels, state }) => ({ labels, value: jsonNumber(state.value) }));
        if (series.length === 0 && m.labelNames.length === 0) series.push({ labels: {}, value: 0 });
      }
      metrics.push({ name: m.name, help: m.help, type: m.type, series });
    }
    return { metrics };
  }

  private collect(): void {
    for (const fn of this.collectors) fn();
  }

  private fullName(name: string): string {
    return name.startsWith(METRIC_PREFIX) ? name : METRIC_PREFIX + name;
  }

  private register(name: string, type: MetricType, labelNames: readonly string[], make: () => AnyMetric): AnyMetric {
    const full = this.fullName(name);
    if (!NAME_RE.test(full))
      throw invalid(`metric name ${JSON.stringify(name)} is not a valid Prometheus name`, 'name');
    for (const l of labelNames) {
      if (!LABEL_RE.test(l) || l.startsWith('__'))
        throw invalid(`metric ${full}: label name ${JSON.stringify(l)} is not valid`, 'labelNames');
    }
    if (new Set(labelNames).size !== labelNames.length)
      throw invalid(`metric ${full}: duplicate label names`, 'labelNames');
    const existing = this.metrics.get(full);
    if (existing) {
      // Same name, same shape: hand back the existing metric (idempotent registration).
      if (existing.type === type && existing.labelNames.join() === labelNames.join()) return existing;
      throw invalid(
        `metric ${full} is already registered as a ${existing.type} with labels {${existing.labelNames.join(', ')}}`,
        'name',
      );
    }
    const metric = make();
    this.metrics.set(full, metric);
    return metric;
  }
}
