/**
 * The fit worker's heartbeat: a plain message (no comlink id, so comlink ignores it) posted
 * every WORKER_HEARTBEAT_MS while the worker's event loop turns. The run controller yields
 * to the host between iterations, so a working worker beats; a worker that closed itself,
 * deadlocked or was killed by the browser goes silent, and the page treats the silence as a
 * crash instead of waiting for the job timeout (runtime/worker-pool.ts, after 8 s).
 */

export const WORKER_HEARTBEAT_MS = 1000;

export interface HeartbeatMessage {
  fitbenchHeartbeat: number;
}

export function heartbeatMessage(now: number): HeartbeatMessage {
  return { fitbenchHeartbeat: now };
}

export function isHeartbeat(data: unknown): data is HeartbeatMessage {
  return data !== null && typeof data === 'object' && typeof (data as HeartbeatMessage).fitbenchHeartbeat === 'number';
}
