/**
 * The `fitbench` command as a process, for the CLI tests: `useCliProcess` bundles
 * src/cli/main.ts once per test file (beforeAll) into a temporary folder and returns a runner
 * and a writer of input files in that folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll } from 'vitest';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  /** Runs `fitbench ...args` in the test folder. */
  fitbench(...args: string[]): CliRun;
  /** The path of a file in the test folder (for outputs the command writes). */
  path(name: string): string;
  /** Writes a file into the test folder and returns its path. */
  file(name: string, text: string | Buffer): string;
}

const ROOT = join(import.meta.dirname, '../..');

/** Registers the bundling step (beforeAll) and returns the runner; `label` names the temporary files. */
export function useCliProcess(label: string): CliProcess {
  const bundle = join(tmpdir(), `fitbench-${label}-${process.pid}.mjs`);
  let dir = '';
  beforeAll(async () => {
    await build({
      entryPoints: [join(ROOT, 'src/cli/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'error',
      external: ['webgpu'],
    });
    dir = mkdtempSync(join(tmpdir(), `fitbench-${label}-`));
  });
  return {
    fitbench(...args) {
      const r = spawnSync(process.execPath, [bundle, ...args], { encoding: 'utf8', cwd: dir });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    path(name) {
      return join(dir, name);
    },
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}
