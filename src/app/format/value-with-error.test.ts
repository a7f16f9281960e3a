import { describe, expect, it } from 'vitest';
import { plainNumber, valueWithErrorText } from './value-with-error';

describe('value ± error', () => {
  it('rounds the value by its error (two significant digits of the error)', () => {
    expect(valueWithErrorText(3.207123456789012, 0.0151234)).toBe('3.207 ± 0.015');
    expect(valueWithErrorText(-0.5998765, 0.0012)).toBe('-0.5999 ± 0.0012');
    expect(valueWithErrorText(12.3456, 0.98)).toBe('12.35 ± 0.98');
    expect(valueWithErrorText(1234.4, 23.4)).toBe('1234 ± 23');
    expect(valueWithErrorText(98765.4, 432.1)).toBe('98770 ± 430');
  });

  it('shares a power of ten for very large or small numbers', () => {
    expect(valueWithErrorText(1.5234e-7, 1.1e-8)).toBe('(1.52 ± 0.11)e-7');
    expect(valueWithErrorText(6.02214e23, 3.1e21)).toBe('(6.022 ± 0.031)e23');
  });

  it('writes a value without a usable error to 6 significant digits', () => {
    expect(valueWithErrorText(3.20712345, undefined)).toBe('3.20712');
    expect(valueWithErrorText(3.20712345, 0)).toBe('3.20712');
    expect(valueWithErrorText(2, NaN)).toBe('2');
    expect(valueWithErrorText(Infinity, 1)).toBe('Infinity');
    expect(plainNumber(1.23456789e-9)).toBe('1.23457e-9');
  });
});
