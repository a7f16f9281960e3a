import { useEffect, useState } from 'react';
import type KatexModule from 'katex';
import { modelLatex } from './model-latex';

type Katex = typeof KatexModule;
let katexLoad: Promise<Katex> | null = null;

/** KaTeX and its stylesheet, loaded on first use (they are not part of the initial page). */
function loadKatex(): Promise<Katex> {
  katexLoad ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => m.default);
  return katexLoad;
}

/** The model as typeset mathematics, updated as the expression changes; nothing while it does not parse. */
export function ModelMath({ expression }: { expression: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let latex: string;
    try {
      latex = modelLatex(expression);
    } catch {
      setHtml(null);
      return;
    }
    loadKatex().then(
      (katex) => {
        // trust: false and no macros from the user: the LaTeX is printed from a validated tree.
        if (live) setHtml(katex.renderToString(latex, { throwOnError: false, displayMode: true, output: 'html' }));
      },
      () => live && setHtml(null),
    );
    return () => {
      live = false;
    };
  }, [expression]);
  if (!html) return null;
  return (
    <div
      className="model-math"
      data-testid="model-math"
      role="img"
      aria-label={`y = ${expression}`}
      // KaTeX's own markup of a formula printed from the parsed model (never raw user text).
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
