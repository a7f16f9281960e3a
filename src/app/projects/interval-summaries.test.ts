import { describe, expect, it } from 'vitest';
import { fisherFCdf } from '../../core/stats/fisher-f';
import { profileThreshold } from './interval-summaries';

describe('profile threshold', () => {
  it("is the Δχ² where lmfit's F-test criterion reaches the level", () => {
    // Many degrees of freedom: F(1, dof) → χ²₁, whose 95% quantile is 3.8415.
    expect(profileThreshold(0.95, 1e6, 1e6)).toBeCloseTo(3.841459, 3);
    const t = profileThreshold(0.6827, 12.5, 20);
    expect(fisherFCdf((t / 12.5) * 20, 1, 20)).toBeCloseTo(0.6827, 10);
    expect(profileThreshold(0.95, 1, 0)).toBeNaN();
  });
});
