/**
 * The distributed batch as separate processes, the way it runs on several machines: a
 * loopback redis-server, three `fitbench worker` processes and a `fitbench batch --queue`
 * coordinator, 200,000 small curves. One worker is killed with SIGKILL in the middle of a
 * chunk (its lease expires and another worker re-runs the chunk), the coordinator is killed
 * and started again (it continues from the chunks already done). Every curve must come back
 * exactly once, bitwise equal to the single-process fit. Then a poisoned chunk is reported
 * by its id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchResultFromArrow, curvesToArrow, fitBatchOf } from '../core/data/batch';
import { curveFitBatch } from '../core/fit';
import { startLocalRedis, type LocalRedis } from './testing/local-redis';
import { DECAY_PROBLEM, decayCurves, decayCurvesWithSigma } from './testing/synthetic-curves';

const ROOT = join(import.meta.dirname, '../..');
// Inside the repository so the bundle's bare imports (bullmq) resolve from node_modules.
const BUNDLE_DIR = join(ROOT, 'node_modules', '.cache', `fitbench-distributed-test-${process.pid}`);
const CLI = join(BUNDLE_DIR, 'fitbench.mjs');
const CURVES = 200_000;

let redis: LocalRedis;
let dir = '';
const children: ChildProcess[] = [];

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function fitbench(args: string[]): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function until(what: string, test: () => boolean, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const worker = () => fitbench(['worker', '--queue', redis.url, '--lock-ms', '2000', '--metrics-port', '0']);

beforeAll(async () => {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'error',
    external: ['webgpu', 'bullmq'],
  };
  await build({ ...common, entryPoints: [join(ROOT, 'src/cli/main.ts')], outfile: CLI });
  await build({
    ...common,
    entryPoints: [join(ROOT, 'src/distributed/cpu-chunk-processor.ts')],
    outfile: join(BUNDLE_DIR, 'cpu-chunk-processor.mjs'),
  });
  dir = mkdtempSync(join(tmpdir(), 'fitbench-distributed-'));
  redis = await startLocalRedis();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await redis?.stop();
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fitbench batch --queue with fitbench worker processes', () => {
  it('survives a SIGKILLed worker and a restarted coordinator: every curve once, bitwise equal to one process', async () => {
    const curves = decayCurves(CURVES, 16, 11);
    writeFileSync(join(dir, 'curves.arrow'), curvesToArrow(curves));
    const reference = await curveFitBatch(fitBatchOf(curves, DECAY_PROBLEM), { backend: 'cpu' });

    const workers = [worker(), worker(), worker()];
    await until('three workers', () => workers.every((w) => /fitting on cpu/.test(w.output())), 30_000);
    const batchArgs = ['batch', 'curves.arrow', '--model', DECAY_PROBLEM.model, '--p0', 'a=1,t=1'];
    const queueArgs = ['--queue', redis.url, '--chunk', '5000', '--out', 'results.arrow'];
    const first = fitbench([...batchArgs, ...queueArgs]);

    // Kill the first worker in the middle of a chunk: after it took one, before it finished it.
    const victim = workers[0];
    await until('a chunk on worker 0', () => /fitting 5000 curves/.test(victim.output()));
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBeNull();
    const killedChunk = /chunk (\S+): fitting/.exec(victim.output())?.[1] as string;
    expect(victim.output()).not.toContain(`chunk ${killedChunk}: done`);

    // Stop the coordinator hard once some chunks are in, then start it again.
    await until('a few chunks done', () => /\b([4-9]|\d\d)\/40 chunks/.test(first.output()));
    first.child.kill('SIGKILL');
    await first.exited;
    const second = fitbench([...batchArgs, ...queueArgs]);
    const code = await second.exited;
    expect(second.output()).toMatch(/continuing: \d+ of 40 chunks already queued \((\d+) done\)/);
    expect(code, second.output()).toBe(0);

    // The killed worker's chunk was put back by a surviving worker's stalled check and fitted there.
    const survivors = workers
      .slice(1)
      .map((w) => w.output())
      .join('\n');
    expect(survivors).toContain(`chunk ${killedChunk}: its worker lost the lease`);
    expect(survivors).toContain(`chunk ${killedChunk}: done`);

    const out = batchResultFromArrow(new Uint8Array(readFileSync(join(dir, 'results.arrow'))));
    expect(out.result.cost.length).toBe(CURVES);
    expect(out.status?.every((s) => s === 'converged')).toBe(true);
    const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
      return a.length === b.length ? -1 : a.length;
    };
    expect(same(out.result.params, reference.params)).toBe(-1);
    expect(same(out.result.stdErrors, reference.stdErrors)).toBe(-1);
    expect(same(out.result.cost, reference.cost)).toBe(-1);
    expect(same(out.result.iterations, reference.iterations)).toBe(-1);

    // A chunk with no usable curve is reported by id; the other chunks are fitted.
    const poisoned = decayCurves(2000, 16, 3);
    poisoned.y.fill(Number.NaN, 500 * 16, 1000 * 16);
    writeFileSync(join(dir, 'poisoned.arrow'), curvesToArrow(poisoned));
    const bad = fitbench([
      'batch',
      'poisoned.arrow',
      '--model',
      DECAY_PROBLEM.model,
      '--p0',
      'a=1,t=1',
      '--queue',
      redis.url,
      '--chunk',
      '500',
      '--out',
      'poisoned.csv',
    ]);
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/chunk [0-9a-f]{24}-1 failed \(curves 500–999, 1 attempt\(s\)\): DATA_NONFINITE/);
    const rows = readFileSync(join(dir, 'poisoned.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.length).toBe(2000);
    expect(rows.filter((r) => r.endsWith(',chunk-failed')).length).toBe(500);
    expect(rows.filter((r) => r.endsWith(',converged')).length).toBe(1500);

    // Per-curve sigma and start values in the Arrow file (a sigma list column, p0_a) travel in
    // the chunks: the worker processes give the single-process answer bitwise.
    const weighted = decayCurvesWithSigma(3000, 16, 9);
    writeFileSync(join(dir, 'weighted.arrow'), curvesToArrow(weighted));
    const weightedReference = await curveFitBatch(fitBatchOf(weighted, DECAY_PROBLEM), { backend: 'cpu' });
    const queued = fitbench([
      'batch',
      'weighted.arrow',
      '--model',
      DECAY_PROBLEM.model,
      '--p0',
      'a=1,t=1',
      '--queue',
      redis.url,
      '--chunk',
      '500',
      '--out',
      'weighted-results.arrow',
    ]);
    expect(await queued.exited, queued.output()).toBe(0);
    const w = batchResultFromArrow(new Uint8Array(readFileSync(join(dir, 'weighted-results.arrow'))));
    expect(same(w.result.params, weightedReference.params)).toBe(-1);
    expect(same(w.result.stdErrors, weightedReference.stdErrors)).toBe(-1);
    expect(same(w.result.iterations, weightedReference.iterations)).toBe(-1);
    expect(w.result.diagnostics).toEqual(weightedReference.diagnostics);

    for (const w of workers.slice(1)) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.slice(1).map((w) => w.exited))).toEqual([0, 0]);
  }, 300_000);
});
