import { join } from 'node:path';

/**
 * The workplace's shared folder (NIST StRD data, benchmark workloads) sits beside the
 * repository; FITBENCH_SHARED overrides it.
 */
export const SHARED_DIR = process.env.FITBENCH_SHARED ?? join(import.meta.dirname, '../../../shared');
export const NIST_DIR = join(SHARED_DIR, 'nist-strd');
export const BENCH_DIR = join(SHARED_DIR, 'bench');
