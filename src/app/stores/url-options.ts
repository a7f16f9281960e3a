/**
 * What the page URL asks for: `?demo=<name>`, `&backend=cpu|webgpu|auto`, `&chaos=key:value,…`.
 * A bad value is reported (the page shows it), never silently ignored, and never stops the page.
 */
import type { BackendChoice } from '../../core/api-types';
import { FitbenchError } from '../../core/errors';
import { NO_CHAOS, parseChaos, type ChaosConfig } from '../../runtime/chaos';

export interface UrlOptions {
  demo: string | null;
  backend: BackendChoice | null;
  chaos: ChaosConfig;
  /** Messages about parameters that were ignored. */
  problems: string[];
}

const BACKENDS: readonly BackendChoice[] = ['auto', 'cpu', 'webgpu'];

/** Reads the query string (hash routes keep it: `/?demo=gaussian#/`). */
export function readUrlOptions(search: string): UrlOptions {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const demo = params.get('demo');
  const backendText = params.get('backend');
  let backend: BackendChoice | null = null;
  if (backendText !== null) {
    if ((BACKENDS as readonly string[]).includes(backendText)) backend = backendText as BackendChoice;
    else problems.push(`backend=${backendText} is not one of ${BACKENDS.join(', ')}; using auto.`);
  }
  let chaos: ChaosConfig = { ...NO_CHAOS };
  const chaosText = params.get('chaos');
  if (chaosText !== null) {
    try {
      chaos = parseChaos(chaosText);
    } catch (e) {
      problems.push(e instanceof FitbenchError ? `chaos: ${e.message}` : `chaos: ${String(e)}`);
    }
  }
  return { demo: demo && demo.trim() !== '' ? demo.trim() : null, backend, chaos, problems };
}
