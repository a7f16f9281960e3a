// What the static server sends for a file: its bytes (gzip and brotli variants made once
// with node:zlib and kept in memory), a strong ETag from its content, and the caching rule.
// Hashed build assets (dist/assets/name-<hash>.ext) never change under their name, so they
// are cached for a year as immutable; everything else (index.html, sw.js, the manifest) is
// revalidated on every use with its ETag / Last-Modified, so a new deployment is seen at once.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export const CONTENT_TYPES = {
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
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** Types worth compressing (PNG and WOFF2 are compressed already). */
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.webmanifest',
  '.svg',
  '.ico',
  '.csv',
  '.md',
  '.wasm',
  '.map',
  '.txt',
  '.ttf',
]);

/** Below this, compression saves less than the header costs. */
const MIN_COMPRESS_BYTES = 256;
/** Files above this are sent as they are (and not kept in memory). */
const MAX_CACHED_BYTES = 64 * 1024 * 1024;

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Vite's content-hashed output: assets/<name>-<8+ chars of hash>.<ext>[.map]. */
const HASHED_ASSET = /^assets\/(?:.+\/)?[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(?:\.map)?$/;

/** The Cache-Control of a file, by its path relative to the served folder ('/'-separated). */
export function cacheControlFor(relativePath) {
  return HASHED_ASSET.test(relativePath) ? IMMUTABLE : REVALIDATE;
}

/** The encoding to send: brotli, then gzip, when the client accepts it (q > 0), else identity. */
export function negotiateEncoding(acceptEncoding, available = ['br', 'gzip']) {
  const accepted = new Map();
  for (const part of String(acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (name) => {
    const q = accepted.has(name) ? accepted.get(name) : accepted.get('*');
    return q !== undefined && q > 0;
  };
  for (const encoding of ['br', 'gzip']) if (available.includes(encoding) && ok(encoding)) return encoding;
  return 'identity';
}

/** True when one of the If-None-Match tags names `etag` (weak comparison, or '*'). */
export function etagMatches(ifNoneMatch, etag) {
  if (!ifNoneMatch) return false;
  const strip = (tag) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(etag));
}

const entries = new Map();

/**
 * The file's representations, made once per content version (keyed by size and mtime, so
 * a rebuilt dist/ is picked up without a restart). Returns null for a file too big to cache.
 */
export async function loadStaticFile(file) {
  const info = await stat(file);
  if (info.size > MAX_CACHED_BYTES) return null;
  const version = `${info.size}:${info.mtimeMs}`;
  const known = entries.get(file);
  if (known && known.version === version) return known.entry;
  const entry = buildEntry(file, info);
  entries.set(file, { version, entry });
  entry.catch(() => entries.delete(file));
  return entry;
}

async function buildEntry(file, info) {
  const body = await readFile(file);
  const ext = extname(file).toLowerCase();
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  const variants = { identity: body };
  if (COMPRESSIBLE.has(ext) && body.length >= MIN_COMPRESS_BYTES) {
    const [br, gz] = await Promise.all([
      brotli(body, {
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
      gzipAsync(body, { level: 9 }),
    ]);
    // Keep a variant only where it is smaller than the file itself.
    if (br.length < body.length) variants.br = br;
    if (gz.length < body.length) variants.gzip = gz;
  }
  return {
    name: basename(file),
    contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    compressible: Object.keys(variants).length > 1,
    lastModified: new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString(),
    mtimeSeconds: Math.floor(info.mtimeMs / 1000),
    variants,
    /** One ETag per representation: a gzip body is not the same bytes as the brotli one. */
    etag: (encoding) => `"${hash}${encoding === 'identity' ? '' : `-${encoding}`}"`,
  };
}

/**
 * Compresses every file under `root` ahead of the first request, one at a time in the
 * background (brotli of a multi-megabyte chunk takes a second or more). Source maps are
 * left for when someone asks for them.
 */
export async function warmStaticFiles(root) {
  const walk = async (dir) => {
    for (const item of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) await walk(path);
      else if (!item.name.endsWith('.map')) await loadStaticFile(path).catch(() => null);
    }
  };
  await walk(root).catch(() => undefined);
}
