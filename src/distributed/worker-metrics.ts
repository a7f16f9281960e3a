/**
 * Prometheus metrics of one batch worker (fits, fits per second, chunks, retries, stalls,
 * failures), served as text on `/metrics` when the worker is given a port.
 */
import { createServer, type Server } from 'node:http';
import { MetricsRegistry, SlidingRate, type MetricSpec } from '../core/reliability';

/** Window over which fits per second is measured. */
const RATE_WINDOW_MS = 10_000;

/** The worker's metrics, in exposition order. */
const WORKER_METRICS = {
  fits: { type: 'counter', name: 'batch_worker_fits_total', help: 'Curves fitted by this worker' },
  rate: {
    type: 'gauge',
    name: 'batch_worker_fits_per_second',
    help: 'Curves fitted per second over the last 10 seconds',
  },
  chunks: {
    type: 'counter',
    name: 'batch_worker_chunks_total',
    help: 'Chunks finished by this worker, by outcome',
    labels: ['outcome'],
  },
  retries: {
    type: 'counter',
    name: 'batch_worker_retries_total',
    help: 'Chunk attempts that were retries of an earlier failed attempt',
  },
  stalls: {
    type: 'counter',
    name: 'batch_worker_stalled_total',
    help: 'Chunks this worker found stalled (their worker lost the lease) and put back in the queue',
  },
  active: { type: 'gauge', name: 'batch_worker_active_chunks', help: 'Chunks being fitted now' },
} as const satisfies Record<string, MetricSpec>;

export class WorkerMetrics {
  readonly registry = new MetricsRegistry();
  private readonly m = this.registry.declare(WORKER_METRICS);
  private readonly recent = new SlidingRate(RATE_WINDOW_MS);

  constructor(private readonly clock: () => number = Date.now) {
    this.registry.beforeCollect(() => this.m.rate.set(this.fitsPerSecond()));
  }

  started(isRetry: boolean): void {
    this.m.active.inc(1);
    if (isRetry) this.m.retries.inc();
  }

  completed(curves: number): void {
    this.m.active.inc(-1);
    this.m.fits.inc(curves);
    this.m.chunks.inc(1, { outcome: 'completed' });
    this.recent.record(this.clock(), curves);
  }

  /** `final`: no attempt is left (or the error is unrecoverable); otherwise BullMQ retries it. */
  failed(final: boolean): void {
    this.m.active.inc(-1);
    this.m.chunks.inc(1, { outcome: final ? 'failed' : 'retrying' });
  }

  stalled(): void {
    this.m.stalls.inc();
  }

  fitsPerSecond(): number {
    return this.recent.perSecond(this.clock());
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
