/**
 * Shapes of the model library: one LibraryModel per named model, and the ResolvedModel that
 * `resolveModel` returns for a library name or a '+'-joined sum of library names.
 */

/** [lower, upper]; ±Infinity for an open side. */
export type ParamBounds = readonly [number, number];

export type ModelFamily = 'peak' | 'exponential' | 'sigmoid' | 'periodic' | 'polynomial';

/**
 * Automatic start values from the data. Accepts any finite or non-finite numbers (non-finite
 * pairs are ignored, x need not be sorted); always returns a finite value for every parameter.
 */
export type GuessFn = (x: ArrayLike<number>, y: ArrayLike<number>) => Record<string, number>;

/** Where and with which values a model's shape is drawn. */
export interface LibraryPreview {
  readonly x: readonly [number, number];
  readonly params: Readonly<Record<string, number>>;
}

export interface LibraryModel {
  /** Canonical name, lower case, e.g. "gaussian", "exp2", "poly3". */
  readonly name: string;
  /** Other accepted spellings (lower case, no spaces), e.g. "pseudo-voigt", "polynomial3". */
  readonly aliases: readonly string[];
  /** Letters put before the occurrence number in composite parameter prefixes ("g" → g1_a). */
  readonly prefix: string;
  readonly family: ModelFamily;
  readonly title: string;
  /** One line for the UI. */
  readonly description: string;
  /** Model-language expression in the predictor `x`; parameters appear in paramNames order. */
  readonly expression: string;
  readonly paramNames: readonly string[];
  /** Bounds where the physics or the domain of the formula demands them (e.g. widths > 0). */
  readonly defaultBounds: Readonly<Record<string, ParamBounds>>;
  /** Start values used when the data say nothing (degenerate input). */
  readonly fallback: Readonly<Record<string, number>>;
  /** What each parameter means, one short phrase each ("centre", "width (standard deviation σ)"). */
  readonly meanings: Readonly<Record<string, string>>;
  /** Typical parameter values and an x range that show the model's shape (the library's pictures). */
  readonly preview: LibraryPreview;
  /** Standard derived quantities (name → expression of the parameters), reported after every fit. */
  readonly derived?: Readonly<Record<string, string>>;
  /** Plain-JS value of the model at one x: for guessing composites and for tests. */
  evaluate(p: Readonly<Record<string, number>>, x: number): number;
  /**
   * Raw guess on prepared data (finite, sorted by x, binned when large: see prepareData); may
   * return non-finite values on pathological data, which the resolver replaces by `fallback`.
   */
  guess(x: Float64Array, y: Float64Array): Record<string, number>;
}

/** A peak model can also be seeded from a detected peak (composites use this). */
export interface PeakModel extends LibraryModel {
  readonly family: 'peak';
  /** Parameters from a peak's signed height, centre and full width at half maximum. */
  fromPeak(height: number, center: number, fwhm: number): Record<string, number>;
}

/** Serialisable description of one library model, for the UI. */
export interface LibraryModelInfo {
  name: string;
  aliases: string[];
  family: ModelFamily;
  title: string;
  description: string;
  expression: string;
  paramNames: string[];
  defaultBounds: Record<string, [number, number]>;
  meanings: Record<string, string>;
  /** Typical values (sensible starts when there is no data to guess from). */
  typical: Record<string, number>;
  /** The model's shape at its typical values: evenly spaced x with finite y. */
  shape: { x: number[]; y: number[] };
}

export interface ResolvedComponent {
  /** Canonical library name of this component. */
  model: string;
  /** Prefix put before its parameter names ("" for a single model, "g1_" in a composite). */
  prefix: string;
  /** Its parameter names as they appear in the resolved expression (prefixed). */
  paramNames: string[];
  /** Its expression with prefixed parameter names. */
  expression: string;
}

export interface ResolvedModel {
  /** Canonical spelling of the spec, e.g. "gaussian + gaussian + linear". */
  name: string;
  /** The full model-language expression (components joined with " + "). */
  expression: string;
  paramNames: string[];
  defaultBounds: Record<string, [number, number]>;
  /** Start values for every parameter, always finite and strictly inside defaultBounds. */
  guess: GuessFn;
  /** The components' standard derived quantities, prefixed like their parameters (g1_fwhm). */
  derived?: Record<string, string>;
  components: ResolvedComponent[];
}
