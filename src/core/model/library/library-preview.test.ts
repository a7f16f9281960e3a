import { describe, expect, it } from 'vitest';
import { listLibraryModels, PREVIEW_POINTS } from './registry';

describe('library descriptions for the model browser', () => {
  const models = listLibraryModels();

  it('gives every parameter of every model a meaning and a typical value', () => {
    for (const m of models) {
      expect(Object.keys(m.meanings).sort(), m.name).toEqual([...m.paramNames].sort());
      expect(Object.keys(m.typical).sort(), m.name).toEqual([...m.paramNames].sort());
      for (const name of m.paramNames) {
        expect(m.meanings[name].length, `${m.name}.${name}`).toBeGreaterThan(2);
        expect(Number.isFinite(m.typical[name]), `${m.name}.${name}`).toBe(true);
      }
    }
  });

  it('keeps typical values inside the default bounds', () => {
    for (const m of models) {
      for (const [name, [lo, hi]] of Object.entries(m.defaultBounds)) {
        expect(m.typical[name], `${m.name}.${name}`).toBeGreaterThanOrEqual(lo);
        expect(m.typical[name], `${m.name}.${name}`).toBeLessThanOrEqual(hi);
      }
    }
  });

  it('draws each shape from the model itself: finite, evenly spaced, and not flat (but the constant)', () => {
    for (const m of models) {
      const { x, y } = m.shape;
      expect(x.length, m.name).toBe(PREVIEW_POINTS);
      expect(y.every(Number.isFinite), m.name).toBe(true);
      const range = Math.max(...y) - Math.min(...y);
      if (m.name === 'constant') expect(range).toBe(0);
      else expect(range, m.name).toBeGreaterThan(0.05 * Math.max(...y.map(Math.abs)));
    }
  });

  it('names the Gaussian parameters as a user reads them', () => {
    const g = models.find((m) => m.name === 'gaussian');
    expect(g?.meanings).toEqual({ a: 'peak height', mu: 'centre', s: 'width (standard deviation σ)' });
    expect(g?.shape.y[31]).toBeCloseTo(Math.exp(-((4 / 63) ** 2) / 2), 12);
  });
});
