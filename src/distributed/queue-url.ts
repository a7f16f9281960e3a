import { FitbenchError } from '../core/errors';

/** Where the Redis server behind the batch queue is. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
}

/**
 * Reads `redis://[user:password@]host[:port][/db]` (the `--queue` option). Anything else is
 * OPTIONS_INVALID with the expected shape, so a typo never reaches a socket.
 */
export function parseQueueUrl(text: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(text, 'not a URL');
  }
  if (url.protocol !== 'redis:') throw invalid(text, `the scheme is "${url.protocol.replace(':', '')}", not redis`);
  if (url.hostname === '') throw invalid(text, 'no host');
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0) throw invalid(text, `"${path}" is not a database number`);
  const target: RedisTarget = { host: url.hostname.replace(/^\[|\]$/g, ''), port, db };
  if (url.password !== '') target.password = decodeURIComponent(url.password);
  if (url.username !== '') {
    if (url.password === '') target.password = decodeURIComponent(url.username);
    else target.username = decodeURIComponent(url.username);
  }
  return target;
}

function invalid(text: string, why: string): FitbenchError {
  return new FitbenchError(
    'OPTIONS_INVALID',
    `--queue "${text}": ${why}; expected redis://host[:port][/db] (for example redis://127.0.0.1:6379)`,
    { field: 'queue' },
  );
}
