import { describe, expect, it } from 'vitest';
import { assertNever } from './assert-never';
import { errorOf } from '../test-support/fitbench-error-of';
import { print } from './model/printer';
import type { Expr } from './model/ast';

describe('assertNever', () => {
  it('turns a value outside its union into an INTERNAL error naming it', () => {
    const e = errorOf(() => assertNever('mystery' as never, 'health state'));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe('Unhandled health state: "mystery".');
  });

  it('guards the switches over the model AST against nodes it does not know', () => {
    const alien = { type: 'matrix', rows: 2 } as unknown as Expr;
    const e = errorOf(() => print(alien));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toContain('"type":"matrix"');
  });
});
