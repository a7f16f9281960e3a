/**
 * Prometheus metrics of one batch worker (fits, fits per second, chunks, retries, stalls,
 * failures), served as text on `/metrics` when the worker is given a port.
 */
import { createServer, type Server } from 'node:http';
import { MetricsRegistry } from '../core/reliability';

/** Window over which fits per second is measured. */
const RATE_WINDOW_MS = 10_000;

export class WorkerMetrics {
  readonly registry = new MetricsRegistry();
  private readonly fits = this.registry.counter('batch_worker_fits_total', 'Curves fitted by this worker');
  private readonly rate = this.registry.gauge(
    'batch_worker_fits_per_second',
    'Curves fitted per second over the last 10 seconds',
  );
  private readonly chunks = this.registry.counter(
    'batch_worker_chunks_total',
    'Chunks finished by this worker, by outcome',
    ['outcome'],
  );
  private readonly retries = this.registry.counter(
    'batch_worker_retries_total',
    'Chunk attempts that were retries of an earlier failed attempt',
  );
  private readonly stalls = this.registry.counter(
    'batch_worker_stalled_total',
    'Chunks this worker found stalled (their worker lost the lease) and put back in the queue',
  );
  private readonly active = this.registry.gauge('batch_worker_active_chunks', 'Chunks being fitted now');
  private readonly recent: { t: number; fits: number }[] = [];

  constructor(private readonly clock: () => number = Date.now) {
    this.registry.beforeCollect(() => this.rate.set(this.fitsPerSecond()));
  }

  started(isRetry: boolean): void {
    this.active.inc(1);
    if (isRetry) this.retries.inc();
  }

  completed(curves: number): void {
    this.active.inc(-1);
    this.fits.inc(curves);
    this.chunks.inc(1, { outcome: 'completed' });
    this.recent.push({ t: this.clock(), fits: curves });
  }

  /** `final`: no attempt is left (or the error is unrecoverable); otherwise BullMQ retries it. */
  failed(final: boolean): void {
    this.active.inc(-1);
    this.chunks.inc(1, { outcome: final ? 'failed' : 'retrying' });
  }

  stalled(): void {
    this.stalls.inc();
  }

  fitsPerSecond(): number {
    const t = this.clock();
    while (this.recent.length > 0 && this.recent[0].t < t - RATE_WINDOW_MS) this.recent.shift();
    return this.recent.reduce((s, r) => s + r.fits, 0) / (RATE_WINDOW_MS / 1000);
  }

  /** Serves `/metrics` (Prometheus text) on 0.0.0.0:port, or the host given; resolves with the bound port. */
  serve(port: number, host = '0.0.0.0'): Promise<{ server: Server; port: number }> {
    const server = createServer((req, res) => {
      if (req.url === '/metrics' || req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(this.registry.toPrometheus());
      } else {
        res.writeHead(404).end('not found: try /metrics\n');
      }
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.address();
        resolve({ server, port: typeof address === 'object' && address ? address.port : port });
      });
    });
  }
}
