#!/usr/bin/env node
// Static file server for the built app (dist/), loopback only. Used by `npm start` and by
// the end-to-end tests; no dependency so it works right after `npm ci`. Hashed assets go
// out compressed (brotli or gzip, as the client accepts) and cacheable for a year as
// immutable; index.html, sw.js and the manifest are revalidated (ETag, Last-Modified, 304).
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import {
  cacheControlFor,
  CONTENT_TYPES,
  etagMatches,
  loadStaticFile,
  negotiateEncoding,
  warmStaticFiles,
} from './static-files.mjs';
import { securityHeaders } from './security-headers.mjs';

/** Resolves a request path to a file under `base`: null when outside it, index.html for SPA routes. */
function fileFor(base, pathname) {
  const path = normalize(decodeURIComponent(pathname));
  if (path.includes('\0')) return { status: 400 };
  let file = join(base, path);
  if (file !== base && !file.startsWith(base + sep)) return { status: 403 };
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    if (extname(path) === '') file = join(base, 'index.html');
    else return { status: 404 };
  }
  return { file };
}

/** The headers of a file's response; every response of a file goes through here. */
function fileHeaders(entry, cacheControl, encoding) {
  const headers = {
    'content-type': entry.contentType,
    'cache-control': cacheControl,
    etag: entry.etag(encoding),
    'last-modified': entry.lastModified,
  };
  if (entry.compressible) headers.vary = 'Accept-Encoding';
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  return headers;
}

/** True when the client's copy is current (If-None-Match first, then If-Modified-Since). */
function notModified(req, entry, etag) {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch) return etagMatches(ifNoneMatch, etag);
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && entry.mtimeSeconds * 1000 <= since;
}

async function handle(base, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end('method not allowed');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  let target;
  try {
    target = fileFor(base, url.pathname);
  } catch {
    target = { status: 400 };
  }
  if (!target.file) {
    const text = { 400: 'bad path', 403: 'forbidden', 404: 'not found' }[target.status];
    res.writeHead(target.status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    return;
  }
  const cacheControl = cacheControlFor(relative(base, target.file).split(sep).join('/'));
  const entry = await loadStaticFile(target.file);
  if (!entry) {
    // Too big to keep in memory: streamed as it is.
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(target.file)] ?? 'application/octet-stream',
      'cache-control': cacheControl,
      ...securityHeaders(target.file),
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(target.file).pipe(res);
    return;
  }
  const encoding = negotiateEncoding(req.headers['accept-encoding'], Object.keys(entry.variants));
  const headers = { ...fileHeaders(entry, cacheControl, encoding), ...securityHeaders(target.file) };
  if (notModified(req, entry, headers.etag)) {
    delete headers['content-type'];
    delete headers['content-encoding'];
    res.writeHead(304, headers).end();
    return;
  }
  const body = entry.variants[encoding];
  res.writeHead(200, { ...headers, 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Serves `root` on `host`:`port` (127.0.0.1 by default); paths without an extension get index.html (SPA routes). */
export function serveStatic(root, port, host = '127.0.0.1') {
  const base = resolve(root);
  const server = createServer((req, res) => {
    handle(base, req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`server error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      void warmStaticFiles(base);
      ok(server);
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? process.env.PORT ?? 4173);
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`serve-static: ${root}/index.html not found — run "npm run build" first.`);
    process.exit(2);
  }
  const server = await serveStatic(root, port);
  const { port: actual } = server.address();
  console.log(`Fitbench is being served at http://127.0.0.1:${actual}/`);
}
