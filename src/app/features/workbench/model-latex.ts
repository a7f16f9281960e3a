/**
 * A model expression as LaTeX, printed from the parsed tree: fractions for '/', powers as
 * superscripts, function names upright, Greek-named parameters as Greek letters.
 */
import type { Expr } from '../../../core/model';
import { parseExpression } from '../../../core/model';

const GREEK = new Set(
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega'.split(
    ' ',
  ),
);

function name(n: string): string {
  if (GREEK.has(n)) return `\\${n}`;
  const m = /^([A-Za-z]+)_?(\d+)$/.exec(n);
  if (m) return `${name(m[1])}_{${m[2]}}`;
  return n.length > 1 ? `\\mathit{${n.replace(/_/g, '\\_')}}` : n;
}

const PREC: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 3, '^': 4 };

function prec(e: Expr): number {
  if (e.type === 'binary') return PREC[e.op];
  if (e.type === 'negate') return 1.5;
  return 9;
}

function wrap(s: string): string {
  return `\\left(${s}\\right)`;
}

function tex(e: Expr): string {
  switch (e.type) {
    case 'number':
      return /e/i.test(String(e.value))
        ? String(e.value).replace(
            /e([+-]?)(\d+)/i,
            (_m, s: string, d: string) => `\\times 10^{${s === '-' ? '-' : ''}${d}}`,
          )
        : String(e.value);
    case 'constant':
      return e.name === 'pi' ? '\\pi' : 'e';
    case 'identifier':
      return name(e.name);
    case 'negate':
      return `-${prec(e.arg) <= 1.5 ? wrap(tex(e.arg)) : tex(e.arg)}`;
    case 'binary': {
      if (e.op === '/') return `\\frac{${tex(e.left)}}{${tex(e.right)}}`;
      if (e.op === '^') {
        const base = prec(e.left) < 9 ? wrap(tex(e.left)) : tex(e.left);
        return `{${base}}^{${tex(e.right)}}`;
      }
      const p = PREC[e.op];
      const l = prec(e.left) < p ? wrap(tex(e.left)) : tex(e.left);
      const rightNeeds = e.op === '-' ? prec(e.right) <= p : prec(e.right) < p;
      const r = rightNeeds ? wrap(tex(e.right)) : tex(e.right);
      if (e.op === '*') return `${l}\\,${r}`;
      return `${l} ${e.op} ${r}`;
    }
    case 'call': {
      const args = e.args.map(tex);
      if (e.fn === 'exp') return `e^{${args[0]}}`;
      if (e.fn === 'sqrt') return `\\sqrt{${args[0]}}`;
      if (e.fn === 'abs') return `\\left|${args[0]}\\right|`;
      if (e.fn === 'pow') return `{${wrap(args[0])}}^{${args[1]}}`;
      if (e.fn === 'log10') return `\\log_{10}${wrap(args[0])}`;
      const known = ['log', 'ln', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'min', 'max'];
      const fn = known.includes(e.fn) ? `\\${e.fn}` : `\\operatorname{${e.fn.replace(/_/g, '\\_')}}`;
      return `${fn}${wrap(args.join(', '))}`;
    }
  }
}

/** "y = …" in LaTeX; throws the parser's FitbenchError on a bad expression. */
export function modelLatex(expression: string): string {
  return `y = ${tex(parseExpression(expression))}`;
}
