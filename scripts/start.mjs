#!/usr/bin/env node
// `npm start`: build the app and serve dist/ on loopback, printing the URL.
import { spawnSync } from 'node:child_process';
import { serveStatic } from './serve-static.mjs';

const build = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('npm start: the build failed (see above).');
  process.exit(build.status ?? 1);
}
const port = Number(process.env.PORT ?? 4173);
let server;
try {
  server = await serveStatic('dist', port);
} catch {
  server = await serveStatic('dist', 0); // the port is taken: any free one
}
console.log(`\nFitbench is running at http://127.0.0.1:${server.address().port}/  (Ctrl+C to stop)`);
