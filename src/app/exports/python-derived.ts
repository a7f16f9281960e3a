/**
 * Derived quantities in the "copy as Python" scripts: one function of every parameter each,
 * and the delta method with a central-difference gradient (Fitbench differentiates exactly;
 * the two agree to the step's accuracy). Tied parameters are recomputed from the others at
 * every step, so a quantity that reads one follows the free parameters it depends on.
 */
import { pythonExpression, pythonName } from './python-expression';

export interface DerivedPythonInput {
  /** The quantities, by name: expressions of the parameters. */
  derived: Readonly<Record<string, string>>;
  /** Every parameter name the expressions may read (global names for a global fit). */
  params: readonly string[];
  /** Tied parameters in dependency order, and their expressions. */
  tied: { order: readonly string[]; text: Readonly<Record<string, string>> };
  /** Python: a dict of every parameter's fitted value, by Python name. */
  values: string;
  /** Python: the list of the free parameters' Python names, in the covariance's order. */
  free: string;
  /** Python: the free parameters' covariance matrix. */
  cov: string;
}

/** The script lines; they leave `derived_values` (name → {"value", "stderr"}). Empty without quantities. */
export function derivedPythonLines(input: DerivedPythonInput): string[] {
  const entries = Object.entries(input.derived);
  if (entries.length === 0) return [];
  const args = input.params.map(pythonName);
  const lines = [
    '',
    '# Derived quantities, errors by the delta method (central-difference gradient over the free parameters).',
    'def with_tied(values):',
    '    values = dict(values)',
  ];
  const known = input.params.filter((n) => !input.tied.order.includes(n)).map(pythonName);
  for (const n of input.tied.order) {
    lines.push(
      `    values['${pythonName(n)}'] = (lambda ${[...known, '**_'].join(', ')}: ${pythonExpression(input.tied.text[n])})(**values)`,
    );
    known.push(pythonName(n));
  }
  lines.push(
    '    return values',
    '',
    'def delta_method(f, values, free, cov):',
    '    g = np.zeros(len(free))',
    '    for i, n in enumerate(free):',
    '        h = 1e-6 * max(abs(values[n]), 1e-12)',
    '        up, down = dict(values), dict(values)',
    '        up[n] += h',
    '        down[n] -= h',
    '        g[i] = (f(**with_tied(up)) - f(**with_tied(down))) / (2 * h)',
    '    return float(f(**with_tied(values))), float(np.sqrt(g @ cov @ g))',
    '',
    'derived = {',
  );
  for (const [name, text] of entries)
    lines.push(`    '${name}': lambda ${args.join(', ')}: ${pythonExpression(text)},`);
  lines.push('}', 'derived_values = {}', 'for name, f in derived.items():');
  lines.push(`    value, error = delta_method(f, ${input.values}, ${input.free}, ${input.cov})`);
  lines.push('    derived_values[name] = {"value": value, "stderr": error}');
  lines.push("    print(f'{name:>12} = {value:.10g} +/- {error:.3g}  (derived)')");
  return lines;
}
