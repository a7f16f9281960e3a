import { describe, expect, it } from 'vitest';
import { correlationText, heat } from './correlation-heatmap';

describe('correlation heat map', () => {
  it('writes r to two decimals, without a sign on a value that rounds to zero', () => {
    expect(correlationText(-0.0004)).toBe('0.00');
    expect(correlationText(-0)).toBe('0.00');
    expect(correlationText(0.0004)).toBe('0.00');
    expect(correlationText(-0.005)).toBe('-0.01');
    expect(correlationText(-0.58)).toBe('-0.58');
    expect(correlationText(1)).toBe('1.00');
  });

  it('colours −1 blue, 0 white and +1 red', () => {
    expect(heat(0)).toBe('rgb(255, 255, 255)');
    expect(heat(1)).toMatch(/^rgb\(255, /);
    expect(heat(-1)).toMatch(/, 255\)$/);
  });
});
