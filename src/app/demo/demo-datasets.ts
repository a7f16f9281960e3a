/**
 * The sample data sets behind `/?demo=<name>`: generated in code from a seeded generator
 * (same points on every load) instead of shipped as files. The small ones become CSV text
 * in the data box; `large` (one million points) stays in typed arrays and is generated in
 * slices, yielding between them, so the page keeps painting while it is built.
 */
import { FitbenchError } from '../../core/errors';
import { mulberry32, normalSampler } from '../../core/numerics/seeded-random';

export const DEMO_NAMES = ['gaussian', 'exp-decay', 'dose-response', 'large'] as const;
export type DemoName = (typeof DEMO_NAMES)[number];

export interface DemoDataset {
  name: DemoName;
  title: string;
  /** Model text for the model field: a library name or an expression. */
  model: string;
  /** Column names in display order, and their values. */
  columnNames: string[];
  columns: Record<string, Float64Array>;
  x: string[];
  y: string;
  sigma: string | null;
  /** Start values for plain expressions (library models guess their own). */
  p0: Record<string, number> | null;
  /** The data as CSV for the data box; null when too large to show as text. */
  text: string | null;
  rowCount: number;
  /** The values the noise was added to, for the curious (and the tests). */
  truth: Record<string, number>;
}

export function isDemoName(value: string): value is DemoName {
  return (DEMO_NAMES as readonly string[]).includes(value);
}

/** Points generated per slice of the large set before yielding to the event loop. */
const SLICE = 1 << 17;

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Rounds to 7 significant digits so the CSV text and the arrays hold the same numbers. */
function round7(v: number): number {
  return Number(v.toPrecision(7));
}

function linspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a + ((b - a) * i) / (n - 1);
  return out;
}

function toCsv(names: string[], columns: Record<string, Float64Array>, n: number): string {
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((c) => String(columns[c][i])).join(','));
  return `${lines.join('\n')}\n`;
}

function small(base: Omit<DemoDataset, 'text' | 'rowCount'>): DemoDataset {
  const n = base.columns[base.columnNames[0]].length;
  for (const name of base.columnNames) base.columns[name] = base.columns[name].map(round7);
  return { ...base, rowCount: n, text: toCsv(base.columnNames, base.columns, n) };
}

function gaussianDemo(): DemoDataset {
  const truth = { a: 3.2, mu: 0.6, s: 1.1 };
  const noise = normalSampler(mulberry32(11));
  const x = linspace(-5, 5, 201);
  const y = x.map((v) => truth.a * Math.exp(-((v - truth.mu) ** 2) / (2 * truth.s ** 2)) + 0.08 * noise());
  return small({
    name: 'gaussian',
    title: 'Gaussian peak',
    model: 'gaussian',
    columnNames: ['x', 'y'],
    columns: { x, y },
    x: ['x'],
    y: 'y',
    sigma: null,
    p0: null,
    truth,
  });
}

function expDecayDemo(): DemoDataset {
  const truth = { a: 5, t: 2.3, c: 0.4 };
  const noise = normalSampler(mulberry32(23));
  const time = linspace(0, 10, 101);
  const sigma = time.map((v) => 0.05 + 0.02 * (truth.a * Math.exp(-v / truth.t) + truth.c));
  const signal = time.map((v, i) => truth.a * Math.exp(-v / truth.t) + truth.c + sigma[i] * noise());
  return small({
    name: 'exp-decay',
    title: 'Exponential decay with per-point uncertainties',
    model: 'exp1',
    columnNames: ['time', 'signal', 'sigma'],
    columns: { time, signal, sigma },
    x: ['time'],
    y: 'signal',
    sigma: 'sigma',
    p0: null,
    truth,
  });
}

function doseResponseDemo(): DemoDataset {
  const truth = { bottom: 5, top: 98, logec50: -6.5, hill: 1.2 };
  const noise = normalSampler(mulberry32(37));
  const doses = linspace(-9, -4, 11);
  const logConc = new Float64Array(doses.length * 3);
  const response = new Float64Array(doses.length * 3);
  doses.forEach((d, i) => {
    for (let r = 0; r < 3; r++) {
      logConc[i * 3 + r] = d;
      response[i * 3 + r] =
        truth.bottom + (truth.top - truth.bottom) / (1 + 10 ** ((truth.logec50 - d) * truth.hill)) + 3 * noise();
    }
  });
  return small({
    name: 'dose-response',
    title: 'Dose–response (4PL), three replicates per dose',
    model: 'doseresponse',
    columnNames: ['log_conc', 'response'],
    columns: { log_conc: logConc, response },
    x: ['log_conc'],
    y: 'response',
    sigma: null,
    p0: null,
    truth,
  });
}

/** One million points of gauss4 on [-10, 10], built slice by slice. */
async function largeDemo(n: number): Promise<DemoDataset> {
  const truth = { a: 2.5, mu: 0.3, s: 1.7, c: 0.5 };
  const noise = normalSampler(mulberry32(101));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const k = 1 / (2 * truth.s * truth.s);
  for (let start = 0; start < n; start += SLICE) {
    const end = Math.min(n, start + SLICE);
    for (let i = start; i < end; i++) {
      const v = -10 + (20 * i) / (n - 1);
      x[i] = v;
      y[i] = truth.a * Math.exp(-(v - truth.mu) * (v - truth.mu) * k) + truth.c + 0.2 * noise();
    }
    if (end < n) await pause();
  }
  return {
    name: 'large',
    title: 'One million points: Gaussian on a baseline',
    model: 'a*exp(-(x-mu)^2/(2*s^2)) + c',
    columnNames: ['x', 'y'],
    columns: { x, y },
    x: ['x'],
    y: 'y',
    sigma: null,
    p0: { a: 2, mu: 0, s: 1, c: 0 },
    text: null,
    rowCount: n,
    truth,
  };
}

/**
 * Builds a demo data set. `largePoints` shrinks the large set (tests); the page uses the
 * default million. Throws OPTIONS_INVALID for an unknown name.
 */
export async function generateDemo(name: string, largePoints = 1_000_000): Promise<DemoDataset> {
  switch (name) {
    case 'gaussian':
      return gaussianDemo();
    case 'exp-decay':
      return expDecayDemo();
    case 'dose-response':
      return doseResponseDemo();
    case 'large':
      return largeDemo(largePoints);
    default:
      throw new FitbenchError('OPTIONS_INVALID', `Unknown demo "${name}": choose one of ${DEMO_NAMES.join(', ')}.`, {
        field: 'demo',
        value: name,
      });
  }
}
