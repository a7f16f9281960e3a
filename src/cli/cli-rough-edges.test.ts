/**
 * The CLI's rough edges from issue 9, each as the process sees it: hostile column names,
 * decimal commas, a BOM, wrong types in problem files, negative option values, repeated or
 * prototype-named parameters, overflow, silent batch failures, null standard errors, and
 * errors about very wide files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useCliProcess } from '../test-support/cli-process';

const { fitbench, file, path } = useCliProcess('cli-edges');

const LINE = 'x,y\n0,1.1\n1,2.9\n2,5.2\n3,6.8\n4,9.1\n';

describe('fitbench and prototype-key names', () => {
  const names = ['__proto__', 'length', 'toString', 'constructor', 'valueOf'];
  const csv = `x,${names.join(',')}\n${[0, 1, 2, 3, 4].map((i) => [i, ...names.map((_, k) => 2 * i + 1 + (i === 2 ? 0.1 * k + 0.1 : 0))].join(',')).join('\n')}\n`;

  it.each(names)('fits a y column named %s like any other', (name) => {
    const r = fitbench('fit', file('proto.csv', csv), '--model', 'a*x+b', '--p0', 'a=1,b=0', '--y', name, '--json');
    expect(r.stderr).not.toMatch(/TypeError/);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { params: Record<string, number> };
    expect(result.params.a).toBeCloseTo(2, 1);
  });

  it('takes a prototype-named column as the predictor', () => {
    const r = fitbench(
      'fit',
      file('proto.csv', csv),
      '--model',
      'a*x+b',
      '--p0',
      'a=1,b=0',
      '--x',
      'toString',
      '--y',
      'x',
    );
    expect(r.stderr).not.toMatch(/TypeError/);
    expect(r.code).toBe(0);
  });

  it('batch fits prototype-named curves', () => {
    const r = fitbench('batch', file('proto.csv', csv), '--model', 'a*x+b', '--p0', 'a=1,b=0');
    expect(r.code).toBe(0);
    const labels = r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(labels).toEqual(names);
  });

  it('--p0 __proto__=1 is reported as an unknown parameter, not ignored', () => {
    const r = fitbench('fit', file('line.csv', LINE), '--model', 'a*x+b', '--p0', 'a=1,b=0,__proto__=1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/p0 names '__proto__', which is not a parameter/);
  });
});

describe('fitbench rough edges', () => {
  it('reads a semicolon file with decimal commas', () => {
    const r = fitbench(
      'fit',
      file('dc.csv', 'x;y\n0;1,1\n1;2,9\n2;5,2\n3;6,8\n4;9,1\n'),
      '--model',
      'a*x+b',
      '--p0',
      'a=1,b=0',
      '--json',
    );
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { params: { a: number } }).params.a).toBeCloseTo(2, 0);
  });

  it('explains quoted decimal commas in a comma file instead of "no numeric column" alone', () => {
    const r = fitbench('fit', file('dq.csv', 'x,y\n"0,5","1,5"\n"1,5","2,5"\n'), '--model', 'a*x+b', '--p0', 'a=1,b=0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/decimal commas are read only in semicolon- or tab-separated files/);
  });

  it('accepts a problem.json saved with a UTF-8 BOM', () => {
    const json = JSON.stringify({ model: 'a*x+b', x: [0, 1, 2, 3], y: [1, 3.1, 4.9, 7], p0: { a: 1, b: 0 } });
    const r = fitbench('fit', '--problem', file('bom.json', `\ufeff${json}`), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('model: 5 says the model must be text', () => {
    const json = JSON.stringify({ model: 5, x: [0, 1, 2], y: [1, 2, 3], p0: { a: 1 } });
    const r = fitbench('fit', '--problem', file('m5.json', json));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the model must be text .*got the number 5/);
    expect(r.stderr).not.toMatch(/empty/);
  });

  it('--xtol -1 says the value is out of range, not that the option is ambiguous', () => {
    const r = fitbench('fit', file('line.csv', LINE), '--model', 'a*x+b', '--p0', 'a=1,b=0', '--xtol', '-1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--xtol must be a positive number, not "-1"/);
    // A negative start value still works the same way.
    expect(fitbench('fit', file('line.csv', LINE), '--model', 'a*x+b', '--p0', '-1', '--p0', 'a=1,b=0').stderr).toMatch(
      /"-1" is not name=value/,
    );
  });

  it('--p0 a=1,a=2 is an error, not the last one silently', () => {
    const r = fitbench('fit', file('line.csv', LINE), '--model', 'a*x+b', '--p0', 'a=1,a=2,b=0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a is given twice \(1 and 2\)/);
  });

  it('reports Σr² overflow as the data scale, not as non-finite model values', () => {
    const r = fitbench(
      'fit',
      file('big.csv', 'x,y\n0,1e200\n1,2e200\n2,3e200\n3,4e200\n'),
      '--model',
      'a*x+b',
      '--p0',
      'a=1,b=0',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sum of squared residuals overflows float64/);
    expect(r.stderr).toMatch(/rescale y/);
  });

  it('batch says on stderr which curves failed when it exits 1', () => {
    const r = fitbench(
      'batch',
      file('bf.csv', 'x,good,bad\n0,1,1\n1,3,nan\n2,5,3\n3,7,4\n4,9,5\n'),
      '--model',
      'a*x+b',
      '--p0',
      'a=1,b=0',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1 of 2 curves did not converge: "bad"/);
  });

  it('--json with undefined standard errors warns on stderr', () => {
    const r = fitbench('fit', file('two.csv', 'x,y\n0,1\n1,3\n'), '--model', 'a*x+b', '--p0', 'a=1,b=0', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).stdErrors).toEqual({ a: null, b: null });
    expect(r.stderr).toMatch(/standard errors of a, b are not finite.*--json prints them as null/);
  });

  it('a bad --x on a 3,000-column file prints a short error', () => {
    const header = Array.from({ length: 3000 }, (_, i) => `c${i}`).join(',');
    const rows = Array.from({ length: 4 }, (_, r) => Array.from({ length: 3000 }, (_, i) => r + i).join(',')).join(
      '\n',
    );
    const r = fitbench(
      'fit',
      file('wide.csv', `${header}\n${rows}\n`),
      '--model',
      'a*x+b',
      '--p0',
      'a=1,b=0',
      '--x',
      'nope',
    );
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(700);
    expect(r.stderr).toMatch(/column 'nope' not found.*…and 2988 more/);
  });
});

describe('fitbench batch --out is safe to open in a spreadsheet', () => {
  it('escapes curve names that start a formula', () => {
    const out = path('res.csv');
    const csv =
      'x,=HYPERLINK("http://evil"),@SUM(A1),+cmd,-2+3,\tTAB,ok\n0,1,1,1,1,1,1\n1,3,3,3,3,3,3\n2,5,5,5,5,5,5\n';
    const r = fitbench('batch', file('evil.csv', csv), '--model', 'a*x+b', '--p0', 'a=1,b=0', '--out', out);
    expect(r.code).toBe(0);
    const labels = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.slice(0, l.indexOf(',', l.startsWith('"') ? l.indexOf('"', 1) + 1 : 0)));
    expect(labels).toEqual([`"'=HYPERLINK(""http://evil"")"`, "'@SUM(A1)", "'+cmd", "'-2+3", 'TAB', 'ok']);
    for (const label of labels) expect(label).not.toMatch(/^"?[=+\-@\t\r]/);
  });
});
