/**
 * A Redis connection over RESP2 with the surface of Bun's built-in `RedisClient` (`send`,
 * `connected`, `onconnect`/`onclose`, `connect`, `close`, `duplicate`), which BullMQ wraps in
 * its own adapter (`createBunRedisClient`): BullMQ keeps every queue semantic (Lua scripts,
 * leases, stalled-job recovery, retries); this file only moves bytes. It exists because the
 * project ships without `ioredis`; with ioredis installed, `redisConnectionFor` could hand
 * BullMQ an ioredis instance instead and nothing else would change.
 */
import { createConnection, type Socket } from 'node:net';
import type { RedisTarget } from './queue-url';

type Reply = string | number | null | Error | Reply[];

interface Pending {
  resolve: (value: Reply) => void;
  reject: (error: Error) => void;
}

/** Thrown for every command in flight when the socket closes (BullMQ's adapter knows this text). */
const CLOSED_MESSAGE = 'Connection closed';

export class RespConnection {
  connected = false;
  onconnect: (() => void) | null = null;
  onclose: ((error?: Error) => void) | null = null;
  onerror: ((error: Error) => void) | null = null;
  readonly url: string;
  private socket: Socket | null = null;
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private connecting: Promise<void> | null = null;

  constructor(private readonly target: RedisTarget) {
    this.url = `redis://${target.host}:${target.port}/${target.db}`;
  }

  /** Opens the socket, authenticates and selects the database; resolves when commands can run. */
  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.connecting ??= new Promise<void>((resolve, reject) => {
      const socket = createConnection({ host: this.target.host, port: this.target.port });
      socket.setNoDelay(true);
      this.socket = socket;
      let opened = false;
      socket.on('data', (chunk) => this.receive(chunk));
      socket.on('error', (error) => {
        if (!opened) reject(error);
        this.onerror?.(error);
      });
      socket.on('close', () => {
        const wasConnected = this.connected;
        this.connected = false;
        this.socket = null;
        this.connecting = null;
        this.buffer = Buffer.alloc(0);
        const error = new Error(CLOSED_MESSAGE);
        for (const p of this.pending.splice(0)) p.reject(error);
        if (!opened) reject(new Error(`cannot reach Redis at ${this.target.host}:${this.target.port}`));
        if (wasConnected) this.onclose?.(error);
      });
      socket.once('connect', () => {
        const setup: Promise<Reply>[] = [];
        if (this.target.password !== undefined) {
          const auth = this.target.username ? [this.target.username, this.target.password] : [this.target.password];
          setup.push(this.write('AUTH', auth));
        }
        if (this.target.db !== 0) setup.push(this.write('SELECT', [String(this.target.db)]));
        Promise.all(setup).then(
          () => {
            opened = true;
            this.connected = true;
            resolve();
            this.onconnect?.();
          },
          (error: Error) => {
            socket.destroy();
            reject(error);
          },
        );
      });
    });
    return this.connecting;
  }

  /** Runs one command; an error reply rejects. Written at once, so a burst of sends stays contiguous. */
  send<T = Reply>(command: string, args: readonly (string | Buffer | number)[]): Promise<T> {
    if (!this.socket || !this.connected) return Promise.reject(new Error(`${CLOSED_MESSAGE} (not connected)`));
    return this.write(command, args) as Promise<T>;
  }

  get(key: string): Promise<string | null> {
    return this.send<string | null>('GET', [key]);
  }

  smembers(key: string): Promise<string[]> {
    return this.send<string[]>('SMEMBERS', [key]);
  }

  incr(key: string): Promise<number> {
    return this.send<number>('INCR', [key]);
  }

  /** Closes the socket; commands in flight reject. */
  close(): void {
    this.socket?.end();
    this.socket?.destroy();
  }

  /** A new, unconnected connection to the same server (BullMQ's blocking clients use their own). */
  async duplicate(): Promise<this> {
    const copy = new RespConnection(this.target);
    await copy.connect();
    return copy as this;
  }

  private write(command: string, args: readonly (string | Buffer | number)[]): Promise<Reply> {
    const socket = this.socket as Socket;
    const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n$${Buffer.byteLength(command)}\r\n${command}\r\n`)];
    for (const arg of args) {
      const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg));
      parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
    }
    const promise = new Promise<Reply>((resolve, reject) => this.pending.push({ resolve, reject }));
    socket.write(Buffer.concat(parts));
    return promise.then((reply) => {
      if (reply instanceof Error) throw reply;
      return reply;
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    while (offset < this.buffer.length) {
      const parsed = parseReply(this.buffer, offset);
      if (parsed === null) break;
      offset = parsed.next;
      const waiter = this.pending.shift();
      waiter?.resolve(parsed.value);
    }
    this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
  }
}

const CRLF = Buffer.from('\r\n');

/** One RESP2 reply starting at `offset`, or null when the buffer does not hold all of it yet. */
export function parseReply(buffer: Buffer, offset: number): { value: Reply; next: number } | null {
  if (offset >= buffer.length) return null;
  const lineEnd = buffer.indexOf(CRLF, offset);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buffer[offset]);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const after = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new Error(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: after };
      if (buffer.length < after + length + 2) return null;
      return { value: buffer.toString('utf8', after, after + length), next: after + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: Reply[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, next);
        if (item === null) return null;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`Redis protocol error: unexpected reply type "${type}"`);
  }
}
