/**
 * `fitbench`: curve fitting from the command line over the same core as the app.
 * Exit codes: 0 fitted, 1 the fit failed (did not converge, or the model failed), 2 bad input.
 */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  csvLines,
  csvNumberCell,
  csvTextCell,
  curveFit,
  curveFitBatch,
  curveFitGlobal,
  formatFitReport,
  FITBENCH_VERSION,
  parseTable,
  selectColumns,
} from '../core';
import type { BatchResult, FitOptions, FitProblem, FitResult, GlobalProblem } from '../core/api-types';
import { globalProblemFromFiles, resolveDatasetFiles } from './global-input';
import { bootstrap, compareFits, profileIntervals, type BatchFitter, type ComparableFit } from '../core/uncertainty';
import { formatComparison } from '../core/uncertainty/comparison-report';
import { FitbenchError } from '../core/errors';
import { parseCliArgs, USAGE, type CliCommand } from './cli-args';
import { readJsonFile, readTextFile } from './read-input';
import { batchOnNodeGpu, fitOnNodeGpu } from './node-gpu';

type FitCommand = Extract<CliCommand, { command: 'fit' }>;
type BatchCommand = Extract<CliCommand, { command: 'batch' }>;
type CompareCommand = Extract<CliCommand, { command: 'compare' }>;

/** Error codes that mean the fit ran and failed, not that the input was bad. */
const FIT_FAILURE_CODES = new Set([
  'FIT_NONFINITE',
  'FIT_ABORTED',
  'GPU_DEVICE_LOST',
  'GPU_ERROR',
  'OUT_OF_MEMORY',
  'INTERNAL',
]);

async function main(argv: string[]): Promise<number> {
  const command = parseCliArgs(argv);
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command.command === 'version') {
    process.stdout.write(`fitbench ${FITBENCH_VERSION}\n`);
    return 0;
  }
  if (command.command === 'fit') return runFit(command);
  // Loaded on demand: BullMQ is needed by the distributed commands only.
  if (command.command === 'worker') return (await import('./distributed-commands')).runWorkerCommand(command);
  if (command.command === 'global') {
    const { problem, options } = globalProblemFromFiles(command);
    return runGlobal(problem, { ...options, ...command.options }, command.json);
  }
  if (command.command === 'compare') return runCompare(command);
  return runBatch(command);
}

/** A global fit (CPU, float64): one FitResult with `datasets` as JSON, or the report. */
async function runGlobal(problem: GlobalProblem, options: FitOptions, json: boolean): Promise<number> {
  if (options.backend === 'webgpu')
    throw new FitbenchError('GPU_UNAVAILABLE', 'global fits run on the CPU: drop --backend webgpu');
  const result = await curveFitGlobal(problem, { ...options, backend: 'cpu' });
  process.stdout.write(`${json ? JSON.stringify(result) : formatFitReport(result)}\n`);
  return reportOutcome(result, json);
}

async function runFit(command: FitCommand): Promise<number> {
  const { problem, options } = command.problemFile ? problemFromJson(command) : problemFromCsv(command);
  const fitOptions = { ...options, ...command.options };
  if ('datasets' in problem) return runGlobal(problem as unknown as GlobalProblem, fitOptions, command.json);
  const result =
    fitOptions.backend === 'webgpu'
      ? await fitOnNodeGpu(problem, fitOptions)
      : await curveFit(problem, { ...fitOptions, backend: 'cpu' });
  await addUncertainty(command, problem, fitOptions, result);
  if (command.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${formatFitReport(result)}\n`);
  return reportOutcome(result, command.json);
}

/**
 * --profile and --bootstrap N: refits through the batch engine (the GPU one with
 * --backend webgpu), attached to the result so --json prints them with it.
 */
async function addUncertainty(command: FitCommand, problem: FitProblem, options: FitOptions, result: FitResult) {
  const { profile, bootstrap: resamples, bootstrapKind, seed } = command.uncertainty;
  if (!profile && resamples === undefined) return;
  const refitOptions: FitOptions = { ...options, backend: 'cpu' };
  delete refitOptions.multistart;
  const batchFit: BatchFitter | undefined =
    options.backend === 'webgpu' ? (batch, o) => batchOnNodeGpu(batch, { ...o, backend: 'webgpu' }) : undefined;
  if (profile) result.profile = await profileIntervals(problem, result, { fitOptions: refitOptions, batchFit });
  if (resamples !== undefined)
    result.bootstrap = await bootstrap(problem, result, {
      resamples,
      kind: bootstrapKind,
      seed,
      fitOptions: refitOptions,
      batchFit,
    });
}

/** `fitbench compare a.json b.json…`: model comparison of saved fit results. */
function runCompare(command: CompareCommand): number {
  const fits: ComparableFit[] = command.files.map((file) => {
    const raw = readJsonFile(file, 'fit result file');
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw new FitbenchError('DATA_PARSE', `"${file}" must hold one fit result (as printed by fitbench fit --json)`);
    const r = raw as Partial<FitResult>;
    return { ...(r as ComparableFit), name: r.expression ?? file };
  });
  const comparison = compareFits(fits, { nested: command.nested });
  if (command.json) process.stdout.write(`${JSON.stringify(comparison)}\n`);
  else process.stdout.write(`${formatComparison(comparison)}\n`);
  return 0;
}

function reportOutcome(result: FitResult, json: boolean): number {
  // JSON has no NaN: say why a standard error reads null instead of leaving it unexplained.
  const undefinedErrors = Object.keys(result.stdErrors).filter((n) => !Number.isFinite(result.stdErrors[n]));
  if (undefinedErrors.length > 0)
    process.stderr.write(
      `fitbench: warning: the standard error${undefinedErrors.length === 1 ? '' : 's'} of ${undefinedErrors.join(', ')} ` +
        `${undefinedErrors.length === 1 ? 'is' : 'are'} not finite (the covariance cannot be estimated: ` +
        `too few degrees of freedom, a parameter without effect on the model, or a singular Jacobian)` +
        `${json ? '; --json prints them as null' : ''}\n`,
    );
  if (result.converged) return 0;
  process.stderr.write(`fitbench: the fit did not converge: ${result.message} [${result.status}]\n`);
  return 1;
}

function problemFromCsv(command: FitCommand): { problem: FitProblem; options: FitOptions } {
  const table = parseTable(readTextFile(command.file as string, 'data file'));
  const data = selectColumns(table, {
    x: command.xColumns.length > 0 ? command.xColumns : undefined,
    y: command.yColumn,
    sigma: command.sigmaColumn,
    dropNonFinite: command.dropNonFinite,
  });
  // Columns are predictors by their own names; the first is also `x`, so "a*exp(-x/t)"
  // works whatever the column is called.
  const x: Record<string, Float64Array> = { ...data.predictors };
  if (!('x' in x)) x.x = data.predictors[data.predictorNames[0]];
  if (data.droppedRows.length > 0)
    process.stderr.write(`fitbench: dropped ${data.droppedRows.length} row(s) holding NaN or Infinity\n`);
  return {
    problem: {
      model: command.model as string,
      x,
      y: data.y,
      sigma: data.sigma,
      p0: command.p0,
      bounds: command.bounds,
      fixed: command.fixed,
      expressions: command.expressions,
      derived: command.derived,
    },
    options: {},
  };
}

function problemFromJson(command: FitCommand): { problem: FitProblem; options: FitOptions } {
  const raw = readJsonFile(command.problemFile as string, 'problem file');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FitbenchError(
      'DATA_PARSE',
      `problem file "${command.problemFile}" must hold one object: { model, x, y, p0, bounds?, fixed?, sigma?, options? }`,
    );
  }
  const { options, ...problem } = raw as FitProblem & { options?: FitOptions };
  if (options !== undefined && (options === null || typeof options !== 'object'))
    throw new FitbenchError('OPTIONS_INVALID', 'options in the problem file must be an object');
  const p0 = { ...(problem.p0 ?? {}), ...command.p0 };
  const withDatasets = problem as FitProblem & { datasets?: unknown };
  return {
    problem: {
      ...problem,
      ...(withDatasets.datasets !== undefined
        ? { datasets: resolveDatasetFiles(withDatasets.datasets, dirname(command.problemFile as string)) }
        : {}),
      p0,
      bounds: { ...(problem.bounds ?? {}), ...command.bounds },
      fixed: [...(problem.fixed ?? []), ...command.fixed],
      expressions: { ...(problem.expressions ?? {}), ...command.expressions },
      derived: { ...(problem.derived ?? {}), ...command.derived },
    },
    options: options ?? {},
  };
}

async function runBatch(command: BatchCommand): Promise<number> {
  // Loaded on demand, as the distributed commands are: Arrow IPC is for batch files only, and
  // a plain `fitbench fit` starts faster without loading it.
  const [{ readBatchFile }, { batchResultToArrow, fitBatchOf }] = await Promise.all([
    import('./read-batch-file'),
    import('../core/data/batch'),
  ]);
  const packed = readBatchFile(command.file, command);
  const problem = { model: command.model, p0: command.p0, bounds: command.bounds, fixed: command.fixed };
  if (command.queue !== undefined)
    return (await import('./distributed-commands')).runCoordinatorCommand({
      curves: packed,
      problem,
      options: command.options,
      queue: command.queue,
      queueName: command.queueName,
      chunk: command.chunk,
      out: command.out as string,
    });
  const batch = fitBatchOf(packed, problem);
  const curves = { labels: Array.from({ length: packed.count }, (_, j) => packed.labels?.[j] ?? `curve ${j}`) };
  const result =
    command.options.backend === 'webgpu'
      ? await batchOnNodeGpu(batch, command.options)
      : await curveFitBatch(batch, { ...command.options, backend: 'cpu' });
  const text = command.json
    ? `${JSON.stringify(batchToJson(result, curves.labels))}\n`
    : batchToCsv(result, curves.labels);
  if (command.out) {
    if (/\.(arrow|arrows|feather|ipc)$/i.test(command.out))
      writeFileSync(command.out, batchResultToArrow({ result, labels: packed.labels, grid: packed.grid }));
    else writeFileSync(command.out, text);
    const ok = result.converged.reduce((s, v) => s + v, 0);
    process.stderr.write(
      `fitbench: ${ok}/${packed.count} curves converged on ${result.backend} in ${result.elapsedMs.toFixed(1)} ms; results in ${command.out}\n`,
    );
  } else process.stdout.write(text);
  const failed = curves.labels.filter((_, j) => result.converged[j] !== 1);
  if (failed.length === 0) return 0;
  const listed = failed
    .slice(0, 10)
    .map((label) => JSON.stringify(label.length > 40 ? `${label.slice(0, 39)}…` : label));
  process.stderr.write(
    `fitbench: ${failed.length} of ${packed.count} curve${packed.count === 1 ? '' : 's'} did not converge: ` +
      `${listed.join(', ')}${failed.length > 10 ? ` …and ${failed.length - 10} more` : ''} ` +
      `(their rows hold converged = 0${command.json ? '' : ' and NaN where the fit failed'})\n`,
  );
  return 1;
}

/** Labels are column names from the user's file: escaped against spreadsheet formula injection. */
function batchToCsv(result: BatchResult, labels: string[]): string {
  const names = result.paramNames;
  const header = ['curve', ...names, ...names.map((n) => `stderr_${n}`), 'cost', 'converged', 'iterations'];
  const lines = [header.map(csvTextCell)];
  const p = names.length;
  labels.forEach((label, j) => {
    const row = [csvTextCell(label)];
    for (let i = 0; i < p; i++) row.push(csvNumberCell(result.params[j * p + i]));
    for (let i = 0; i < p; i++) row.push(csvNumberCell(result.stdErrors[j * p + i]));
    row.push(csvNumberCell(result.cost[j]), String(result.converged[j]), String(result.iterations[j]));
    lines.push(row);
  });
  return csvLines(lines);
}

function batchToJson(result: BatchResult, labels: string[]) {
  return {
    ...result,
    labels,
    params: Array.from(result.params),
    stdErrors: Array.from(result.stdErrors),
    cost: Array.from(result.cost),
    converged: Array.from(result.converged),
    iterations: Array.from(result.iterations),
  };
}

/**
 * Exits once stdout and stderr have flushed: output to a pipe is written asynchronously and
 * an immediate process.exit() would cut it off; exiting at all (rather than letting the loop
 * drain) ends a process that a GPU device would otherwise keep alive.
 */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => {
  const e = FitbenchError.fromJSON(error);
  process.stderr.write(
    `fitbench: ${e.message}${e.code === 'INTERNAL' && error instanceof Error && error.stack ? `\n${error.stack}` : ''}\n`,
  );
  exitAfterFlush(FIT_FAILURE_CODES.has(e.code) ? 1 : 2);
});
