import { describe, expect, it } from 'vitest';
import type { FitResult, GlobalProblem } from '../../../core/api-types';
import { datasetProblem, datasetResult, datasetStyle, expressionOf } from './global-views';

const global: GlobalProblem = {
  model: 'a*exp(-k*x)',
  datasets: [
    { x: [0, 1], y: [1, 0.5], name: 'one' },
    { x: [0, 1], y: [2, 0.9], sigma: [0.1, 0.1], name: 'two' },
  ],
  shared: ['k'],
};

describe('global fit views', () => {
  it('gives each data set its own parameters under bare names', () => {
    const result = { params: { k: 0.7, a_1: 1, a_2: 2 }, expression: 'ignored' } as unknown as FitResult;
    expect(datasetResult(result, global, 1).params).toEqual({ k: 0.7, a: 2 });
    expect(datasetResult(result, global, 0).params).toEqual({ k: 0.7, a: 1 });
    expect(datasetResult(result, global, 0).expression).toBe('a*exp(-k*x)');
    expect(datasetProblem(global, 1)).toEqual({ model: 'a*exp(-k*x)', x: [0, 1], y: [2, 0.9], sigma: [0.1, 0.1] });
  });

  it('expands a library model name, and draws sets with different markers and dashes', () => {
    expect(expressionOf('gaussian')).toBe('a*exp(-(x-mu)^2/(2*s^2))');
    expect(datasetStyle(0).marker).not.toBe(datasetStyle(1).marker);
    expect(datasetStyle(0).dash).not.toBe(datasetStyle(1).dash);
  });
});
