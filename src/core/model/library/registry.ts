/**
 * Every library model, by canonical name and alias. Names are matched lower-case with spaces
 * removed; an alias never shadows another model's name (a test checks).
 */
import { EXPONENTIAL_MODELS } from './exponentials';
import { PEAK_MODELS } from './peaks';
import { PERIODIC_MODELS } from './periodic';
import { POLYNOMIALS, constant, linear } from './polynomials';
import { SIGMOID_MODELS } from './sigmoids';
import type { LibraryModel, LibraryModelInfo } from './types';

/** All models, in the order the UI lists them (peaks, exponentials, sigmoids, periodic, polynomials). */
export const LIBRARY_MODELS: readonly LibraryModel[] = [
  ...PEAK_MODELS,
  ...EXPONENTIAL_MODELS,
  ...SIGMOID_MODELS,
  ...PERIODIC_MODELS,
  linear,
  constant,
  ...POLYNOMIALS,
];

const BY_NAME: ReadonlyMap<string, LibraryModel> = new Map(
  LIBRARY_MODELS.flatMap((m) => [m.name, ...m.aliases].map((n) => [n, m] as const)),
);

/** Lower-case, whitespace-free form used for lookups. */
export function normalizeModelName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '');
}

/** The library model called `name` (canonical or alias, any case, spaces ignored), else undefined. */
export function getLibraryModel(name: string): LibraryModel | undefined {
  return BY_NAME.get(normalizeModelName(name));
}

/** Descriptions of every library model for the UI (plain data: safe to post to a worker). */
export function listLibraryModels(): LibraryModelInfo[] {
  return LIBRARY_MODELS.map((m) => ({
    name: m.name,
    aliases: [...m.aliases],
    family: m.family,
    title: m.title,
    description: m.description,
    expression: m.expression,
    paramNames: [...m.paramNames],
    defaultBounds: Object.fromEntries(
      Object.entries(m.defaultBounds).map(([k, b]) => [k, [b[0], b[1]] as [number, number]]),
    ),
    meanings: { ...m.meanings },
    typical: { ...m.preview.params },
    shape: previewShape(m),
  }));
}

/** Points in a library picture. */
export const PREVIEW_POINTS = 64;

/** The model evaluated at its preview values over its preview range (non-finite points left out). */
export function previewShape(m: LibraryModel, points = PREVIEW_POINTS): { x: number[]; y: number[] } {
  const [lo, hi] = m.preview.x;
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < points; i++) {
    const xi = lo + ((hi - lo) * i) / (points - 1);
    const yi = m.evaluate(m.preview.params, xi);
    if (Number.isFinite(yi)) {
      x.push(xi);
      y.push(yi);
    }
  }
  return { x, y };
}
