/**
 * Problems for `fitbench global a.csv b.csv … --model … --shared k` and for problem files
 * holding `datasets` (a global fit): each CSV read as `fitbench fit` reads one.
 */
import { resolve } from 'node:path';
import { parseTable, selectColumns } from '../core';
import type { FitOptions, GlobalDataset, GlobalProblem } from '../core';
import { FitbenchError } from '../core/errors';
import type { CliCommand } from './cli-args';
import { readTextFile } from './read-input';

type GlobalCommand = Extract<CliCommand, { command: 'global' }>;

/** One data set from a CSV/TSV file: predictors by column name, the first also as `x`. */
export function datasetFromCsv(
  file: string,
  columns: { x: string[]; y?: string; sigma?: string; dropNonFinite: boolean },
): GlobalDataset {
  const table = parseTable(readTextFile(file, 'data file'));
  const data = selectColumns(table, {
    x: columns.x.length > 0 ? columns.x : undefined,
    y: columns.y,
    sigma: columns.sigma,
    dropNonFinite: columns.dropNonFinite,
  });
  const x: Record<string, Float64Array> = { ...data.predictors };
  if (!('x' in x)) x.x = data.predictors[data.predictorNames[0]];
  if (data.droppedRows.length > 0)
    process.stderr.write(`fitbench: ${file}: dropped ${data.droppedRows.length} row(s) holding NaN or Infinity\n`);
  if (data.zeroWeightRows.length > 0)
    process.stderr.write(
      `fitbench: ${file}: ${data.zeroWeightRows.length} row(s) with infinite sigma carry zero weight\n`,
    );
  return { x, y: data.y, sigma: data.sigma, name: file };
}

/** The global problem of a `fitbench global` command line. */
export function globalProblemFromFiles(command: GlobalCommand): { problem: GlobalProblem; options: FitOptions } {
  const datasets = command.files.map((file) =>
    datasetFromCsv(file, {
      x: command.xColumns,
      y: command.yColumn,
      sigma: command.sigmaColumn,
      dropNonFinite: command.dropNonFinite,
    }),
  );
  return {
    problem: {
      datasets,
      model: command.model,
      shared: command.shared,
      p0: command.p0,
      bounds: command.bounds,
      fixed: command.fixed,
      expressions: command.expressions,
      derived: command.derived,
    },
    options: {},
  };
}

/** A problem file's `datasets` entry may name CSV files (relative to the problem file) instead of holding arrays. */
export function resolveDatasetFiles(datasets: unknown, baseDir: string): GlobalDataset[] {
  if (!Array.isArray(datasets))
    throw new FitbenchError(
      'DATA_PARSE',
      'datasets in the problem file must be a list of { x, y } objects or CSV paths',
    );
  return datasets.map((d: unknown) =>
    typeof d === 'string' ? datasetFromCsv(resolve(baseDir, d), { x: [], dropNonFinite: false }) : (d as GlobalDataset),
  );
}
