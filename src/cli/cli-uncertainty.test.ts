/**
 * `fitbench fit --profile / --bootstrap N / --multistart N` and `fitbench compare`, run as a
 * process from a fresh bundle, as cli.test.ts does.
 */
import { describe, expect, it } from 'vitest';
import { useCliProcess } from '../test-support/cli-process';
import reference from '../core/uncertainty/reference/lmfit-conf-interval.json';

const { fitbench, file } = useCliProcess('cli-uncertainty');

const example = reference.examples[0];
const csv = () => file('reciprocal.csv', `x,y\n${example.x.map((x, i) => `${x},${example.y[i]}`).join('\n')}\n`);

describe('fitbench fit with uncertainty', () => {
  it('--profile --bootstrap N --json puts the intervals in the printed result (lmfit’s values)', () => {
    const r = fitbench(
      'fit',
      csv(),
      '--model',
      '1/(a*x) + b',
      '--p0',
      'a=0.1,b=1',
      '--profile',
      '--bootstrap',
      '200',
      '--seed',
      '4',
      '--json',
    );
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    const upper1 = result.profile.params.a.intervals[0].upper;
    const ci = example.ci as unknown as Record<string, number[][]>;
    const best = example.best as unknown as Record<string, number>;
    const lmfitUpper1 = ci.a.find((row) => row[0] > 0.68 && row[0] < 0.69 && row[1] > best.a)?.[1] as number;
    expect(Math.abs(upper1 - lmfitUpper1) / lmfitUpper1).toBeLessThan(1e-4);
    expect(result.bootstrap.resamples).toBe(200);
    expect(result.bootstrap.seed).toBe(4);
    expect(result.bootstrap.samples.a).toHaveLength(200);
    expect(result.bootstrap.params.b.percentile[0]).toBeLessThan(result.params.b);
  });

  it('prints the profile and bootstrap intervals beside the covariance ones in the report', () => {
    const r = fitbench(
      'fit',
      csv(),
      '--model',
      '1/(a*x) + b',
      '--p0',
      'a=0.1,b=1',
      '--profile',
      '--bootstrap',
      '100',
      '--bootstrap-kind',
      'wild',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /\[\[Confidence Intervals\]\][\s\S]*\[\[Profile-likelihood Intervals\]\][\s\S]*\[\[Bootstrap Intervals\]\] \(wild, 100 resamples/,
    );
    expect(r.stdout).toMatch(/\[68\.27%\]/);
    expect(r.stdout).toMatch(/b:\s+percentile \[/);
  });

  it('--multistart N finds the global minimum where one start does not', () => {
    const data = file('fr.csv', 'x,y\n1,13\n2,29\n');
    const model = 'a + (2 - x)*(((5 - b)*b - 2)*b) + (x - 1)*(((b + 1)*b - 14)*b)';
    const plain = JSON.parse(fitbench('fit', data, '--model', model, '--p0', 'a=5,b=-20', '--json').stdout);
    expect(plain.chiSquare).toBeGreaterThan(48);
    const r = fitbench('fit', data, '--model', model, '--p0', 'a=5,b=-20', '--multistart', '128', '--json');
    const result = JSON.parse(r.stdout);
    expect(result.chiSquare).toBeLessThan(1e-12);
    expect(result.multistart.starts).toBe(128);
  });

  it('rejects bad uncertainty flags with exit code 2', () => {
    expect(fitbench('fit', csv(), '--model', '1/(a*x) + b', '--p0', 'a=0.1,b=1', '--bootstrap', '1').code).toBe(2);
    expect(fitbench('fit', csv(), '--model', '1/(a*x) + b', '--p0', 'a=0.1,b=1', '--bootstrap-kind', 'wild').code).toBe(
      2,
    );
    expect(fitbench('fit', csv(), '--model', '1/(a*x) + b', '--p0', 'a=0.1,b=1', '--multistart', 'x').code).toBe(2);
  });
});

describe('fitbench compare', () => {
  it('compares saved fit results: table, F test and conclusion; --json gives the comparison', () => {
    const data = csv();
    const one = fitbench('fit', data, '--model', '1/(a*x) + b', '--p0', 'a=0.1,b=1', '--json');
    const two = fitbench('fit', data, '--model', '1/(a*x) + b + c*x', '--p0', 'a=0.1,b=1,c=0', '--json');
    const a = file('one.json', one.stdout);
    const b = file('two.json', two.stdout);
    const r = fitbench('compare', a, b, '--nested');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[\[Model Comparison\]\]/);
    expect(r.stdout).toMatch(/F\(1, 97\) = /);
    expect(r.stdout).toMatch(/is preferred by AICc/);
    const json = JSON.parse(fitbench('compare', a, b, '--nested', '--json').stdout);
    expect(json.models).toHaveLength(2);
    expect(json.nestedTests[0].dfn).toBe(1);
    expect(fitbench('compare', a).code).toBe(2);
    expect(fitbench('compare', a, file('bad.json', '[1,2]')).code).toBe(2);
  });
});
