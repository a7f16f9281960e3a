#!/usr/bin/env node
// Builds what the package ships (run by `prepare`, so `npx fitbench` works right after
// `npm ci` here, and `npm pack` always packs a fresh build):
//   dist-lib/index.js        the library (ESM; papaparse and zod stay imports: dependencies)
//   dist-lib/types/…         its declarations, relative imports with .js extensions so that
//                            consumers on "moduleResolution": "nodenext" resolve them too
//   dist-cli/fitbench.mjs    the command-line tool (ESM; every package stays an import), split
//                            into chunks so that BullMQ and Apache Arrow load only for the
//                            commands that use them (a plain `fitbench fit` starts faster)
//   dist-cli/cpu-chunk-processor.mjs  the worker threads of `fitbench worker --concurrency N`
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const common = { bundle: true, format: 'esm', sourcemap: true, logLevel: 'warning', packages: 'external' };
rmSync('dist-lib', { recursive: true, force: true });
rmSync('dist-cli', { recursive: true, force: true });
await build({
  ...common,
  platform: 'node',
  target: 'node20',
  entryPoints: { fitbench: 'src/cli/main.ts' },
  outdir: 'dist-cli',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
}).then(({ metafile }) => {
  // The point of the split: what the entry loads before it runs (its static imports, and
  // theirs) holds none of the heavy packages.
  const eager = new Set();
  const walkStatic = (file) => {
    for (const i of metafile.outputs[file].imports) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) eager.add(i.path);
      else if (!eager.has(i.path)) {
        eager.add(i.path);
        walkStatic(i.path);
      }
    }
  };
  walkStatic('dist-cli/fitbench.mjs');
  const heavy = [...eager].filter((path) => /^(bullmq|ioredis|apache-arrow)/.test(path));
  if (heavy.length > 0) throw new Error(`dist-cli/fitbench.mjs loads ${heavy.join(', ')} at start`);
});
await build({
  ...common,
  platform: 'node',
  target: 'node20',
  entryPoints: ['src/distributed/cpu-chunk-processor.ts'],
  outfile: 'dist-cli/cpu-chunk-processor.mjs',
});
await build({
  ...common,
  platform: 'neutral',
  target: 'es2022',
  entryPoints: ['src/core/index.ts'],
  outfile: 'dist-lib/index.js',
});

// Declarations of the public entry and what it reaches (tsconfig.lib.json), then explicit
// extensions on relative specifiers: the package is "type": "module".
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.lib.json'], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
for (const file of walk('dist-lib/types')) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(
    /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)(['"])/g,
    (whole, head, spec, tail) => head + withExtension(file, spec) + tail,
  );
  if (fixed !== text) writeFileSync(file, fixed);
}

function withExtension(fromFile, spec) {
  if (/\.(m?js|json)$/.test(spec)) return spec;
  const base = resolve(dirname(fromFile), spec);
  if (existsSync(`${base}.d.ts`)) return `${spec}.js`;
  if (existsSync(join(base, 'index.d.ts'))) return `${spec}/index.js`;
  throw new Error(`${fromFile}: cannot resolve ${spec}`);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// npm links a package's bin for its dependants only; link ours for `npx fitbench` here.
const binDir = join('node_modules', '.bin');
if (existsSync('node_modules')) {
  mkdirSync(binDir, { recursive: true });
  const link = join(binDir, 'fitbench');
  rmSync(link, { force: true });
  symlinkSync(relative(binDir, join('bin', 'fitbench.mjs')), link);
}
