import { describe, expect, it } from 'vitest';
import type { FitResult } from '../../../core/api-types';
import { computeFitViews, dataPoints, predictorColumns } from './fit-views';

const result = (params: Record<string, number>, expression: string) => ({ params, expression }) as unknown as FitResult;

describe('fit views', () => {
  it('draw the curve over the data range and the residuals y − f', async () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => i / 10);
    const y = x.map((v) => 2 * v + 1 + (v === 1 ? 0.5 : 0));
    const views = await computeFitViews({ model: 'a*x + b', x, y, p0: {} }, result({ a: 2, b: 1 }, 'a*x + b'));
    expect(views?.curve[0]).toEqual({ x: 0, y: 1 });
    expect(views?.curve.at(-1)?.x).toBeCloseTo(4.9, 12);
    const spike = views?.residuals.find((p) => p.x === 1);
    expect(spike?.y).toBeCloseTo(0.5, 12);
    expect(views?.data).toHaveLength(50);
  });

  it('read named predictors, and give no curve for several', async () => {
    const t = Float64Array.of(0, 1, 2, 3);
    const u = Float64Array.of(1, 0, 1, 0);
    const views = await computeFitViews(
      { model: 'a*t + b*u', x: { t, u }, y: Float64Array.of(1, 2, 5, 6), p0: {} },
      result({ a: 2, b: 1 }, 'a*t + b*u'),
    );
    expect(views?.curve).toEqual([]);
    expect(views?.residuals.map((p) => p.y)).toEqual([0, 0, 0, 0]);
  });

  it('decimate a large series and stop when stale', async () => {
    const n = 200_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const drawn = dataPoints({ x, y: x });
    expect(drawn.length).toBe(600);
    expect(drawn[0].x).toBeLessThan(200);
    expect(drawn.at(-1)?.x).toBeGreaterThan(n - 200);
    let calls = 0;
    const stale = await computeFitViews({ model: 'a*x', x, y: x, p0: {} }, result({ a: 1 }, 'a*x'), () => ++calls > 0);
    expect(stale).toBeNull();
    expect(Object.keys(predictorColumns({ x: [1, 2] }))).toEqual(['x']);
  });
});
