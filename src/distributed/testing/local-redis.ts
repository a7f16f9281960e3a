/**
 * A throwaway Redis server for tests and benchmarks: Debian's `redis-server` on 127.0.0.1 at
 * a free port with its own data directory, no persistence, stopped (and the directory
 * removed) by `stop()`. Nothing here listens beyond loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalRedis {
  port: number;
  url: string;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.FITBENCH_REDIS_SERVER ?? 'redis-server';

/** A port the kernel just handed out on loopback (closed again before Redis binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts redis-server; resolves once it accepts connections (at most `timeoutMs`). */
export async function startLocalRedis(timeoutMs = 10_000): Promise<LocalRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fitbench-redis-'));
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start in ${timeoutMs} ms:\n${log}`)),
      timeoutMs,
    );
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${REDIS_SERVER}: ${error.message} (install Debian's redis-server)`));
    });
    const poll = setInterval(() => {
      if (/Ready to accept connections/.test(log)) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 20);
    child.once('exit', () => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`redis-server exited at start:\n${log}`));
    });
  });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
