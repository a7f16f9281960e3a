// Security headers of the built app (`npm start` and the end-to-end server). The document
// runs under a strict Content-Security-Policy: no inline or eval'd script on the page (the
// page draws curves with an AST interpreter, src/core/model/interpret-model.ts). The fit
// workers compile model kernels with `new Function` from a validated AST (never from user
// text), so their scripts carry their own policy that allows it; a dedicated worker takes
// its policy from its own response, not from the page.

/**
 * The page's policy. index.html carries the same one as a meta tag, minus frame-ancestors (ignored
 * there). Images may also come from blob: and data: URLs: the PNG export rasterizes the plot's SVG
 * through an <img> of a blob URL (no script is involved; script-src stays 'self').
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self' blob:; connect-src 'self'; img-src 'self' blob: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** The fit workers' policy: the page's, plus the kernel compilation (JavaScript and WebAssembly). */
export const WORKER_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'";

/**
 * The GPU test harness page (harness.html, used by the end-to-end GPU tests) drives the kernels
 * on its own thread, as a worker does, so it gets the workers' policy and nothing else does.
 */
export const HARNESS_CSP = `${WORKER_CSP}; frame-ancestors 'none'`;

/** Headers for one served file (its path relative to the served root). */
export function securityHeaders(file) {
  const name = String(file).replace(/\\/g, '/');
  const headers = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  if (name === 'harness.html' || name.endsWith('/harness.html'))
    return { ...headers, 'content-security-policy': HARNESS_CSP, 'x-frame-options': 'DENY' };
  if (name.endsWith('.html')) return { ...headers, 'content-security-policy': PAGE_CSP, 'x-frame-options': 'DENY' };
  if (/\.worker[-.][^/]*\.m?js$/.test(name) || /\/[^/]*worker[^/]*\.m?js$/.test(name))
    return { ...headers, 'content-security-policy': WORKER_CSP };
  return headers;
}
