#!/usr/bin/env node
// Minimal static file server for the built app (dist/), loopback only. Used by `npm start`
// and by the end-to-end tests; no dependency so it works right after `npm ci`.
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { securityHeaders } from './security-headers.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `root` on 127.0.0.1:`port`; unknown paths without an extension get index.html (SPA routes). */
export function serveStatic(root, port, host = '127.0.0.1') {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = normalize(decodeURIComponent(url.pathname));
    if (path.includes('\0')) {
      res.writeHead(400).end('bad path');
      return;
    }
    let file = join(base, path);
    if (!file.startsWith(base)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      if (extname(path) === '') file = join(base, 'index.html');
      else {
        res.writeHead(404).end('not found');
        return;
      }
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      ...securityHeaders(file),
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
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
