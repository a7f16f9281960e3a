/** `fitbench global`, `--expr`/`--derived`, and problem files with datasets, run as a process. */
import { describe, expect, it } from 'vitest';
import { useCliProcess } from '../test-support/cli-process';
import { curveFit } from '../core/fit/curve-fit';
import { curveFitGlobal } from '../core/fit/curve-fit-global';

const { fitbench, file } = useCliProcess('cli-global');

const xs = Array.from({ length: 25 }, (_, i) => i / 3);
const curve = (a: number, t: number, phase: number) =>
  xs.map((x) => a * Math.exp(-x / t) + 0.02 * Math.sin(5 * x + phase));
const csv = (y: number[]) => `time,signal\n${xs.map((x, i) => `${x},${y[i]}`).join('\n')}\n`;
const y1 = curve(2, 1.5, 0);
const y2 = curve(3, 1.5, 1);

describe('fitbench global', () => {
  it('fits several files with a shared parameter and prints one FitResult with datasets', async () => {
    const r = fitbench(
      'global',
      file('a.csv', csv(y1)),
      file('b.csv', csv(y2)),
      '--model',
      'a*exp(-x/t)',
      '--shared',
      't',
      '--p0',
      'a=1,t=1',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    const lib = await curveFitGlobal({
      datasets: [
        { x: xs, y: y1 },
        { x: xs, y: y2 },
      ],
      model: 'a*exp(-x/t)',
      shared: ['t'],
      p0: { a: 1, t: 1 },
    });
    expect(result.paramNames).toEqual(['a_1', 't', 'a_2']);
    expect(result.params.t).toBeCloseTo(lib.params.t, 10);
    expect(result.datasets).toHaveLength(2);
    expect(result.datasets[0].name).toMatch(/a\.csv$/);
  });

  it('prints a report with the data sets, and --expr links them', () => {
    const r = fitbench(
      'global',
      file('c.csv', csv(y1)),
      file('d.csv', csv(y2)),
      '--model',
      'a*exp(-x/t)',
      '--p0',
      'a=1,t=1',
      '--expr',
      't_2=t_1',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[\[Data sets\]\]/);
    expect(r.stdout).toMatch(/t_2:/);
  });

  it('bad input: no files, or --shared on fit, is exit 2 with one line', () => {
    const none = fitbench('global', '--model', 'a*x');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/global needs data files/);
    const wrong = fitbench('fit', file('e.csv', csv(y1)), '--model', 'a*exp(-x/t)', '--p0', 'a=1,t=1', '--shared', 't');
    expect(wrong.code).toBe(2);
    const cycle = fitbench(
      'fit',
      file('f.csv', csv(y1)),
      '--model',
      'a*exp(-x/t)',
      '--p0',
      'a=1',
      '--expr',
      't=2*a',
      '--expr',
      'a=t',
    );
    expect(cycle.code).toBe(2);
    expect(cycle.stderr).toMatch(/cycle/);
  });
});

describe('fitbench fit with expressions', () => {
  it('--expr ties a parameter and --derived reports a quantity', async () => {
    const r = fitbench(
      'fit',
      file('g.csv', csv(y1)),
      '--model',
      'a*exp(-x/t) + c',
      '--p0',
      'a=1,t=1',
      '--expr',
      'c=0.01*a',
      '--derived',
      'half=t*log(2)',
      '--json',
    );
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    const lib = await curveFit({
      model: 'a*exp(-x/t) + c',
      x: xs,
      y: y1,
      p0: { a: 1, t: 1 },
      expressions: { c: '0.01*a' },
    });
    expect(result.params.c).toBeCloseTo(lib.params.c, 10);
    expect(result.derived.half.value).toBeCloseTo(lib.params.t * Math.LN2, 10);
  });

  it('a problem file with datasets (arrays or CSV paths) and expressions is a global fit', () => {
    file('h.csv', csv(y2));
    const problem = {
      datasets: [{ x: xs, y: y1 }, 'h.csv'],
      model: 'a*exp(-x/t)',
      shared: ['t'],
      p0: { a: 1, t: 1 },
      derived: { ratio: 'a_2/a_1' },
    };
    const r = fitbench('fit', '--problem', file('p.json', JSON.stringify(problem)), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.datasets.map((d: { n: number }) => d.n)).toEqual([25, 25]);
    expect(result.derived.ratio.value).toBeCloseTo(1.5, 1);
  });
});
