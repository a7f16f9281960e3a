/**
 * Whether a column name reads as the uncertainty of a measurement: "sigma", "σ", "err",
 * "rate_err", "y_sd", "dy", "yerr", "Error (mM)", "std. dev." … A data file rarely says it
 * plainly, so the workbench pre-selects such a column as σ (the user can change it).
 */
const WORDS = 'sigma|σ|err|error|errors|sd|std|stdev|stddev|std\\.?\\s*dev\\.?|stderr|sem|se|unc|uncertainty|uncert';
/** A whole name or its last word (after _, -, space, dot or a camelCase step) is an error word. */
const TAIL = new RegExp(`(?:^|[\\s_.\\-(])(?:${WORDS})\\.?\\s*(?:\\([^)]*\\)|\\[[^\\]]*\\])?$`, 'i');
const CAMEL = new RegExp(`[a-z0-9](?:Err|Error|Sd|Std|Sigma|Unc)$`);
/** d followed by a one-letter name (dy, dY, dy1), or d_/δ/Δ followed by any name (d_rate, δy, Δy). */
const DIFFERENTIAL = /^(?:d[a-z][0-9]?|(?:d_|δ|Δ)[a-z]\w*)$/i;
/** yerr, rateerr, ysd, ysigma as one word. */
const SUFFIX = /^[a-z][a-z0-9]{0,6}(?:err|sigma|sd)$/i;
/** sigma_y, err_rate, sd_y, e_y */
const PREFIX = new RegExp(`^(?:${WORDS}|e)[\\s_.\\-]`, 'i');

export function looksLikeSigmaName(name: string): boolean {
  const n = name.trim();
  if (n === '') return false;
  return TAIL.test(n) || CAMEL.test(n) || DIFFERENTIAL.test(n) || SUFFIX.test(n) || PREFIX.test(n);
}
