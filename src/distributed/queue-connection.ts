/**
 * Redis connections for BullMQ objects. BullMQ does not close a connection it was handed,
 * so each owner keeps its list and quits them after closing its queues and workers.
 */
import { createBunRedisClient, type ConnectionOptions } from 'bullmq';
import { RespConnection } from './resp-connection';
import type { RedisTarget } from './queue-url';

/** The queue all batch workers listen on, unless `--queue-name` says otherwise. */
export const DEFAULT_QUEUE_NAME = 'fitbench-batch';

export class QueueConnections {
  private readonly clients: { quit(): Promise<unknown> }[] = [];

  constructor(readonly target: RedisTarget) {}

  /** A fresh connection for one BullMQ Queue, Worker or QueueEvents. */
  next(): ConnectionOptions {
    const client = createBunRedisClient(new RespConnection(this.target));
    // A dropped connection reconnects on its own (BullMQ's adapter); the error is logged there.
    client.on('error', () => undefined);
    this.clients.push(client);
    return client as unknown as ConnectionOptions;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.quit().catch(() => undefined)));
  }
}
