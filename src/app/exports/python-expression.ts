/**
 * A model expression as NumPy code, printed from the parsed tree (never from the text), every
 * operation parenthesised so Python's precedence cannot differ from the model language's.
 */
import type { Expr } from '../../core/model';
import { parseExpression } from '../../core/model';

const FUNCTIONS: Record<string, (args: string[]) => string> = {
  exp: (a) => `np.exp(${a[0]})`,
  log: (a) => `np.log(${a[0]})`,
  ln: (a) => `np.log(${a[0]})`,
  log10: (a) => `np.log10(${a[0]})`,
  sqrt: (a) => `np.sqrt(${a[0]})`,
  abs: (a) => `np.abs(${a[0]})`,
  sin: (a) => `np.sin(${a[0]})`,
  cos: (a) => `np.cos(${a[0]})`,
  tan: (a) => `np.tan(${a[0]})`,
  asin: (a) => `np.arcsin(${a[0]})`,
  acos: (a) => `np.arccos(${a[0]})`,
  atan: (a) => `np.arctan(${a[0]})`,
  atan2: (a) => `np.arctan2(${a[0]}, ${a[1]})`,
  sinh: (a) => `np.sinh(${a[0]})`,
  cosh: (a) => `np.cosh(${a[0]})`,
  tanh: (a) => `np.tanh(${a[0]})`,
  pow: (a) => `np.power(${a[0]}, ${a[1]})`,
  min: (a) => `np.minimum(${a[0]}, ${a[1]})`,
  max: (a) => `np.maximum(${a[0]}, ${a[1]})`,
  erf: (a) => `special.erf(${a[0]})`,
  erfc: (a) => `special.erfc(${a[0]})`,
  wofz_re: (a) => `special.wofz(${a[0]} + 1j * ${a[1]}).real`,
  wofz_im: (a) => `special.wofz(${a[0]} + 1j * ${a[1]}).imag`,
  sign: (a) => `np.sign(${a[0]})`,
  ifle: (a) => `np.where(${a[0]} <= ${a[1]}, ${a[2]}, ${a[3]})`,
};

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield np special optimize json print model'.split(
    ' ',
  ),
);

/** A model identifier as a Python name (keywords and the script's own names get a trailing _). */
export function pythonName(name: string): string {
  return PYTHON_KEYWORDS.has(name) ? `${name}_` : name;
}

/** A numpy array literal at full precision, ten numbers a line so the script stays readable. */
export function pythonArray(a: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < a.length; i++) parts.push(pythonNumber(a[i]));
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 10) lines.push(`    ${parts.slice(i, i + 10).join(', ')},`);
  return `np.array([\n${lines.join('\n')}\n])`;
}

/** A float literal Python reads back to the same double. */
export function pythonNumber(v: number): string {
  if (Number.isNaN(v)) return 'np.nan';
  if (v === Infinity) return 'np.inf';
  if (v === -Infinity) return '-np.inf';
  return String(v);
}

export function pythonExpression(expression: string): string {
  return print(parseExpression(expression));
}

function print(e: Expr): string {
  switch (e.type) {
    case 'number':
      return e.value < 0 ? `(${pythonNumber(e.value)})` : pythonNumber(e.value);
    case 'constant':
      return e.name === 'pi' ? 'np.pi' : 'np.e';
    case 'identifier':
      return pythonName(e.name);
    case 'negate':
      return `(-${print(e.arg)})`;
    case 'binary':
      return `(${print(e.left)} ${e.op === '^' ? '**' : e.op} ${print(e.right)})`;
    case 'call':
      return FUNCTIONS[e.fn](e.args.map(print));
  }
}
