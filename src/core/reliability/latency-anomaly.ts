/**
 * Fit latency anomaly detector: an exponentially weighted mean and variance (West 1979 /
 * Finch 2009 incremental form) of ln(1 + latency in ms).
 *
 * Why the log: latencies are positive and right-skewed, and their noise grows with their
 * size, so a z-score in log space reads as "k standard deviations of relative change"
 * and works the same for a 5 ms fit and a 5 s fit. The +1 ms keeps a 0 ms reading
 * (coarse timers) finite and damps sub-millisecond jitter that is timer noise.
 *
 * One-sided: only slower-than-usual fits are flagged. Each latency is scored against the
 * statistics from BEFORE it, then folded in (flagged ones too, so a lasting shift becomes
 * the new normal instead of alarming forever). No flag before `warmup` observations.
 */
import type { AnomalyConfig } from '../config/fitbench-config';
import { DEFAULT_CONFIG } from '../config/fitbench-config';
import { FitbenchError } from '../errors';

export interface LatencyVerdict {
  anomaly: boolean;
  /** Standard score of this latency in log space (0 for the first observation). */
  z: number;
  latencyMs: number;
  /** The typical latency before this one, exp(mean) − 1, in ms. */
  expectedMs: number;
  /** Observations so far, this one included. */
  count: number;
}

export interface LatencySnapshot {
  count: number;
  /** EWMA of ln(1 + ms) and its standard deviation (before the floor). */
  logMean: number;
  logStd: number;
  typicalMs: number;
  anomalies: number;
}

export class LatencyAnomalyDetector {
  private n = 0;
  private mean = 0;
  private variance = 0;
  private flagged = 0;

  constructor(private readonly config: AnomalyConfig = DEFAULT_CONFIG.anomaly) {}

  /** Scores one fit's latency, then updates the EWMA with it. */
  observe(latencyMs: number): LatencyVerdict {
    if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0) {
      throw new FitbenchError(
        'OPTIONS_INVALID',
        `fit latency must be a finite number of ms ≥ 0, got ${String(latencyMs)}`,
        { field: 'latencyMs' },
      );
    }
    const x = Math.log1p(latencyMs);
    const expectedMs = this.n === 0 ? latencyMs : Math.expm1(this.mean);
    let z = 0;
    if (this.n === 0) {
      this.mean = x;
    } else {
      z = (x - this.mean) / Math.max(Math.sqrt(this.variance), this.config.minStd);
      const a = this.config.ewmaAlpha;
      const diff = x - this.mean;
      const incr = a * diff;
      this.mean += incr;
      this.variance = (1 - a) * (this.variance + diff * incr);
    }
    // `warmup` observations must precede a flag: this one is number n + 1.
    const anomaly = this.n >= this.config.warmup && z > this.config.zThreshold;
    this.n++;
    if (anomaly) this.flagged++;
    return { anomaly, z, latencyMs, expectedMs, count: this.n };
  }

  snapshot(): LatencySnapshot {
    return {
      count: this.n,
      logMean: this.mean,
      logStd: Math.sqrt(this.variance),
      typicalMs: this.n === 0 ? 0 : Math.expm1(this.mean),
      anomalies: this.flagged,
    };
  }

  reset(): void {
    this.n = 0;
    this.mean = 0;
    this.variance = 0;
    this.flagged = 0;
  }
}
