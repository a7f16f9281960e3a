/**
 * The `fitbench` command end to end: the bundle that `prepare` builds, run as a process,
 * with its output and exit codes (0 fitted, 1 fit failed, 2 bad input).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useCliProcess } from '../test-support/cli-process';

const { fitbench, file, path } = useCliProcess('cli-test');

const DECAY =
  'time,signal,err\n0,3.1,0.1\n1,2.05,0.1\n2,1.42,0.1\n3,1.01,0.1\n4,0.78,0.1\n5,0.62,0.1\n6,0.55,0.1\n8,0.49,0.1\n10,0.45,0.1\n';

describe('fitbench fit', () => {
  it('prints an lmfit-style report and exits 0', () => {
    const r = fitbench(
      'fit',
      file('d.csv', DECAY),
      '--model',
      'a*exp(-x/t)+c',
      '--p0',
      'a=3,t=2,c=0',
      '--sigma',
      'err',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[\[Variables\]\]/);
    expect(r.stdout).toMatch(/t:\s+1\.98\d+ \+\/- 0\.027\d+/);
    expect(r.stdout).toMatch(/\[\[Correlations\]\]/);
    expect(r.stdout).toMatch(/converged/);
  });

  it('--json prints exactly one FitResult', () => {
    const r = fitbench('fit', file('d.csv', DECAY), '--model', 'exp1', '--json');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]);
    expect(result.converged).toBe(true);
    expect(Object.keys(result.params).sort()).toEqual(['a', 'c', 't']);
    expect(result.params.t).toBeCloseTo(1.9856, 3);
  });

  it('fits a --problem JSON file with options', () => {
    const problem = {
      model: 'a*x + b',
      x: [0, 1, 2, 3, 4],
      y: [1.1, 2.9, 5.2, 7.1, 8.8],
      p0: { a: 1, b: 0 },
      options: { method: 'trf' },
    };
    const r = fitbench('fit', '--problem', file('p.json', JSON.stringify(problem)), '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.method).toBe('trf');
    expect(result.params.a).toBeCloseTo(1.96, 10);
  });

  it.each([
    ['a missing file', ['fit', 'missing.csv', '--model', 'a*x'], /cannot read data file "missing.csv": no such file/],
    ['an empty file', ['fit', 'EMPTY', '--model', 'a*x'], /is empty/],
    ['a file with no numeric column', ['fit', 'TEXT', '--model', 'a*x'], /no numeric column/i],
    ['a model that does not parse', ['fit', 'DECAY', '--model', 'a*exp(-x/t', '--p0', 'a=1,t=1'], /position 10/],
    ['an unknown function', ['fit', 'DECAY', '--model', 'a*foo(x)', '--p0', 'a=1'], /foo/],
    [
      'a parameter without a start value',
      ['fit', 'DECAY', '--model', 'a*exp(-x/t)+c'],
      /parameter "a" has no start value/,
    ],
    [
      'inverted bounds',
      ['fit', 'DECAY', '--model', 'a*exp(-x/t)+c', '--p0', 'a=3,t=2,c=0', '--bounds', 't=5:1'],
      /inverted/,
    ],
    [
      'a start value outside its bounds',
      ['fit', 'DECAY', '--model', 'a*exp(-x/t)+c', '--p0', 'a=3,t=2,c=0', '--bounds', 't=3:9'],
      /outside its bounds/,
    ],
    ['a missing column', ['fit', 'DECAY', '--model', 'a*x', '--p0', 'a=1', '--y', 'nope'], /nope/],
    ['NaN in the data', ['fit', 'NAN', '--model', 'a*x', '--p0', 'a=1'], /rows? 3/],
    [
      'too few points for lm',
      ['fit', 'TWO', '--model', 'a*exp(-x/t)+c', '--p0', 'a=3,t=2,c=0', '--method', 'lm'],
      /at least as many points/,
    ],
    ['an unknown option', ['fit', 'DECAY', '--model', 'a*x', '--frobnicate'], /frobnicate/],
    ['invalid JSON', ['fit', '--problem', 'BADJSON'], /not valid JSON/],
  ])('%s: one clear line on stderr and exit 2', (_label, args, message) => {
    const paths: Record<string, string> = {
      EMPTY: file('empty.csv', ''),
      TEXT: file('text.csv', 'name,city\nada,london\nalan,wilmslow\n'),
      DECAY: file('decay.csv', DECAY),
      NAN: file('nan.csv', 'x,y\n1,2\nNaN,3\n3,4\n'),
      TWO: file('two.csv', 'x,y\n1,2\n2,3\n'),
      BADJSON: file('bad.json', '{"model": "a*x",'),
    };
    const r = fitbench(...(args as string[]).map((a) => paths[a] ?? a));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')[0]).toMatch(/^fitbench: /);
  });

  it('takes several --x columns as named predictors', () => {
    const rows = Array.from({ length: 12 }, (_, i) => {
      const t = i / 2;
      const h = (i * 7) % 5;
      return `${t},${h},${(1.5 * t + 0.25 * h + 2).toFixed(6)}`;
    });
    const r = fitbench(
      'fit',
      file('two.csv', `temp,hum,out\n${rows.join('\n')}\n`),
      '--model',
      'a*temp + b*hum + c',
      '--x',
      'temp',
      '--x',
      'hum',
      '--y',
      'out',
      '--p0',
      'a=1,b=1,c=0',
      '--json',
    );
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.params.a).toBeCloseTo(1.5, 6);
    expect(result.params.b).toBeCloseTo(0.25, 6);
    expect(result.params.c).toBeCloseTo(2, 6);
  });

  it('drops NaN rows when asked', () => {
    const r = fitbench(
      'fit',
      file('nan2.csv', 'x,y\n1,2\nNaN,3\n3,6.1\n4,7.9\n'),
      '--model',
      'a*x',
      '--p0',
      'a=1',
      '--drop-nonfinite',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).nPoints).toBe(3);
  });

  it('a fit that cannot converge exits 1 with the reason', () => {
    const r = fitbench(
      'fit',
      file('decay2.csv', DECAY),
      '--model',
      'a*exp(-x/t)+c',
      '--p0',
      'a=3,t=2,c=0',
      '--max-iterations',
      '1',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/did not converge/);
  });
});

describe('fitbench batch', () => {
  it('fits one curve per column and writes a results table', () => {
    const xs = Array.from({ length: 30 }, (_, i) => i / 3);
    const rows = xs.map((x) => [x, 2 * Math.exp(-x / 1.5) + 0.1, 3 * Math.exp(-x / 2.5) + 0.2].join(','));
    const out = path('results.csv');
    const r = fitbench(
      'batch',
      file('curves.csv', `t,c1,c2\n${rows.join('\n')}\n`),
      '--model',
      'a*exp(-x/tau)+c',
      '--p0',
      'a=1,tau=1,c=0',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('curve,a,tau,c,stderr_a,stderr_tau,stderr_c,cost,converged,iterations');
    expect(lines).toHaveLength(3);
    expect(Number(lines[1].split(',')[2])).toBeCloseTo(1.5, 6);
    expect(Number(lines[2].split(',')[2])).toBeCloseTo(2.5, 6);
  });

  it('takes per-curve sigma (--sigma-file, shaped like the curves) and start values (--p0-file), equal to the library', async () => {
    const { curveFitBatch } = await import('../core/fit');
    const xs = Array.from({ length: 24 }, (_, i) => i / 3);
    const curve = (a: number, tau: number, wobble: number) =>
      xs.map((x, i) => a * Math.exp(-x / tau) + 0.1 + 0.01 * Math.sin(i * wobble));
    const ys = [curve(2, 1.5, 1.3), curve(3, 2.5, 2.1)];
    const sigmas = [xs.map((_, i) => 0.01 * (1 + i)), xs.map((_, i) => 0.05 / (1 + i))];
    const table = (cols: number[][]) =>
      `t,c1,c2\n${xs.map((x, i) => [x, cols[0][i], cols[1][i]].join(',')).join('\n')}\n`;
    const out = path('weighted.arrow');
    const r = fitbench(
      'batch',
      file('w-curves.csv', table(ys)),
      '--model',
      'a*exp(-x/tau)+c',
      '--p0',
      'a=1,tau=1,c=0',
      '--sigma-file',
      file('w-sigma.csv', table(sigmas)),
      '--p0-file',
      file('w-p0.csv', 'a,tau\n1.8,1.2\n2.9,3\n'),
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const { batchResultFromArrow } = await import('../core/data/batch');
    const back = batchResultFromArrow(new Uint8Array(readFileSync(out)));
    const reference = await curveFitBatch({
      model: 'a*exp(-x/tau)+c',
      x: xs,
      y: ys,
      sigma: sigmas,
      p0: [
        { a: 1.8, tau: 1.2, c: 0 },
        { a: 2.9, tau: 3, c: 0 },
      ],
    });
    expect(Array.from(back.result.params)).toEqual(Array.from(reference.params));
    expect(Array.from(back.result.stdErrors)).toEqual(Array.from(reference.stdErrors));
    const wrong = fitbench(
      'batch',
      file('w-curves2.csv', table(ys)),
      '--model',
      'a*exp(-x/tau)+c',
      '--p0-file',
      file('w-p0-short.csv', 'a,tau\n1.8,1.2\n'),
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--p0-file .* has 1 rows of start values; the batch has 2 curves/);
    expect(fitbench('fit', file('d3.csv', DECAY), '--model', 'exp1', '--sigma-file', 'x.csv').stderr).toMatch(
      /--sigma-file and --p0-file belong to fitbench batch/,
    );
  });

  it('writes large results through a pipe whole', () => {
    const xs = Array.from({ length: 40 }, (_, i) => i / 4);
    const names = Array.from({ length: 1500 }, (_, j) => `c${j}`);
    const rows = xs.map((x) =>
      [x, ...names.map((_, j) => (2 * Math.exp(-x / (1 + (j % 5))) + 0.1).toFixed(6))].join(','),
    );
    const r = fitbench('batch', file('many.csv', `x,${names.join(',')}\n${rows.join('\n')}\n`), '--model', 'exp1');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1501);
  });

  it('a typo in a curve column is reported with its row, not dropped', () => {
    const r = fitbench(
      'batch',
      file('typo.csv', 't,c1,c2\n0,1,2\n1,n/a,1.5\n2,0.5,1.2\n3,0.4,1.1\n4,0.3,1.05\n'),
      '--model',
      'exp1',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/row 3, column 'c1': 'n\/a' is not a number/);
  });

  it('fits one curve per row with --layout rows', () => {
    const xs = [0, 1, 2, 3, 4, 5];
    const text = `${xs.join(',')}\n${xs.map((x) => 2 * x + 1).join(',')}\n${xs.map((x) => -x + 4).join(',')}\n`;
    const r = fitbench('batch', file('rows.csv', text), '--model', 'linear', '--layout', 'rows', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.paramNames).toEqual(['slope', 'intercept']);
    expect(result.params[0]).toBeCloseTo(2, 8);
    expect(result.params[2]).toBeCloseTo(-1, 8);
  });
});
