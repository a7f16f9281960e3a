/**
 * window.fitbench's uncertainty routines go through the fitting service: each batch of
 * refits is a job (queued, visible, cancellable), run here by an in-process runner over the
 * core's engines in place of the worker pool.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FitProblem } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import { normalStream } from '../core/model/library/synthetic';
import { createFitClient, type FitClient } from './fit-client';
import { installFitbenchGlobal, type FitbenchGlobal } from './fitbench-global';
import { CoreRunner } from '../test-support/core-runner';
import { MemoryStorage } from '../test-support/runtime-fakes';

const clients: FitClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.dispose()));

function setup(): { fb: FitbenchGlobal; runner: CoreRunner } {
  const runner = new CoreRunner();
  const client = createFitClient({ search: '', storage: new MemoryStorage(), runner });
  clients.push(client);
  return { fb: installFitbenchGlobal(client, {}), runner };
}

const z = normalStream(9);
const x = Array.from({ length: 40 }, (_, i) => i / 8);
const problem: FitProblem = {
  model: 'a*exp(-k*x)',
  x,
  y: x.map((v) => 2 * Math.exp(-1.3 * v) + 0.03 * z()),
  p0: { a: 1, k: 1 },
};

describe('window.fitbench uncertainty routines', () => {
  it('bootstrap and profiles run their refits as batch jobs of the service', async () => {
    const { fb, runner } = setup();
    const fit = await fb.curveFit(problem);
    const boot = await fb.bootstrap(problem, fit, { resamples: 50, seed: 2 });
    expect(boot.samples.k).toHaveLength(50);
    const batchJobs = runner.requests.filter((r) => r.kind === 'batch');
    expect(batchJobs).toHaveLength(1);
    expect(batchJobs[0].kind === 'batch' && batchJobs[0].batch.y.length).toBe(50);
    const profile = await fb.profileIntervals(problem, fit, { params: ['k'], levels: [0.6826894921370859] });
    expect(profile.params.k.intervals[0].lower).toBeLessThan(fit.params.k);
    const surface = await fb.profile2d(problem, fit, 'a', 'k', { nx: 4, ny: 3 });
    expect(surface.probability).toHaveLength(3);
    expect(fb.service.jobs().filter((j) => j.kind === 'batch').length).toBeGreaterThan(2);
  });

  it('routes multistart fits to the CPU engine and compares fits on the page', async () => {
    const { fb, runner } = setup();
    const fit = await fb.curveFit(problem, { multistart: { starts: 16 } });
    const request = runner.requests[runner.requests.length - 1];
    expect(request.kind === 'fit' && request.backend).toBe('cpu');
    expect(fit.multistart?.starts).toBe(16);
    const other = await fb.curveFit({ ...problem, model: 'a*exp(-k*x) + c', p0: { a: 1, k: 1, c: 0 } });
    const comparison = fb.compareFits([fit, other], { nested: true });
    expect(comparison.nestedTests[0].dfn).toBe(1);
  });

  it('cancels a long run through the signal', async () => {
    const { fb } = setup();
    const fit = await fb.curveFit(problem);
    const controller = new AbortController();
    const pending = fb.bootstrap(problem, fit, { resamples: 400, signal: controller.signal });
    controller.abort();
    const error = await pending.catch((e) => e);
    expect(FitbenchError.fromJSON(error).code).toBe('FIT_ABORTED');
  });
});
