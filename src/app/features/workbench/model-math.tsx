import { useEffect, useRef, useState } from 'react';
import type KatexModule from 'katex';
import { modelLatex } from './model-latex';

type Katex = typeof KatexModule;
let katexLoad: Promise<Katex> | null = null;

/** KaTeX and its stylesheet, loaded on first use (they are not part of the initial page). */
function loadKatex(): Promise<Katex> {
  katexLoad ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => m.default);
  return katexLoad;
}

/**
 * The model as typeset mathematics, updated as the expression changes; nothing while it does not
 * parse. KaTeX builds the DOM itself (`katex.render`), setting styles through the CSSOM, so the
 * formula renders under the page's strict Content-Security-Policy (no inline style attributes).
 */
export function ModelMath({ expression }: { expression: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    let live = true;
    let latex: string;
    try {
      latex = modelLatex(expression);
    } catch {
      setShown(false);
      return;
    }
    loadKatex().then(
      (katex) => {
        if (!live || !box.current) return;
        // trust: false and no macros from the user: the LaTeX is printed from a validated tree.
        katex.render(latex, box.current, { throwOnError: false, displayMode: true, output: 'html' });
        setShown(true);
      },
      () => live && setShown(false),
    );
    return () => {
      live = false;
    };
  }, [expression]);
  return (
    <div
      ref={box}
      className="model-math"
      data-testid={shown ? 'model-math' : undefined}
      role="img"
      aria-label={`y = ${expression}`}
      hidden={!shown}
    />
  );
}
