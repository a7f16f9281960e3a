/// <reference lib="webworker" />
/**
 * A notebook kernel: one dedicated worker per open notebook. Cells are the reader's own
 * code and run here, never on the page's thread, with no DOM. The library is the page's
 * `window.fitbench` reached through comlink (so fits go through the fitting service, with
 * its checkpoints, retries and health), plus the display API of notebook-display.ts.
 * A runaway cell is stopped by terminating this worker (the page says "kernel restarted").
 */
import { expose, wrap, type Remote } from 'comlink';
import { CellScope } from './cell-evaluator';
import { cellHelpers, createShow, inspect } from './notebook-display';
import type {
  CellError,
  CellEvent,
  CellRunOutcome,
  CellRunRequest,
  NotebookKernelApi,
  NotebookLibraryHost,
} from './notebook-kernel-api';

let host: Remote<NotebookLibraryHost> | null = null;
let functions: string[] = [];
/** Where the running cell's outputs go (null between runs). */
let emit: ((event: CellEvent) => void) | null = null;
let scope = new CellScope({});

/** A library error arrives as plain data (comlink would drop its code); make it an Error again. */
function libraryError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const data = (thrown ?? {}) as Partial<CellError>;
  const error = new Error(data.message ?? String(thrown));
  error.name = data.name ?? 'Error';
  if (data.code) Object.assign(error, { code: data.code });
  return error;
}

function requireHost(): Remote<NotebookLibraryHost> {
  if (!host) throw new Error('The notebook kernel is not connected to the library yet.');
  return host;
}

function buildBuiltins(): Record<string, unknown> {
  const base: Record<string, unknown> = {};
  const show = createShow((event) => emit?.(event));
  const library: Record<string, unknown> = {};
  for (const name of functions) {
    library[name] = (...args: unknown[]) =>
      requireHost()
        .call(name, args)
        .catch((e: unknown) => Promise.reject(libraryError(e)));
    base[name] = library[name];
  }
  const service = new Proxy(
    {},
    {
      get: (_t, name) =>
        typeof name === 'string'
          ? (...args: unknown[]) =>
              requireHost()
                .service(name, args)
                .catch((e: unknown) => Promise.reject(libraryError(e)))
          : undefined,
    },
  );
  library.service = service;
  base.fitbench = Object.freeze(library);
  base.show = show;
  base.progress = (done: number, total: number, label?: string) =>
    emit?.({ type: 'progress', done: Number(done), total: Number(total), label });
  Object.assign(base, cellHelpers);
  return base;
}

function reset(): void {
  scope = new CellScope(buildBuiltins());
}

async function toJavaScript(request: CellRunRequest): Promise<string> {
  if (request.lang !== 'ts') return request.code;
  // TypeScript cells: types are stripped by the compiler, loaded only when a TS cell runs.
  const ts = (await import('typescript')).default;
  return ts.transpileModule(request.code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
    reportDiagnostics: false,
  }).outputText;
}

function describeError(thrown: unknown): CellError {
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    return { name: thrown.name, message: thrown.message, code: typeof code === 'string' ? code : undefined };
  }
  return { name: 'Error', message: inspect(thrown) };
}

function evaluateChecks(expressions: string[]): (number | string | null)[] {
  return expressions.map((expression) => {
    const value = scope.evaluate(expression);
    return typeof value === 'number' ? value : value === undefined || value === null ? null : String(value);
  });
}

const originalLog = console.log.bind(console);

const api = {
  connect(port: MessagePort, names: string[]) {
    host = wrap<NotebookLibraryHost>(port);
    functions = names.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
    reset();
  },
  async run(request: CellRunRequest, onEvent: (event: CellEvent) => void): Promise<CellRunOutcome> {
    const pending: Promise<unknown>[] = [];
    // Events travel on their own channel: the outcome waits until the page has them all.
    emit = (event) => {
      pending.push(Promise.resolve(onEvent(event)).catch(() => undefined));
    };
    console.log = (...values: unknown[]) =>
      emit?.({ type: 'output', output: { kind: 'text', text: values.map((v) => inspect(v)).join(' ') } });
    try {
      const value = await scope.run(await toJavaScript(request));
      await Promise.all(pending);
      return {
        ok: true,
        value: value === undefined ? undefined : inspect(value),
        checks: evaluateChecks(request.checks),
      };
    } catch (thrown) {
      await Promise.all(pending);
      return { ok: false, error: describeError(thrown), checks: request.checks.map(() => null) };
    } finally {
      emit = null;
      console.log = originalLog;
    }
  },
  reset,
} satisfies NotebookKernelApi;

expose(api);
