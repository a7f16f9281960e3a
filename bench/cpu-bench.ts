/**
 * CPU benchmark (`npm run bench`): the shared workloads (gauss4 1e3–1e6, exp2 1e4, the
 * 1000-curve batch) through curveFit/curveFitBatch in Node, and scipy's curve_fit on the
 * same bit-identical data in the same run, reporting ratios and the agreement with scipy's
 * tight reference fit. Figures, never assertions.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { curveFit, curveFitBatch } from '../src/core';
import { pathToFileURL } from 'node:url';

// The generator lives in the shared folder beside the repository (npm runs this from the root).
const sharedDir = process.env.FITBENCH_SHARED ?? join(process.cwd(), '..', 'shared');
const { loadWorkloads, genSingle, genBatch, checksum } = await import(
  pathToFileURL(join(sharedDir, 'bench', 'datagen.mjs')).href
);

interface Workload {
  id: string;
  kind: string;
  expression: string;
  params: string[];
  p0: number[];
  sizes?: number[];
  count?: number;
  n?: number;
  canonical?: { abs?: string[]; order_pairs?: string[][] };
}
interface Timing {
  medianMs: number;
  runs: number[];
}

const quick = process.argv.includes('--quick');
const withScipy = !process.argv.includes('--no-scipy');
const spec = loadWorkloads() as {
  workloads: Workload[];
  checksums: Record<string, string>;
  timing: { repeats: number };
};
const repeats = quick ? 2 : spec.timing.repeats;
const dataDir = join(tmpdir(), 'fitbench-bench');
mkdirSync(dataDir, { recursive: true });

/**
 * workloads.json asks for one warm-up run; a JIT needs a few more before its code is
 * optimized, so warm-up goes on until 300 ms have passed (at most 50 runs, at least one).
 */
async function time(fn: () => Promise<unknown>): Promise<Timing> {
  const warmStart = performance.now();
  for (let i = 0; i < 50 && (i === 0 || performance.now() - warmStart < 300); i++) await fn();
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(performance.now() - t0);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], runs };
}

function canonical(w: Workload, p: number[]): number[] {
  const out = [...p];
  for (const name of w.canonical?.abs ?? []) out[w.params.indexOf(name)] = Math.abs(out[w.params.indexOf(name)]);
  const pairs = w.canonical?.order_pairs;
  if (pairs && pairs.length === 2) {
    const [[a1, t1], [a2, t2]] = pairs;
    const i = (n: string) => w.params.indexOf(n);
    if (out[i(t1)] > out[i(t2)]) {
      [out[i(a1)], out[i(a2)]] = [out[i(a2)], out[i(a1)]];
      [out[i(t1)], out[i(t2)]] = [out[i(t2)], out[i(t1)]];
    }
  }
  return out;
}

function maxRelDiff(a: number[], b: number[]): number {
  return Math.max(...a.map((v, k) => Math.abs(v - b[k]) / Math.abs(b[k])));
}

function writeF64(name: string, a: Float64Array): string {
  const path = join(dataDir, name);
  writeFileSync(path, Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  return path;
}

interface Row {
  id: string;
  n: number;
  count: number;
  fitbench: Timing;
  iterations: number;
  nfev: number;
  params: number[][];
  checksumOk: boolean;
  xFile: string;
  yFile: string;
  w: Workload;
}
const rows: Row[] = [];

for (const w of spec.workloads) {
  const p0 = Object.fromEntries(w.params.map((n, k) => [n, w.p0[k]]));
  if (w.kind === 'single') {
    for (const n of w.sizes ?? []) {
      if (quick && n > 100_000) continue;
      const data = genSingle(w, n) as { x: Float64Array; y: Float64Array };
      const checksumOk = checksum(data) === spec.checksums[`${w.id}/n=${n}`];
      let last = await curveFit({ model: w.expression, x: data.x, y: data.y, p0 });
      const t = await time(async () => (last = await curveFit({ model: w.expression, x: data.x, y: data.y, p0 })));
      rows.push({
        id: w.id,
        n,
        count: 1,
        fitbench: t,
        iterations: last.iterations,
        nfev: last.nfev,
        params: [w.params.map((p) => last.params[p])],
        checksumOk,
        xFile: writeF64(`${w.id}-${n}-x.bin`, data.x),
        yFile: writeF64(`${w.id}-${n}-y.bin`, data.y),
        w,
      });
      console.error(
        `${w.id} n=${n}: ${t.medianMs.toFixed(2)} ms, ${last.iterations} iterations, ${last.nfev} evaluations`,
      );
    }
  } else {
    const b = genBatch(w) as { n: number; count: number; x: Float64Array; y: Float64Array; truths: Float64Array };
    const checksumOk = checksum(b) === spec.checksums[`${w.id}/${b.count}x${b.n}`];
    const xs = Array.from({ length: b.count }, (_, j) => b.x.subarray(j * b.n, (j + 1) * b.n));
    const ys = Array.from({ length: b.count }, (_, j) => b.y.subarray(j * b.n, (j + 1) * b.n));
    let last = await curveFitBatch({ model: w.expression, x: xs, y: ys, p0 });
    const t = await time(async () => (last = await curveFitBatch({ model: w.expression, x: xs, y: ys, p0 })));
    const p = w.params.length;
    const params = Array.from({ length: b.count }, (_, j) => Array.from(last.params.subarray(j * p, (j + 1) * p)));
    const iterations = last.iterations.reduce((s, v) => s + v, 0) / b.count;
    rows.push({
      id: w.id,
      n: b.n,
      count: b.count,
      fitbench: t,
      iterations,
      nfev: Number.NaN,
      params,
      checksumOk,
      xFile: writeF64('batch-x.bin', b.x),
      yFile: writeF64('batch-y.bin', b.y),
      w,
    });
    console.error(
      `${w.id} ${b.count}x${b.n}: ${t.medianMs.toFixed(1)} ms (${((b.count / t.medianMs) * 1000).toFixed(0)} fits/s), ${iterations.toFixed(1)} iterations on average, ${last.converged.reduce((s, v) => s + v, 0)} converged`,
    );
  }
}

let scipy: { id: string; median_s: number; reference: number[][] }[] | null = null;
if (withScipy) {
  const jobs = rows.map((r) => ({
    id: `${r.id}/${r.count}x${r.n}`,
    model: r.w.id === 'batch' ? 'gauss4' : r.w.id,
    x_file: r.xFile,
    y_file: r.yFile,
    n: r.n,
    count: r.count,
    p0: r.w.p0,
    repeats,
  }));
  const py = spawnSync('python3', [join(process.cwd(), 'bench', 'scipy-peer.py')], {
    input: JSON.stringify(jobs),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (py.status === 0) scipy = JSON.parse(py.stdout);
  else
    console.error(
      `scipy peer unavailable (python3 with numpy and scipy is needed): ${py.stderr.trim().split('\n').pop()}`,
    );
}

const table = rows.map((r, k) => {
  const peer = scipy?.[k];
  const ms = r.fitbench.medianMs;
  const scipyMs = peer ? peer.median_s * 1000 : Number.NaN;
  const diffs = peer ? r.params.map((p, j) => maxRelDiff(canonical(r.w, p), canonical(r.w, peer.reference[j]))) : [];
  return {
    workload: r.count > 1 ? `${r.id} ${r.count}x${r.n}` : `${r.id} n=${r.n}`,
    fitbenchMs: Number(ms.toFixed(3)),
    scipyLmMs: Number(scipyMs.toFixed(3)),
    speedup: Number((scipyMs / ms).toFixed(2)),
    fitsPerSecond: r.count > 1 ? Math.round((r.count / ms) * 1000) : undefined,
    scipyFitsPerSecond: r.count > 1 && peer ? Math.round(r.count / peer.median_s) : undefined,
    iterations: r.iterations,
    nfev: Number.isNaN(r.nfev) ? undefined : r.nfev,
    maxRelDiffVsScipyTight: diffs.length ? Number(Math.max(...diffs).toExponential(2)) : undefined,
    curvesOver1e6: diffs.length > 1 ? diffs.filter((d) => d > 1e-6).length : undefined,
    dataChecksumOk: r.checksumOk,
  };
});
console.table(table);
const out = {
  machine: `${process.platform} ${process.arch}, node ${process.version}`,
  date: new Date().toISOString(),
  repeats,
  rows: table,
};
mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench-cpu.json', `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out));
