import { describe, expect, it } from 'vitest';
import { findTutorial, TUTORIALS } from './tutorial-catalog';

describe('tutorial catalog', () => {
  it('has unique ids and non-empty content', () => {
    expect(new Set(TUTORIALS.map((t) => t.id)).size).toBe(TUTORIALS.length);
    for (const t of TUTORIALS) {
      expect(t.blocks.length).toBeGreaterThan(2);
      expect(t.blocks.some((b) => b.kind === 'try')).toBe(true);
    }
  });
  it('links only to the workbench URL contract', () => {
    for (const t of TUTORIALS) {
      for (const b of t.blocks) {
        if (b.kind !== 'try') continue;
        const url = new URL(b.href, 'http://localhost/');
        for (const key of url.searchParams.keys()) expect(['demo', 'backend', 'chaos']).toContain(key);
        expect(['gaussian', 'exp-decay', 'dose-response', 'large']).toContain(url.searchParams.get('demo'));
        expect(url.hash).toBe('#/');
      }
    }
  });
  it('finds by id', () => {
    expect(findTutorial('first-fit')?.title).toBe('Your first fit');
    expect(findTutorial('nope')).toBeUndefined();
  });
});
