import { describe, expect, it } from 'vitest';
import { modelLatex } from './model-latex';

describe('model as LaTeX', () => {
  it('prints fractions, powers, functions and Greek names', () => {
    expect(modelLatex('a*exp(-(x-mu)^2/(2*s^2)) + c')).toBe(
      'y = a\\,e^{\\frac{-{\\left(x - \\mu\\right)}^{2}}{2\\,{s}^{2}}} + c',
    );
    expect(modelLatex('Vmax*S/(Km+S)')).toBe('y = \\frac{\\mathit{Vmax}\\,S}{\\mathit{Km} + S}');
    expect(modelLatex('a - (b - c)')).toBe('y = a - \\left(b - c\\right)');
    expect(modelLatex('sqrt(x)*log10(x1)')).toBe('y = \\sqrt{x}\\,\\log_{10}\\left(x_{1}\\right)');
  });
});
