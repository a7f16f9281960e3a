/**
 * "Copy as Python": a self-contained script that reproduces a fit with scipy's curve_fit
 * (or with lmfit), the data embedded at full precision, so a result travels into a lab
 * notebook and can be checked without Fitbench.
 */
import type { FitProblem, FitResult, LossName, NumericArray } from '../../core/api-types';
import { parseExpressionRecord, resolveTies } from '../../core/fit/parameter-expressions';
import { derivedPythonLines } from './python-derived';
import { pythonArray, pythonExpression, pythonName, pythonNumber } from './python-expression';

export interface ReproduceInput {
  problem: FitProblem;
  result: FitResult;
  /** The options the fit ran with (the result has the method and loss; f_scale comes from here). */
  fScale?: number;
  absoluteSigma?: boolean;
  title?: string;
}

/** Predictor names and columns of a problem ('x' for a plain array). */
function predictors(problem: FitProblem): [string, NumericArray][] {
  const x = problem.x;
  if (ArrayBuffer.isView(x) || Array.isArray(x)) return [['x', x as NumericArray]];
  return Object.entries(x as Record<string, NumericArray>);
}

function header(input: ReproduceInput, needs: string): string {
  const { result } = input;
  return [
    '#!/usr/bin/env python3',
    `"""${input.title ? `${input.title}: ` : ''}reproduces a Fitbench fit (${needs}).`,
    '',
    `Model: y = ${result.expression}`,
    `Fitbench: ${result.method} / ${result.loss} loss, ${result.nPoints} points, chi-square ${result.chiSquare}`,
    '"""',
  ].join('\n');
}

/** Tied parameters (lmfit expr) in dependency order with their expressions as written. */
function tiedOf(problem: FitProblem): { order: string[]; text: Record<string, string> } {
  const text = problem.expressions ?? {};
  if (Object.keys(text).length === 0) return { order: [], text };
  return { order: [...resolveTies(parseExpressionRecord(text, 'expressions'), text).order], text };
}

function freeAndFixed(input: ReproduceInput): { free: string[]; fixed: string[] } {
  const fixed = new Set(input.problem.fixed ?? []);
  // A tied parameter is not fitted: the fitted expression has it substituted.
  const tied = new Set(Object.keys(input.problem.expressions ?? {}));
  const names = input.result.paramNames.filter((n) => !tied.has(n));
  return { free: names.filter((n) => !fixed.has(n)), fixed: names.filter((n) => fixed.has(n)) };
}

function valueOf(input: ReproduceInput, name: string): number {
  return input.problem.p0?.[name] ?? input.result.params[name];
}

/** The user's derived quantities (python-derived.ts) over this fit's parameters. */
function derivedLines(input: ReproduceInput, values: string, free: string, cov: string): string[] {
  const own = input.result.derived ?? {};
  return derivedPythonLines({
    derived: input.problem.derived ?? {},
    params: input.result.paramNames.filter((n) => !(n in own)),
    tied: tiedOf(input.problem),
    values,
    free,
    cov,
  });
}

/** A scipy.optimize.curve_fit script; it prints the parameters and, last, one JSON line of them. */
export function scipyScript(input: ReproduceInput): string {
  const { problem, result } = input;
  const cols = predictors(problem);
  const { free, fixed } = freeAndFixed(input);
  const many = cols.length > 1;
  const lines: string[] = [
    header(input, 'numpy + scipy'),
    'import json',
    '',
    'import numpy as np',
    'from scipy import optimize, special',
    '',
  ];
  for (const [name, values] of cols) lines.push(`${pythonName(name)}_data = ${pythonArray(values)}`);
  lines.push(`y_data = ${pythonArray(problem.y)}`);
  if (problem.sigma) lines.push(`sigma = ${pythonArray(problem.sigma as ArrayLike<number>)}`);
  lines.push('');
  const xArg = many ? 'X' : pythonName(cols[0][0]);
  lines.push(`def model(${[xArg, ...free.map(pythonName)].join(', ')}):`);
  if (many) lines.push(`    ${cols.map(([n]) => pythonName(n)).join(', ')} = X`);
  for (const n of fixed) lines.push(`    ${pythonName(n)} = ${pythonNumber(valueOf(input, n))}  # fixed`);
  lines.push(`    return ${pythonExpression(result.expression)} + 0 * ${many ? pythonName(cols[0][0]) : xArg}`);
  lines.push('');
  lines.push(`names = [${free.map((n) => `'${n}'`).join(', ')}]`);
  lines.push(`p0 = [${free.map((n) => pythonNumber(valueOf(input, n))).join(', ')}]`);
  const bounds = problem.bounds ?? {};
  const hasBounds = free.some((n) => bounds[n] && (bounds[n][0] !== null || bounds[n][1] !== null));
  const side = (n: string, k: 0 | 1) => {
    const b = bounds[n]?.[k];
    return b === null || b === undefined ? (k === 0 ? '-np.inf' : 'np.inf') : pythonNumber(b);
  };
  const kwargs: string[] = ['p0=p0'];
  if (problem.sigma) kwargs.push('sigma=sigma', `absolute_sigma=${input.absoluteSigma ? 'True' : 'False'}`);
  const loss: LossName = result.loss;
  const method = hasBounds || loss !== 'linear' || result.method === 'trf' ? 'trf' : 'lm';
  if (hasBounds)
    kwargs.push(`bounds=([${free.map((n) => side(n, 0)).join(', ')}], [${free.map((n) => side(n, 1)).join(', ')}])`);
  kwargs.push(`method='${method}'`);
  if (loss !== 'linear') kwargs.push(`loss='${loss}'`, `f_scale=${pythonNumber(input.fScale ?? 1)}`);
  // Tight tolerances: the script should land on the optimum itself, not stop near it.
  kwargs.push('xtol=1e-14', 'ftol=1e-14', 'gtol=1e-14', method === 'lm' ? 'maxfev=100000' : 'max_nfev=100000');
  const xData = many
    ? `np.vstack([${cols.map(([n]) => `${pythonName(n)}_data`).join(', ')}])`
    : `${pythonName(cols[0][0])}_data`;
  lines.push(`popt, pcov = optimize.curve_fit(model, ${xData}, y_data, ${kwargs.join(', ')})`);
  lines.push('perr = np.sqrt(np.diag(pcov))');
  lines.push('for name, value, error in zip(names, popt, perr):');
  lines.push("    print(f'{name:>12} = {value:.10g} +/- {error:.3g}')");
  lines.push(`residuals = y_data - model(${xData}, *popt)`);
  lines.push(`chi_square = float(np.sum((residuals${problem.sigma ? ' / sigma' : ''}) ** 2))`);
  lines.push("print(f'  chi-square = {chi_square:.10g}')");
  lines.push('params = dict(zip(names, popt.tolist()))');
  const tied = tiedOf(problem);
  if (tied.order.length > 0) {
    // Tied parameters (lmfit expr) from the fitted ones, in dependency order.
    lines.push(`${free.map(pythonName).join(', ')}${free.length === 1 ? ',' : ''} = popt`);
    for (const n of fixed) lines.push(`${pythonName(n)} = ${pythonNumber(valueOf(input, n))}`);
    for (const n of tied.order) {
      lines.push(`${pythonName(n)} = ${pythonExpression(tied.text[n])}  # tied: ${n} = ${tied.text[n]}`);
      lines.push(`params['${n}'] = float(${pythonName(n)})`);
    }
  }
  const derived = derivedLines(
    input,
    `{**dict(zip([${free.map((n) => `'${pythonName(n)}'`).join(', ')}], popt.tolist())), ${fixed.map((n) => `'${pythonName(n)}': ${pythonNumber(valueOf(input, n))}`).join(', ')}}`,
    `[${free.map((n) => `'${pythonName(n)}'`).join(', ')}]`,
    'pcov',
  );
  lines.push(...derived);
  lines.push(
    `print(json.dumps({'params': params, 'stderr': dict(zip(names, perr.tolist())), 'chi_square': chi_square${derived.length > 0 ? ", 'derived': derived_values" : ''}}))`,
  );
  lines.push('');
  return lines.join('\n');
}

/** An lmfit script (Model with named parameters, bounds and fixed flags); it prints lmfit's fit_report. */
export function lmfitScript(input: ReproduceInput): string {
  const { problem, result } = input;
  const cols = predictors(problem);
  const names = result.paramNames;
  const fixed = new Set(problem.fixed ?? []);
  const lines: string[] = [
    header(input, 'numpy + scipy + lmfit'),
    'import numpy as np',
    'from lmfit import Model',
    'from scipy import special',
    '',
  ];
  for (const [name, values] of cols) lines.push(`${pythonName(name)}_data = ${pythonArray(values)}`);
  lines.push(`y_data = ${pythonArray(problem.y)}`);
  if (problem.sigma) lines.push(`sigma = ${pythonArray(problem.sigma as ArrayLike<number>)}`);
  lines.push('');
  const independent = cols.map(([n]) => pythonName(n));
  lines.push(`def f(${[...independent, ...names.map(pythonName)].join(', ')}):`);
  lines.push(`    return ${pythonExpression(result.expression)} + 0 * ${independent[0]}`);
  lines.push('');
  lines.push(`model = Model(f, independent_vars=[${independent.map((n) => `'${n}'`).join(', ')}])`);
  lines.push('params = model.make_params()');
  const tied = tiedOf(problem);
  for (const n of names) {
    if (tied.text[n] !== undefined) {
      // lmfit evaluates expr with asteval, which knows exp, sqrt… by their bare names.
      const expr = pythonExpression(tied.text[n]).replace(/\b(np|special)\./g, '');
      lines.push(`params['${pythonName(n)}'].set(expr='${expr}')`);
      continue;
    }
    const b = problem.bounds?.[n];
    const parts = [`value=${pythonNumber(valueOf(input, n))}`, `vary=${fixed.has(n) ? 'False' : 'True'}`];
    if (b?.[0] !== null && b?.[0] !== undefined) parts.push(`min=${pythonNumber(b[0])}`);
    if (b?.[1] !== null && b?.[1] !== undefined) parts.push(`max=${pythonNumber(b[1])}`);
    lines.push(`params['${pythonName(n)}'].set(${parts.join(', ')})`);
  }
  const fitKw = [...cols.map(([n]) => `${pythonName(n)}=${pythonName(n)}_data`)];
  if (problem.sigma) fitKw.push('weights=1 / sigma');
  const loss = result.loss;
  fitKw.push(loss !== 'linear' || result.method === 'trf' ? "method='least_squares'" : "method='leastsq'");
  if (loss !== 'linear') fitKw.push(`fit_kws={'loss': '${loss}', 'f_scale': ${pythonNumber(input.fScale ?? 1)}}`);
  lines.push(`result = model.fit(y_data, params, ${fitKw.join(', ')})`);
  lines.push('print(result.fit_report())');
  lines.push(
    ...derivedLines(input, '{name: p.value for name, p in result.params.items()}', 'result.var_names', 'result.covar'),
  );
  lines.push('');
  return lines.join('\n');
}
