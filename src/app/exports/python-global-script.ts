/**
 * "Copy as Python" for a global fit: one scipy curve_fit over the stacked data sets, the
 * shared parameters one for all and every other parameter q one per data set (q_1, q_2…,
 * as Fitbench names them), the data embedded at full precision.
 */
import type { FitResult, GlobalProblem, NumericArray } from '../../core/api-types';
import { FitbenchError } from '../../core/errors';
import { interpretModel } from '../../core/model';
import { resolveModel } from '../../core/model/library';
import { derivedPythonLines } from './python-derived';
import { pythonArray, pythonExpression, pythonName, pythonNumber } from './python-expression';

export interface GlobalReproduceInput {
  problem: GlobalProblem;
  result: FitResult;
  fScale?: number;
  title?: string;
}

function isArray(x: unknown): x is NumericArray {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

/**
 * The scipy script of a global fit; it prints the parameters and, last, one JSON line of
 * them. Throws OPTIONS_INVALID for what it cannot write (tied expressions, several x
 * columns, a model per data set, a covariance matrix as sigma).
 */
export function scipyGlobalScript(input: GlobalReproduceInput): string {
  const { problem, result } = input;
  const unsupported = (what: string) =>
    new FitbenchError('OPTIONS_INVALID', `Copy as Python does not write global fits with ${what} yet.`);
  if (problem.expressions && Object.keys(problem.expressions).length > 0) throw unsupported('tied expressions');
  if (problem.datasets.some((d) => d.model !== undefined && d.model !== problem.model))
    throw unsupported('a model per data set');
  const xs = problem.datasets.map((d) => {
    if (isArray(d.x)) return d.x;
    const cols = Object.values(d.x);
    if (cols.length !== 1) throw unsupported('several x columns');
    return cols[0];
  });
  if (problem.datasets.some((d) => d.sigma !== undefined && isArray((d.sigma as ArrayLike<unknown>)[0])))
    throw unsupported('a covariance matrix as sigma');
  const expression = resolveModel(problem.model)?.expression ?? problem.model;
  const bare = interpretModel(expression).paramNames;
  const shared = new Set(problem.shared ?? []);
  const n = problem.datasets.length;
  const globalNames = (q: string) => (shared.has(q) ? [q] : Array.from({ length: n }, (_, k) => `${q}_${k + 1}`));
  const all = bare.flatMap(globalNames);
  const fixedBare = new Set(problem.fixed ?? []);
  const isFixed = (g: string) => fixedBare.has(g) || fixedBare.has(g.replace(/_\d+$/, ''));
  const free = all.filter((g) => !isFixed(g));
  const fixed = all.filter(isFixed);
  const bareOf = (g: string) => (shared.has(g) ? g : g.replace(/_\d+$/, ''));
  const start = (g: string) => problem.p0?.[g] ?? problem.p0?.[bareOf(g)] ?? result.params[g];
  const bound = (g: string, side: 0 | 1): string => {
    const b = problem.bounds?.[g] ?? problem.bounds?.[bareOf(g)];
    const v = b?.[side];
    return v === null || v === undefined || !Number.isFinite(v) ? (side === 0 ? '-np.inf' : 'np.inf') : pythonNumber(v);
  };
  const weighted = problem.datasets.some((d) => d.sigma !== undefined);
  const names = problem.datasets.map((d, k) => d.name ?? `data set ${k + 1}`);

  const lines: string[] = [
    '#!/usr/bin/env python3',
    `"""${input.title ? `${input.title}: ` : ''}reproduces a Fitbench global fit (numpy + scipy).`,
    '',
    `Model: y = ${expression}, fitted to ${n} data sets together.`,
    `Shared by all data sets: ${[...shared].join(', ') || 'none'}; every other parameter q is one per data set, q_1, q_2…`,
    `Fitbench: ${result.method} / ${result.loss} loss, ${result.nPoints} points, chi-square ${result.chiSquare}`,
    '"""',
    'import json',
    '',
    'import numpy as np',
    'from scipy import optimize, special',
    '',
  ];
  problem.datasets.forEach((d, k) => {
    lines.push(`# ${k + 1}: ${names[k].replace(/\n/g, ' ')}`);
    lines.push(`x_${k + 1} = ${pythonArray(xs[k])}`);
    lines.push(`y_${k + 1} = ${pythonArray(d.y)}`);
    if (weighted)
      lines.push(`sigma_${k + 1} = ${d.sigma ? pythonArray(d.sigma as ArrayLike<number>) : `np.ones(${d.y.length})`}`);
  });
  lines.push('');
  lines.push(`xs = [${problem.datasets.map((_, k) => `x_${k + 1}`).join(', ')}]`);
  lines.push(`y_all = np.concatenate([${problem.datasets.map((_, k) => `y_${k + 1}`).join(', ')}])`);
  if (weighted)
    lines.push(`sigma_all = np.concatenate([${problem.datasets.map((_, k) => `sigma_${k + 1}`).join(', ')}])`);
  lines.push('');
  lines.push(`def model(x, ${bare.map(pythonName).join(', ')}):`);
  lines.push(`    return ${pythonExpression(expression)} + 0 * x`);
  lines.push('');
  lines.push(`shared = {${[...shared].map((q) => `'${q}'`).join(', ')}}`);
  lines.push(`bare = [${bare.map((q) => `'${q}'`).join(', ')}]`);
  lines.push(`names = [${free.map((g) => `'${g}'`).join(', ')}]`);
  lines.push(`fixed = {${fixed.map((g) => `'${g}': ${pythonNumber(start(g))}`).join(', ')}}`);
  lines.push(`p0 = [${free.map((g) => pythonNumber(start(g))).join(', ')}]`);
  lines.push('');
  lines.push('def stacked(_index, *theta):');
  lines.push('    values = dict(fixed)');
  lines.push('    values.update(zip(names, theta))');
  lines.push('    parts = []');
  lines.push('    for k, x in enumerate(xs, start=1):');
  lines.push("        p = {q: values[q] if q in shared else values[f'{q}_{k}'] for q in bare}");
  lines.push(`        parts.append(model(x, ${bare.map((q) => `p['${q}']`).join(', ')}))`);
  lines.push('    return np.concatenate(parts)');
  lines.push('');
  const hasBounds = free.some((g) => bound(g, 0) !== '-np.inf' || bound(g, 1) !== 'np.inf');
  const loss = result.loss;
  const method = hasBounds || loss !== 'linear' || result.method === 'trf' ? 'trf' : 'lm';
  const kwargs = ['p0=p0'];
  if (weighted) kwargs.push('sigma=sigma_all', 'absolute_sigma=False');
  if (hasBounds)
    kwargs.push(`bounds=([${free.map((g) => bound(g, 0)).join(', ')}], [${free.map((g) => bound(g, 1)).join(', ')}])`);
  kwargs.push(`method='${method}'`);
  if (loss !== 'linear') kwargs.push(`loss='${loss}'`, `f_scale=${pythonNumber(input.fScale ?? 1)}`);
  kwargs.push('xtol=1e-14', 'ftol=1e-14', 'gtol=1e-14', method === 'lm' ? 'maxfev=100000' : 'max_nfev=100000');
  lines.push('index = np.arange(len(y_all))');
  lines.push(`popt, pcov = optimize.curve_fit(stacked, index, y_all, ${kwargs.join(', ')})`);
  lines.push('perr = np.sqrt(np.diag(pcov))');
  lines.push('for name, value, error in zip(names, popt, perr):');
  lines.push("    print(f'{name:>12} = {value:.10g} +/- {error:.3g}')");
  lines.push(`residuals = y_all - stacked(index, *popt)`);
  lines.push(`chi_square = float(np.sum((residuals${weighted ? ' / sigma_all' : ''}) ** 2))`);
  lines.push("print(f'  chi-square = {chi_square:.10g}')");
  const derived = derivedPythonLines({
    derived: problem.derived ?? {},
    params: all,
    tied: { order: [], text: {} },
    values: `{${all.map((g) => `'${pythonName(g)}': fitted['${g}']`).join(', ')}}`,
    free: `[${free.map((g) => `'${pythonName(g)}'`).join(', ')}]`,
    cov: 'pcov',
  });
  if (derived.length > 0) lines.push('fitted = {**fixed, **dict(zip(names, popt.tolist()))}', ...derived);
  lines.push(
    `print(json.dumps({'params': dict(zip(names, popt.tolist())), 'stderr': dict(zip(names, perr.tolist())), 'chi_square': chi_square${derived.length > 0 ? ", 'derived': derived_values" : ''}}))`,
  );
  lines.push('');
  return lines.join('\n');
}
