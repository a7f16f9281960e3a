import { parseArgs } from 'node:util';
import { FitbenchError } from '../core/errors';
import type { BackendChoice, FitOptions, LossName, MethodName } from '../core/api-types';
import type { BootstrapKind } from '../core/uncertainty/bootstrap';

/** Uncertainty beyond the covariance, asked for on the fit command line. */
export interface CliUncertainty {
  /** Profile-likelihood intervals of every free parameter (1σ, 2σ, 3σ). */
  profile: boolean;
  /** Bootstrap resamples (absent: no bootstrap). */
  bootstrap?: number;
  bootstrapKind: BootstrapKind;
  /** Seed of the bootstrap and multistart. */
  seed?: number;
}

/** A parsed `fitbench` command line. */
export type CliCommand =
  | { command: 'help' }
  | { command: 'version' }
  | {
      command: 'fit';
      file?: string;
      problemFile?: string;
      model?: string;
      p0: Record<string, number>;
      bounds: Record<string, [number | null, number | null]>;
      fixed: string[];
      xColumns: string[];
      yColumn?: string;
      sigmaColumn?: string;
      dropNonFinite: boolean;
      json: boolean;
      options: FitOptions;
      /** --expr name=expression (tied parameters, lmfit's expr). */
      expressions?: Record<string, string>;
      /** --derived name=expression. */
      derived?: Record<string, string>;
      uncertainty: CliUncertainty;
    }
  | {
      command: 'global';
      files: string[];
      model: string;
      shared: string[];
      p0: Record<string, number>;
      bounds: Record<string, [number | null, number | null]>;
      fixed: string[];
      expressions: Record<string, string>;
      derived: Record<string, string>;
      xColumns: string[];
      yColumn?: string;
      sigmaColumn?: string;
      dropNonFinite: boolean;
      json: boolean;
      options: FitOptions;
    }
  | {
      command: 'compare';
      files: string[];
      /** Test each fit against the next as nested models (simplest first). */
      nested: boolean;
      json: boolean;
    }
  | {
      command: 'batch';
      file: string;
      model: string;
      p0: Record<string, number>;
      bounds: Record<string, [number | null, number | null]>;
      fixed: string[];
      layout: 'columns' | 'rows';
      xColumn?: string;
      /** A .npy file of x values for a .npy batch (shared, or one x per curve). */
      xNpy?: string;
      /** Per-curve sigma: a file shaped like the curves file. */
      sigmaFile?: string;
      /** Per-curve start values: a CSV, a column per parameter, a row per curve. */
      p0File?: string;
      out?: string;
      json: boolean;
      options: FitOptions;
      /** Distributed: the Redis URL of the BullMQ queue (this process coordinates). */
      queue?: string;
      queueName?: string;
      chunk?: number;
    }
  | {
      command: 'worker';
      queue: string;
      queueName?: string;
      backend: 'cpu' | 'webgpu';
      concurrency: number;
      metricsPort?: number;
      lockMs?: number;
    };

export const USAGE = `Usage:
  fitbench fit DATA.csv --model EXPR [--p0 a=1,t=2] [--x COL]... [--y COL] [--sigma COL]
               [--bounds t=0:inf,a=:10] [--fixed c] [--method lm|trf] [--loss linear|soft_l1|huber|cauchy|arctan]
               [--f-scale S] [--max-iterations N] [--xtol T] [--ftol T] [--gtol T] [--absolute-sigma]
               [--drop-nonfinite] [--profile] [--bootstrap N [--bootstrap-kind residual|case|wild]]
               [--multistart N] [--seed S] [--json]
  fitbench fit --problem PROBLEM.json [--json]      (FitProblem & { options?: FitOptions }; with
               "datasets" and "shared" it is a global fit; "expressions" and "derived" as --expr/--derived)
  fitbench global A.csv B.csv … --model EXPR --shared k[,…] [--p0 a=1,k=2,a_2=3] [--expr t_2=2*t_1]…
               [--derived NAME=EXPR]… [fit options as above]   (local parameters are a_1, a_2, …)
  Tied parameters (lmfit expr): --expr a2=0.5*a1 (repeatable); derived quantities: --derived fwhm=2.3548*s
  fitbench compare A.json B.json… [--nested] [--json]   (fit results saved from fit --json)
  fitbench batch CURVES.csv --model NAME|EXPR [--p0 …] [--layout columns|rows] [--x COL]
               [--backend cpu|webgpu] [--out RESULTS.csv|RESULTS.arrow] [--json]
               [--sigma-file SIGMA (shaped like CURVES)] [--p0-file P0.csv (a row per curve)]
               CURVES may be CSV/TSV, Arrow IPC (.arrow: a list column y per row, or one
               float column per curve; optional list column sigma and p0_<name> columns) or .npy
               ((curves, points) or (rows, cols, points); --x-npy X.npy)
  fitbench batch CURVES --model … --queue redis://HOST:6379 [--chunk 10000] [--queue-name NAME]
               --out RESULTS.arrow|RESULTS.csv      (coordinator: enqueue chunks, collect results;
               run it again after a stop to continue where it was)
  fitbench worker --queue redis://HOST:6379 [--backend cpu|webgpu] [--concurrency N]
               [--metrics-port PORT] [--lock-ms MS] [--queue-name NAME]   (fits chunks until stopped)
  fitbench --version | --help

A model is an expression in x (or named data columns) or a library name such as gaussian,
exp-decay, dose-response, or a sum like "gaussian + gaussian + linear".
--profile adds profile-likelihood intervals (lmfit conf_interval), --bootstrap N bootstrap
intervals, --multistart N fits from N starts; with --json they are part of the printed result.
compare prints AIC, AICc, BIC, Akaike weights and, with --nested, extra-sum-of-squares F tests.
Exit codes: 0 fitted, 1 the fit failed, 2 bad input.`;

const bad = (message: string) => new FitbenchError('OPTIONS_INVALID', message);

/** Parses `fitbench` arguments (argv without node and script). Throws FitbenchError on bad input. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === '-v') return { command: 'version' };
  const [command, ...rest] = argv;
  if (command !== 'fit' && command !== 'batch' && command !== 'global' && command !== 'compare' && command !== 'worker')
    throw bad(`unknown command "${command}" (expected fit, global, batch, compare or worker; see fitbench --help)`);
  let parsed;
  try {
    parsed = parseArgs({
      args: attachNegativeValues(rest),
      allowPositionals: true,
      strict: true,
      options: {
        model: { type: 'string', short: 'm' },
        p0: { type: 'string', multiple: true },
        bounds: { type: 'string', multiple: true },
        fixed: { type: 'string', multiple: true },
        x: { type: 'string', multiple: true },
        y: { type: 'string' },
        sigma: { type: 'string' },
        problem: { type: 'string' },
        method: { type: 'string' },
        loss: { type: 'string' },
        'f-scale': { type: 'string' },
        'max-iterations': { type: 'string' },
        xtol: { type: 'string' },
        ftol: { type: 'string' },
        gtol: { type: 'string' },
        'absolute-sigma': { type: 'boolean' },
        'drop-nonfinite': { type: 'boolean' },
        backend: { type: 'string' },
        layout: { type: 'string' },
        out: { type: 'string', short: 'o' },
        json: { type: 'boolean' },
        queue: { type: 'string' },
        'queue-name': { type: 'string' },
        chunk: { type: 'string' },
        concurrency: { type: 'string' },
        'metrics-port': { type: 'string' },
        'lock-ms': { type: 'string' },
        'x-npy': { type: 'string' },
        'sigma-file': { type: 'string' },
        'p0-file': { type: 'string' },
        expr: { type: 'string', multiple: true },
        derived: { type: 'string', multiple: true },
        shared: { type: 'string', multiple: true },
        profile: { type: 'boolean' },
        bootstrap: { type: 'string' },
        'bootstrap-kind': { type: 'string' },
        multistart: { type: 'string' },
        seed: { type: 'string' },
        nested: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw bad(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  const { values, positionals } = parsed;
  if (command !== 'batch' && (values['sigma-file'] !== undefined || values['p0-file'] !== undefined))
    throw bad('--sigma-file and --p0-file belong to fitbench batch (per-curve sigma and start values)');
  if (command === 'worker') return parseWorkerArgs(values, positionals);
  if (command === 'compare') {
    if (positionals.length < 2)
      throw bad('compare needs at least two fit result files (saved with fitbench fit --json)');
    return { command: 'compare', files: positionals, nested: Boolean(values.nested), json: Boolean(values.json) };
  }
  if (positionals.length > 1 && command !== 'global')
    throw bad(`expected one data file, got ${positionals.length}: ${positionals.join(' ')}`);
  const options = parseFitOptions(values);
  const uncertainty = parseUncertainty(values);
  if (uncertainty.multistart !== undefined)
    options.multistart = {
      starts: uncertainty.multistart,
      ...(uncertainty.seed !== undefined ? { seed: uncertainty.seed } : {}),
    };
  const p0 = parseAssignments(values.p0 ?? [], '--p0');
  const bounds = parseBounds(values.bounds ?? []);
  const fixed = (values.fixed ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const expressions = parseExpressionAssignments(values.expr ?? [], '--expr');
  const derived = parseExpressionAssignments(values.derived ?? [], '--derived');
  if (command !== 'global' && values.shared) throw bad('--shared belongs to fitbench global');
  if (command === 'global') {
    if (values.problem) throw bad('a global problem file runs with fitbench fit --problem problem.json');
    if (positionals.length === 0) throw bad('global needs data files, one per data set: fitbench global a.csv b.csv …');
    if (!values.model) throw bad('global needs --model (an expression in x, or a library name such as gaussian)');
    return {
      command: 'global',
      files: positionals,
      model: values.model,
      shared: (values.shared ?? [])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
      p0,
      bounds,
      fixed,
      expressions,
      derived,
      xColumns: values.x ?? [],
      yColumn: values.y,
      sigmaColumn: values.sigma,
      dropNonFinite: Boolean(values['drop-nonfinite']),
      json: Boolean(values.json),
      options,
    };
  }
  if (command === 'fit') {
    if (values.problem) {
      if (positionals.length > 0 || values.model)
        throw bad('--problem takes the data and model from the JSON file: give no data file or --model with it');
      return {
        command: 'fit',
        problemFile: values.problem,
        p0,
        bounds,
        fixed,
        xColumns: [],
        dropNonFinite: false,
        json: Boolean(values.json),
        options,
        expressions,
        derived,
        uncertainty: uncertainty.fit,
      };
    }
    if (positionals.length === 0)
      throw bad('fit needs a data file (CSV/TSV with a header row) or --problem problem.json');
    if (!values.model) throw bad('fit needs --model (an expression in x, or a library name such as gaussian)');
    return {
      command: 'fit',
      file: positionals[0],
      model: values.model,
      p0,
      bounds,
      fixed,
      xColumns: values.x ?? [],
      yColumn: values.y,
      sigmaColumn: values.sigma,
      dropNonFinite: Boolean(values['drop-nonfinite']),
      json: Boolean(values.json),
      options,
      expressions,
      derived,
      uncertainty: uncertainty.fit,
    };
  }
  if (positionals.length === 0)
    throw bad('batch needs a data file with one curve per column (or per row with --layout rows)');
  if (!values.model) throw bad('batch needs --model');
  const layout = values.layout ?? 'columns';
  if (layout !== 'columns' && layout !== 'rows') throw bad(`--layout must be columns or rows, not "${layout}"`);
  if ((values.x?.length ?? 0) > 1) throw bad('batch takes at most one --x column');
  return {
    command: 'batch',
    file: positionals[0],
    model: values.model,
    p0,
    bounds,
    fixed,
    layout,
    xColumn: values.x?.[0],
    xNpy: values['x-npy'],
    sigmaFile: values['sigma-file'],
    p0File: values['p0-file'],
    out: values.out,
    json: Boolean(values.json),
    options,
    ...queueArgs(values),
  };
}

function wholeNumber(raw: string | undefined, flag: string, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw bad(`${flag} must be a whole number ≥ ${min}, not "${raw}"`);
  return v;
}

function queueArgs(values: Record<string, string | boolean | string[] | undefined>) {
  const queue = values.queue as string | undefined;
  const chunk = wholeNumber(values.chunk as string | undefined, '--chunk', 1);
  if (queue === undefined) {
    if (chunk !== undefined || values['queue-name'] !== undefined)
      throw bad('--chunk and --queue-name belong to a distributed batch: give --queue redis://host:port too');
    return {};
  }
  if (!values.out) throw bad('a distributed batch (--queue) needs --out RESULTS.arrow or RESULTS.csv');
  return { queue, chunk, queueName: values['queue-name'] as string | undefined };
}

function parseWorkerArgs(
  values: Record<string, string | boolean | string[] | undefined>,
  positionals: string[],
): CliCommand {
  if (positionals.length > 0)
    throw bad(`worker takes no file (got ${positionals.join(' ')}): chunks come from the queue`);
  const queue = values.queue as string | undefined;
  if (!queue) throw bad('worker needs --queue redis://host:port');
  const backend = (values.backend as string | undefined) ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'webgpu')
    throw bad(`--backend of a worker must be cpu or webgpu, not "${backend}"`);
  return {
    command: 'worker',
    queue,
    queueName: values['queue-name'] as string | undefined,
    backend,
    concurrency: wholeNumber(values.concurrency as string | undefined, '--concurrency', 1) ?? 1,
    metricsPort: wholeNumber(values['metrics-port'] as string | undefined, '--metrics-port', 0),
    lockMs: wholeNumber(values['lock-ms'] as string | undefined, '--lock-ms', 500),
  };
}

function parseUncertainty(values: Record<string, string | boolean | string[] | undefined>): {
  fit: CliUncertainty;
  multistart?: number;
  seed?: number;
} {
  const integer = (flag: string, min: number, max: number): number | undefined => {
    const raw = values[flag] as string | undefined;
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min || v > max)
      throw bad(`--${flag} must be an integer from ${min} to ${max}, not "${raw}"`);
    return v;
  };
  const kind = (values['bootstrap-kind'] as string | undefined) ?? 'residual';
  if (kind !== 'residual' && kind !== 'case' && kind !== 'wild')
    throw bad(`--bootstrap-kind must be residual, case or wild, not "${kind}"`);
  const bootstrap = integer('bootstrap', 2, 1_000_000);
  if (values['bootstrap-kind'] !== undefined && bootstrap === undefined)
    throw bad('--bootstrap-kind needs --bootstrap N (the number of resamples)');
  const seed = integer('seed', 0, 2 ** 32 - 1);
  return {
    fit: { profile: Boolean(values.profile), bootstrap, bootstrapKind: kind, seed },
    multistart: integer('multistart', 2, 100_000),
    seed,
  };
}

function parseFitOptions(values: Record<string, string | boolean | string[] | undefined>): FitOptions {
  const options: FitOptions = {};
  const method = values.method as string | undefined;
  if (method !== undefined) {
    if (method !== 'lm' && method !== 'trf') throw bad(`--method must be lm or trf, not "${method}"`);
    options.method = method as MethodName;
  }
  const loss = values.loss as string | undefined;
  if (loss !== undefined) {
    if (!['linear', 'soft_l1', 'huber', 'cauchy', 'arctan'].includes(loss))
      throw bad(`--loss must be one of linear, soft_l1, huber, cauchy, arctan, not "${loss}"`);
    options.loss = loss as LossName;
  }
  const backend = values.backend as string | undefined;
  if (backend !== undefined) {
    if (!['auto', 'cpu', 'webgpu'].includes(backend))
      throw bad(`--backend must be auto, cpu or webgpu, not "${backend}"`);
    options.backend = backend as BackendChoice;
  }
  const positive = (flag: string, key: 'fScale' | 'xtol' | 'ftol' | 'gtol') => {
    const raw = values[flag] as string | undefined;
    if (raw === undefined) return;
    const v = Number(raw);
    if (!Number.isFinite(v) || v <= 0) throw bad(`--${flag} must be a positive number, not "${raw}"`);
    options[key] = v;
  };
  positive('f-scale', 'fScale');
  positive('xtol', 'xtol');
  positive('ftol', 'ftol');
  positive('gtol', 'gtol');
  const maxIt = values['max-iterations'] as string | undefined;
  if (maxIt !== undefined) {
    const v = Number(maxIt);
    if (!Number.isInteger(v) || v < 1) throw bad(`--max-iterations must be a positive integer, not "${maxIt}"`);
    options.maxIterations = v;
  }
  if (values['absolute-sigma']) options.absoluteSigma = true;
  return options;
}

/** Options whose value may be a negative number (`--xtol -1` must reach the range check). */
const VALUE_OPTIONS = new Set(['--p0', '--bounds', '--f-scale', '--max-iterations', '--xtol', '--ftol', '--gtol']);

/**
 * util.parseArgs reads `--xtol -1` as two options and calls it ambiguous; a value that looks
 * like a negative number is attached (`--xtol=-1`) so the user hears what is wrong with it.
 */
function attachNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (VALUE_OPTIONS.has(args[i]) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

/** A name=… text clipped for a message. */
const shown = (text: string): string => (text.length > 60 ? `${text.slice(0, 59)}…` : text);

/**
 * "a=1,t=2" (repeatable) → { a: 1, t: 2 }, as a null-prototype record: `__proto__=1` is a
 * name like any other (the fit then reports it unknown). A name given twice is an error
 * rather than the last one silently winning.
 */
export function parseAssignments(items: readonly string[], flag: string): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  for (const part of items.flatMap((s) => s.split(','))) {
    const text = part.trim();
    if (!text) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(text);
    if (!m) throw bad(`${flag}: "${shown(text)}" is not name=value`);
    const v = parseNumber(m[2]);
    if (v === null || !Number.isFinite(v))
      throw bad(`${flag}: the value of ${m[1]} ("${shown(m[2])}") is not a finite number`);
    if (Object.prototype.hasOwnProperty.call(out, m[1]))
      throw bad(`${flag}: ${m[1]} is given twice (${out[m[1]]} and ${v}): give each parameter once`);
    out[m[1]] = v;
  }
  return out;
}

/**
 * "a2=0.5*a1" (one per flag, repeatable; commas belong to the expression, as in atan2(a, b))
 * → { a2: "0.5*a1" }. The expression itself is checked by the core.
 */
export function parseExpressionAssignments(items: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.+)$/.exec(item);
    if (!m || m[2].trim() === '') throw bad(`${flag}: "${item}" is not name=expression (for example a2=0.5*a1)`);
    if (m[1] in out) throw bad(`${flag}: ${m[1]} is given twice`);
    out[m[1]] = m[2].trim();
  }
  return out;
}

/** "t=0:inf,a=:10" → { t: [0, null], a: [null, 10] }; an empty side or ±inf is open. */
export function parseBounds(items: readonly string[]): Record<string, [number | null, number | null]> {
  const out = Object.create(null) as Record<string, [number | null, number | null]>;
  for (const part of items.flatMap((s) => s.split(','))) {
    const text = part.trim();
    if (!text) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([^:]*):([^:]*)$/.exec(text);
    if (!m) throw bad(`--bounds: "${shown(text)}" is not name=lower:upper (for example t=0:inf)`);
    if (Object.prototype.hasOwnProperty.call(out, m[1]))
      throw bad(`--bounds: ${m[1]} is given twice: give each parameter's bounds once`);
    const side = (raw: string, which: string): number | null => {
      const s = raw.trim();
      if (s === '' || /^[+-]?inf(inity)?$/i.test(s)) return null;
      const v = parseNumber(s);
      if (v === null) throw bad(`--bounds: the ${which} bound of ${m[1]} ("${shown(s)}") is not a number`);
      return v;
    };
    out[m[1]] = [side(m[2], 'lower'), side(m[3], 'upper')];
  }
  return out;
}

function parseNumber(text: string): number | null {
  const s = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  return Number(s);
}
