/**
 * Redis connection options for BullMQ's Queue, Worker and QueueEvents objects: BullMQ
 * creates (and closes) its own ioredis clients from them, one per object.
 */
import type { ConnectionOptions } from 'bullmq';
import { FitbenchError } from '../core/errors';
import type { RedisTarget } from './queue-url';

/** The queue all batch workers listen on, unless `--queue-name` says otherwise. */
export const DEFAULT_QUEUE_NAME = 'fitbench-batch';

/** How long the first connection may take before the command gives up with QUEUE_UNAVAILABLE. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Options for one BullMQ Queue, Worker or QueueEvents. */
export function connectionFor(target: RedisTarget): ConnectionOptions {
  const { host, port, db, username, password } = target;
  // BullMQ's blocking commands need maxRetriesPerRequest null; ioredis reconnects on its own.
  return { host, port, db, username, password, maxRetriesPerRequest: null };
}

/** Resolves when every BullMQ object is connected; QUEUE_UNAVAILABLE (naming the server) after the timeout. */
export async function whenConnected(
  target: RedisTarget,
  ready: Promise<unknown>[],
  timeoutMs = CONNECT_TIMEOUT_MS,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fail = (why: string) =>
    new FitbenchError('QUEUE_UNAVAILABLE', `cannot reach Redis at ${target.host}:${target.port}: ${why}`, {
      host: target.host,
      port: target.port,
    });
  try {
    await Promise.race([
      Promise.all(ready).catch((error: Error) => {
        throw fail(error.message);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(fail(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
