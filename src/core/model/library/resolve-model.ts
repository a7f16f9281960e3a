/**
 * Turns a model spec into a library model or a sum of them.
 *
 * Spec: one library name, or several joined by '+' ("gaussian + gaussian + linear"); case and
 * spaces are ignored. Anything else resolves to null, and the caller parses it as an expression.
 *
 * Parameter names: a single model keeps its own (a, mu, s). In a sum, every component's names
 * get the prefix `<letters><n>_`, where the letters are the model's `prefix` (g gaussian,
 * l lorentzian, pv pseudo-Voigt, v Voigt, gc gauss4, e/ee/eee exp1/2/3, se stretched exp,
 * pl power law, lg logistic, dr dose-response, h Hill, mm Michaelis–Menten, s sine,
 * ds damped sine, poly polynomials, lin linear, const constant) and n counts the components
 * with those letters from the left, starting at 1, always written: "gaussian + gaussian + linear"
 * → g1_a, g1_mu, g1_s, g2_a, g2_mu, g2_s, lin1_slope, lin1_intercept. The scheme is stable: names
 * only depend on the spec.
 */
import { prepareData } from './numeric';
import { guessPeaksAndBackground, guessSequential } from './peak-guess';
import { getLibraryModel, normalizeModelName } from './registry';
import type { LibraryModel, ParamBounds, PeakModel, ResolvedComponent, ResolvedModel } from './types';

/** Library model or '+'-joined sum of library models; null when `spec` is anything else. */
export function resolveModel(spec: string): ResolvedModel | null {
  if (typeof spec !== 'string') return null;
  const parts = normalizeModelName(spec).split('+');
  const models: LibraryModel[] = [];
  for (const part of parts) {
    const model = part.length > 0 ? getLibraryModel(part) : undefined;
    if (model === undefined) return null;
    models.push(model);
  }
  const counts = new Map<string, number>();
  const prefixes = models.map((m) => {
    if (models.length === 1) return '';
    const n = (counts.get(m.prefix) ?? 0) + 1;
    counts.set(m.prefix, n);
    return `${m.prefix}${n}_`;
  });
  const components: ResolvedComponent[] = models.map((m, i) => ({
    model: m.name,
    prefix: prefixes[i],
    paramNames: m.paramNames.map((p) => prefixes[i] + p),
    expression: renameParameters(m, prefixes[i]),
  }));
  const defaultBounds: Record<string, [number, number]> = {};
  models.forEach((m, i) => {
    for (const [name, b] of Object.entries(m.defaultBounds)) defaultBounds[prefixes[i] + name] = [b[0], b[1]];
  });
  const derived: Record<string, string> = {};
  models.forEach((m, i) => {
    for (const [name, text] of Object.entries(m.derived ?? {}))
      derived[prefixes[i] + name] = renameIdentifiers(text, m.paramNames, prefixes[i]);
  });
  return {
    name: models.map((m) => m.name).join(' + '),
    derived: Object.keys(derived).length > 0 ? derived : undefined,
    expression: components.map((c) => c.expression).join(' + '),
    paramNames: components.flatMap((c) => c.paramNames),
    defaultBounds,
    components,
    guess: (x, y) => guessAll(models, prefixes, x, y),
  };
}

/** The model's expression with every parameter identifier prefixed (numbers left alone). */
function renameParameters(model: LibraryModel, prefix: string): string {
  return renameIdentifiers(model.expression, model.paramNames, prefix);
}

/** `text` with each of `names` prefixed (other identifiers and numbers left alone). */
function renameIdentifiers(text: string, names: readonly string[], prefix: string): string {
  if (prefix === '') return text;
  const params = new Set(names);
  return text.replace(/(?<![\w.])[A-Za-z_]\w*/g, (id) => (params.has(id) ? prefix + id : id));
}

function guessAll(
  models: readonly LibraryModel[],
  prefixes: readonly string[],
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): Record<string, number> {
  const data = prepareData(x, y);
  let raw: Record<string, number>[];
  try {
    raw = rawGuesses(models, data.x, data.y);
  } catch {
    // A guesser tripping over pathological data must not cost the user the fit: fall back.
    raw = models.map(() => ({}));
  }
  const out: Record<string, number> = {};
  models.forEach((m, i) => {
    for (const name of m.paramNames) {
      out[prefixes[i] + name] = inside(raw[i]?.[name], m.fallback[name], m.defaultBounds[name]);
    }
  });
  return out;
}

function rawGuesses(models: readonly LibraryModel[], x: Float64Array, y: Float64Array): Record<string, number>[] {
  if (models.length === 1) return [models[0].guess(x, y)];
  const peakIdx = models.flatMap((m, i) => (m.family === 'peak' ? [i] : []));
  if (peakIdx.length === 0) return guessSequential(models, x, y);
  const bgIdx = models.flatMap((m, i) => (m.family === 'peak' ? [] : [i]));
  const g = guessPeaksAndBackground(
    x,
    y,
    peakIdx.map((i) => models[i] as PeakModel),
    bgIdx.map((i) => models[i]),
  );
  const result: Record<string, number>[] = new Array(models.length);
  peakIdx.forEach((i, k) => (result[i] = g.peaks[k]));
  bgIdx.forEach((i, k) => (result[i] = g.background[k]));
  return result;
}

/**
 * A finite value strictly inside the bounds: non-finite → fallback; outside → reflected at the
 * violated bound (a negative width means the same curve as its absolute value); still on or
 * outside → the fallback, or a point just inside.
 */
function inside(value: number | undefined, fallback: number, bounds: ParamBounds | undefined): number {
  let v = value !== undefined && Number.isFinite(value) ? value : fallback;
  if (bounds === undefined) return v;
  const [lo, hi] = bounds;
  const strictlyInside = (t: number): boolean => Number.isFinite(t) && t > lo && t < hi;
  if (v < lo) v = lo + (lo - v);
  else if (v > hi) v = hi - (v - hi);
  if (strictlyInside(v)) return v;
  if (strictlyInside(fallback)) return fallback;
  if (Number.isFinite(lo) && Number.isFinite(hi)) return lo + (hi - lo) / 2;
  return Number.isFinite(lo) ? lo + 1 : hi - 1;
}
