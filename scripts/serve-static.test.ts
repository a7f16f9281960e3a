import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './serve-static.mjs';
import { cacheControlFor, etagMatches, negotiateEncoding } from './static-files.mjs';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let root: string;
let server: Server;
let port: number;
const SCRIPT = `export const answer = ${JSON.stringify('x'.repeat(4000))};\n`;
const INDEX = `<!doctype html><html><head><title>Fitbench</title></head><body>${'<p>hello</p>'.repeat(100)}</body></html>`;

/** A raw request (node:http, so nothing decodes or caches behind the test's back). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'fitbench-serve-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'sw.js'), `self.addEventListener('fetch', () => {});${' '.repeat(300)}`);
  writeFileSync(join(root, 'manifest.webmanifest'), JSON.stringify({ name: 'Fitbench', pad: 'y'.repeat(400) }));
  writeFileSync(join(root, 'assets', 'main-BuYz7oOe.js'), SCRIPT);
  writeFileSync(join(root, 'assets', 'icon-Ab12Cd34.png'), Buffer.alloc(2048, 7));
  server = await serveStatic(root, 0);
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(root, { recursive: true, force: true });
});

describe('serve-static: hashed assets', () => {
  it('are immutable for a year and sent as brotli or gzip as the client accepts', async () => {
    const br = await get('/assets/main-BuYz7oOe.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(SCRIPT.length / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);

    const gz = await get('/assets/main-BuYz7oOe.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);
    expect(gz.headers.etag).not.toBe(br.headers.etag);

    const plain = await get('/assets/main-BuYz7oOe.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
  });

  it('sends already-compressed images as they are', async () => {
    const png = await get('/assets/icon-Ab12Cd34.png', { 'accept-encoding': 'br, gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toContain('immutable');
    expect(png.body.length).toBe(2048);
  });
});

describe('serve-static: index.html, sw.js and the manifest', () => {
  it('are revalidated: no-cache with an ETag and Last-Modified, 304 when current', async () => {
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const first = await get(path, { 'accept-encoding': 'gzip' });
      expect(first.status, path).toBe(200);
      expect(first.headers['cache-control'], path).toBe('no-cache');
      expect(first.headers.etag, path).toMatch(/^"[A-Za-z0-9_-]+(-gzip)?"$/);
      expect(Date.parse(String(first.headers['last-modified'])), path).not.toBeNaN();
      const again = await get(path, { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) });
      expect(again.status, path).toBe(304);
      expect(again.body.length, path).toBe(0);
      expect(again.headers.etag, path).toBe(first.headers.etag);
      expect(again.headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('answers 200 with the new content when the file changed, and 304 on If-Modified-Since', async () => {
    const first = await get('/index.html');
    const since = await get('/index.html', { 'if-modified-since': String(first.headers['last-modified']) });
    expect(since.status).toBe(304);
    writeFileSync(join(root, 'index.html'), INDEX.replace('hello', 'new deployment'));
    const changed = await get('/index.html', { 'if-none-match': String(first.headers.etag) });
    expect(changed.status).toBe(200);
    expect(changed.body.toString()).toContain('new deployment');
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });

  it('serves index.html for app routes, 404 for missing files, and refuses paths outside the folder', async () => {
    const route = await get('/notebooks');
    expect(route.status).toBe(200);
    expect(route.headers['content-type']).toContain('text/html');
    expect((await get('/assets/missing-AAAAAAAA.js')).status).toBe(404);
    expect((await get('/../package.json')).status).not.toBe(200);
    expect((await get('/%2e%2e/package.json')).status).not.toBe(200);
    expect((await get('/', {}, 'POST')).status).toBe(405);
    const head = await get('/assets/main-BuYz7oOe.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('br');
  });
});

describe('static-files rules', () => {
  it('marks only content-hashed build assets immutable', () => {
    expect(cacheControlFor('assets/main-BuYz7oOe.js')).toContain('immutable');
    expect(cacheControlFor('assets/fit.worker-Cdl052xJ.js')).toContain('immutable');
    expect(cacheControlFor('assets/KaTeX_Main-Regular-B22Nviop.woff2')).toContain('immutable');
    expect(cacheControlFor('index.html')).toBe('no-cache');
    expect(cacheControlFor('sw.js')).toBe('no-cache');
    expect(cacheControlFor('manifest.webmanifest')).toBe('no-cache');
    expect(cacheControlFor('icons/icon-192.png')).toBe('no-cache');
  });

  it('negotiates brotli over gzip, honours q=0, and falls back to identity', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*, br;q=0')).toBe('gzip');
    expect(negotiateEncoding('deflate')).toBe('identity');
    expect(negotiateEncoding(undefined)).toBe('identity');
    expect(negotiateEncoding('br', ['gzip'])).toBe('identity');
  });

  it('matches ETags weakly, in lists, and *', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
    expect(etagMatches(undefined, '"abc"')).toBe(false);
  });
});
