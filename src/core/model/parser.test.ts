import { describe, expect, it } from 'vitest';
import type { FitbenchErrorCode } from '../errors';
import { FitbenchError } from '../errors';
import { parseExpression } from './parser';
import { print } from './printer';
import type { Expr } from './ast';

/** Fully parenthesized text: shows exactly how a string was grouped. */
function group(e: Expr): string {
  switch (e.type) {
    case 'number':
      return String(e.value);
    case 'constant':
    case 'identifier':
      return e.name;
    case 'negate':
      return `(-${group(e.arg)})`;
    case 'binary':
      return `(${group(e.left)}${e.op}${group(e.right)})`;
    case 'call':
      return `${e.fn}(${e.args.map(group).join(',')})`;
  }
}

function failure(text: string): FitbenchError {
  try {
    parseExpression(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FitbenchError);
    return e as FitbenchError;
  }
  throw new Error(`'${text}' parsed`);
}

describe('parseExpression: precedence and associativity', () => {
  const table: Array<[string, string]> = [
    ['a+b*c', '(a+(b*c))'],
    ['a*b+c', '((a*b)+c)'],
    ['a-b-c', '((a-b)-c)'],
    ['a/b/c', '((a/b)/c)'],
    ['a/b*c', '((a/b)*c)'],
    ['a^b^c', '(a^(b^c))'],
    ['-x^2', '(-(x^2))'],
    ['2^-1', '(2^(-1))'],
    ['a^-b^c', '(a^(-(b^c)))'],
    ['-a*b', '((-a)*b)'],
    ['a*-b', '(a*(-b))'],
    ['--a', '(-(-a))'],
    ['+a - +b', '(a-b)'],
    ['(a+b)*c', '((a+b)*c)'],
    ['a*b^c', '(a*(b^c))'],
    ['(-x)^2', '((-x)^2)'],
    ['2*x^2/3', '((2*(x^2))/3)'],
    ['exp(-x/t)', 'exp(((-x)/t))'],
    ['atan2(y, x) + pow(a, 2)', '(atan2(y,x)+pow(a,2))'],
    ['pi*e', '(pi*e)'],
    ['a - -b', '(a-(-b))'],
  ];
  it.each(table)('%s groups as %s', (text, expected) => {
    expect(group(parseExpression(text))).toBe(expected);
  });

  it('reads number forms', () => {
    const values = ['1e-3', '.5', '2.', '1.5E+2', '007', '3.25e2'].map((t) => parseExpression(t));
    expect(values).toEqual([0.001, 0.5, 2, 150, 7, 325].map((value) => ({ type: 'number', value })));
  });

  it('classifies constants and identifiers', () => {
    expect(parseExpression('pi')).toEqual({ type: 'constant', name: 'pi' });
    expect(parseExpression('e')).toEqual({ type: 'constant', name: 'e' });
    expect(parseExpression('temp_2')).toEqual({ type: 'identifier', name: 'temp_2' });
  });

  it('accepts whitespace, tabs and newlines', () => {
    expect(print(parseExpression(' a *\n exp( -x\t/ t ) '))).toBe('a*exp(-x/t)');
  });
});

describe('parseExpression: errors carry code, position and a caret excerpt', () => {
  const cases: Array<[string, FitbenchErrorCode, number]> = [
    ['', 'MODEL_PARSE', 0],
    ['   ', 'MODEL_PARSE', 0],
    ['a +', 'MODEL_PARSE', 3],
    ['a + * b', 'MODEL_PARSE', 4],
    ['(a + b', 'MODEL_PARSE', 6],
    ['a + b)', 'MODEL_PARSE', 5],
    ['a b', 'MODEL_PARSE', 2],
    ['2x', 'MODEL_PARSE', 1],
    ['a $ b', 'MODEL_PARSE', 2],
    ['a ** 2', 'MODEL_PARSE', 2],
    ['exp', 'MODEL_PARSE', 0],
    ['exp(x', 'MODEL_PARSE', 5],
    ['exp(x,)', 'MODEL_PARSE', 6],
    ['a*foo(x)', 'MODEL_UNKNOWN_FUNCTION', 2],
    ['e(x)', 'MODEL_UNKNOWN_FUNCTION', 0],
    ['sign(x)', 'MODEL_UNKNOWN_FUNCTION', 0],
    ['1 + atan2(x)', 'MODEL_ARITY', 4],
    ['exp(a, b)', 'MODEL_ARITY', 0],
    ['sin()', 'MODEL_ARITY', 0],
    ['1e999*x', 'MODEL_PARSE', 0],
    ['a.b', 'MODEL_PARSE', 1],
  ];
  it.each(cases)('%j → %s at %i', (text, code, position) => {
    const err = failure(text);
    expect(err.code).toBe(code);
    expect(err.context.position).toBe(position);
    const lines = err.message.split('\n');
    expect(lines[lines.length - 1].indexOf('^') - 2).toBe(position);
    expect(lines[lines.length - 2]).toBe(`  ${text}`);
  });

  it('shows the caret under the offending character', () => {
    const err = failure('a*exp(-x/t) + b c');
    expect(err.message).toBe(
      "Unexpected name 'c' (missing operator?) at position 16:\n  a*exp(-x/t) + b c\n                  ^",
    );
  });

  it('windows the excerpt of a long expression around the position', () => {
    const text = `${'a + '.repeat(40)}) + b`;
    const err = failure(text);
    const [, line, caret] = err.message.split('\n');
    expect(line.length).toBeLessThan(90);
    expect(line[caret.indexOf('^')]).toBe(')');
  });

  it('limits nesting depth and length without overflowing the stack', () => {
    const deep = `${'('.repeat(3000)}x${')'.repeat(3000)}`;
    expect(failure(deep).message).toMatch(/nested too deeply/);
    const unary = `${'-'.repeat(5000)}x`;
    expect(failure(unary).message).toMatch(/nested too deeply/);
    const chain = Array.from({ length: 300 }, (_, i) => `a${i}`).join('+');
    expect(failure(chain).message).toMatch(/nested too deeply/);
    const long = 'a+'.repeat(6000) + 'a';
    expect(failure(long).message).toMatch(/too long/);
    expect(() => parseExpression(`${'('.repeat(150)}x${')'.repeat(150)}`)).not.toThrow();
  });

  it('rejects names that are properties of every JS object', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const err = failure(`a*${name} + x`);
      expect(err.code).toBe('MODEL_PARSE');
      expect(err.context.position).toBe(2);
      expect(err.message).toMatch(/reserved name/);
    }
  });
});
