#!/usr/bin/env node
// `npm run bench -- --weight` (or `node scripts/initial-js-size.mjs [dist]`): the JavaScript a first
// visit downloads before the page can run, i.e. index.html's module scripts and modulepreloads,
// gzipped one file at a time (as a server sends them), and the largest sources inside it
// (attributed through the source maps). A figure for the notes, not a test.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="\.?\/?([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\.?\/?([^"]+)"/g),
].map((m) => m[1]);

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Decodes a source map's mappings into [generated line, column, source index] segments. */
function* segments(mappings) {
  let source = 0;
  const lines = mappings.split(';');
  for (let line = 0; line < lines.length; line++) {
    let column = 0;
    for (const seg of lines[line].split(',')) {
      if (!seg) continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      yield [line, column, values.length > 1 ? source : -1];
    }
  }
}

/** Raw bytes per source folder of one chunk, from its source map. */
function bytesBySource(code, mapFile, into) {
  if (!existsSync(mapFile)) return;
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const lines = code.split('\n');
  let prev = null;
  const add = (p, endColumn) => {
    if (!p || p[2] < 0) return;
    const name = map.sources[p[2]]
      .replace(/^(\.\.\/)+/, '')
      .replace(/^.*?(?=node_modules\/|src\/)/, '')
      .replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+).*/, 'node_modules/$1');
    into.set(name, (into.get(name) ?? 0) + Math.max(0, endColumn - p[1]));
  };
  for (const s of segments(map.mappings)) {
    if (prev && prev[0] === s[0]) add(prev, s[1]);
    else if (prev) add(prev, lines[prev[0]]?.length ?? prev[1]);
    prev = s;
  }
  if (prev) add(prev, lines[prev[0]]?.length ?? prev[1]);
}

let raw = 0;
let gzip = 0;
const sources = new Map();
const rows = [];
for (const f of files) {
  const code = readFileSync(join(dist, f));
  const gz = gzipSync(code).length;
  raw += code.length;
  gzip += gz;
  rows.push([f, code.length, gz]);
  bytesBySource(code.toString('utf8'), join(dist, `${f}.map`), sources);
}
const kb = (n) => (n / 1000).toFixed(1);
for (const [f, r, g] of rows.sort((a, b) => b[2] - a[2]))
  console.log(`${kb(g).padStart(7)} kB gzip ${kb(r).padStart(7)} kB  ${f}`);
console.log(`initial JavaScript: ${files.length} files, ${kb(raw)} kB, ${kb(gzip)} kB gzip (budget 200 kB gzip)`);
const top = [...sources].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 15));
console.log('largest sources in it (minified kB, before gzip):');
for (const [name, bytes] of top) console.log(`${kb(bytes).padStart(7)} kB  ${name}`);
