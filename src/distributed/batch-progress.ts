/** Progress of a distributed batch as the coordinator sees it, and its one-line rendering. */

export interface BatchProgressReport {
  curves: number;
  curvesDone: number;
  chunks: number;
  chunksDone: number;
  chunksFailed: number;
  /** Chunks found finished when this coordinator started (a restart continues from them). */
  chunksResumed: number;
  /** Curves per second over the last few seconds (NaN before the first measurement). */
  fitsPerSecond: number;
  /** Seconds to go at that rate (NaN while unknown). */
  etaSeconds: number;
}

/** Measures a rate over a sliding window of (time, total) samples. */
export class RateMeter {
  private readonly samples: { t: number; total: number }[] = [];

  constructor(private readonly windowMs = 10_000) {}

  add(t: number, total: number): void {
    this.samples.push({ t, total });
    while (this.samples.length > 2 && this.samples[1].t <= t - this.windowMs) this.samples.shift();
  }

  perSecond(): number {
    if (this.samples.length < 2) return Number.NaN;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    return b.t > a.t ? ((b.total - a.total) * 1000) / (b.t - a.t) : Number.NaN;
  }
}

const grouped = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** `[#####---------] 35% 70,000/200,000 curves · 7/20 chunks · 23,400 fits/s · ETA 6 s` */
export function formatProgress(p: BatchProgressReport, width = 24): string {
  const fraction = p.curves > 0 ? p.curvesDone / p.curves : 0;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const parts = [
    `${bar} ${Math.floor(fraction * 100)}% ${grouped(p.curvesDone)}/${grouped(p.curves)} curves`,
    `${p.chunksDone}/${p.chunks} chunks${p.chunksFailed > 0 ? ` (${p.chunksFailed} failed)` : ''}`,
    Number.isFinite(p.fitsPerSecond) ? `${grouped(p.fitsPerSecond)} fits/s` : 'waiting for workers',
    `ETA ${duration(p.etaSeconds)}`,
  ];
  return parts.join(' · ');
}
