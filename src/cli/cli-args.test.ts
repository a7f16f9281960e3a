import { describe, expect, it } from 'vitest';
import { parseBounds, parseCliArgs, parseAssignments } from './cli-args';
import { FitbenchError } from '../core/errors';

function expectBad(argv: string[], pattern: RegExp) {
  try {
    parseCliArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(FitbenchError);
    expect((e as FitbenchError).code).toBe('OPTIONS_INVALID');
    expect((e as Error).message).toMatch(pattern);
    return;
  }
  throw new Error(`expected ${argv.join(' ')} to be rejected`);
}

describe('parseCliArgs', () => {
  it('parses a full fit command', () => {
    const c = parseCliArgs([
      'fit',
      'd.csv',
      '--model',
      'a*exp(-x/t)+c',
      '--p0',
      'a=1,t=2',
      '--p0',
      'c=0',
      '--bounds',
      't=0:inf',
      '--x',
      'time',
      '--y',
      'signal',
      '--sigma',
      'err',
      '--method',
      'trf',
      '--loss',
      'huber',
      '--f-scale',
      '0.5',
      '--json',
    ]);
    expect(c).toMatchObject({
      command: 'fit',
      file: 'd.csv',
      model: 'a*exp(-x/t)+c',
      p0: { a: 1, t: 2, c: 0 },
      bounds: { t: [0, null] },
      xColumns: ['time'],
      yColumn: 'signal',
      sigmaColumn: 'err',
      json: true,
      options: { method: 'trf', loss: 'huber', fScale: 0.5 },
    });
  });

  it('parses --problem and batch', () => {
    expect(parseCliArgs(['fit', '--problem', 'p.json', '--json'])).toMatchObject({
      command: 'fit',
      problemFile: 'p.json',
      json: true,
    });
    expect(
      parseCliArgs([
        'batch',
        'c.csv',
        '--model',
        'gaussian',
        '--layout',
        'rows',
        '--backend',
        'webgpu',
        '--out',
        'r.csv',
      ]),
    ).toMatchObject({ command: 'batch', layout: 'rows', out: 'r.csv', options: { backend: 'webgpu' } });
  });

  it('help and version', () => {
    expect(parseCliArgs([])).toEqual({ command: 'help' });
    expect(parseCliArgs(['--version'])).toEqual({ command: 'version' });
  });

  it('rejects bad input with one clear message', () => {
    expectBad(['frobnicate'], /unknown command "frobnicate"/);
    expectBad(['fit', 'd.csv'], /needs --model/);
    expectBad(['fit', '--model', 'a*x'], /needs a data file/);
    expectBad(['fit', 'd.csv', '--model', 'a*x', '--method', 'newton'], /--method must be lm or trf/);
    expectBad(['fit', 'd.csv', '--model', 'a*x', '--loss', 'l2'], /--loss must be one of/);
    expectBad(['fit', 'd.csv', '--model', 'a*x', '--max-iterations', '2.5'], /positive integer/);
    expectBad(['fit', 'd.csv', '--model', 'a*x', '--ftol=-1'], /positive number/);
    expectBad(['fit', 'd.csv', '--model', 'a*x', '--bogus'], /bogus/);
    expectBad(['fit', 'a.csv', 'b.csv', '--model', 'a*x'], /one data file/);
    expectBad(['batch', 'c.csv', '--model', 'g', '--layout', 'diagonal'], /--layout must be/);
  });
});

describe('assignments and bounds', () => {
  it('parses numbers strictly', () => {
    expect(parseAssignments(['a=1e-3, b=-.5'], '--p0')).toEqual({ a: 0.001, b: -0.5 });
    expect(() => parseAssignments(['a=abc'], '--p0')).toThrow(/not a finite number/);
    expect(() => parseAssignments(['a'], '--p0')).toThrow(/not name=value/);
  });
  it('parses open and closed bounds', () => {
    expect(parseBounds(['t=0:inf,a=:10', 'b=-inf:-1'])).toEqual({ t: [0, null], a: [null, 10], b: [null, -1] });
    expect(() => parseBounds(['t=0'])).toThrow(/name=lower:upper/);
    expect(() => parseBounds(['t=x:1'])).toThrow(/lower bound of t/);
  });
});
