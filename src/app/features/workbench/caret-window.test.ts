import { describe, expect, it } from 'vitest';
import { caretWindow, problemLine } from './caret-window';

describe('caretWindow', () => {
  it('singles out the character at the position', () => {
    expect(caretWindow('a*expp(-x/t)', 2)).toEqual({
      before: 'a*',
      at: 'e',
      after: 'xpp(-x/t)',
      cutStart: false,
      cutEnd: false,
    });
  });

  it('marks a blank after the text when the error is at its end', () => {
    const w = caretWindow('a*exp(-x/', 9);
    expect(w.before).toBe('a*exp(-x/');
    expect(w.at).toBe(' ');
    expect(w.after).toBe('');
  });

  it('windows a long text around the position', () => {
    const text = `${'a+'.repeat(50)}#${'+b'.repeat(50)}`;
    const w = caretWindow(text, 100, 20);
    expect(w.at).toBe('#');
    expect(w.cutStart && w.cutEnd).toBe(true);
    expect(w.before.length + 1 + w.after.length).toBe(20);
  });

  it('clamps positions outside the text', () => {
    expect(caretWindow('ab', 7).before).toBe('ab');
    expect(caretWindow('ab', -3).at).toBe('a');
  });

  it('keeps the first line of the compiler message', () => {
    expect(problemLine("Unknown function 'expp' at position 2:\n  a*expp(x)\n    ^")).toBe(
      "Unknown function 'expp' at position 2",
    );
  });
});
