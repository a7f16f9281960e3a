// The core library on the harness page's main thread: the baseline the runtime benchmark
// compares window.fitbench (worker runtime) against.
import { curveFit } from '../../core';

(window as unknown as { coreHarness: { curveFit: typeof curveFit } }).coreHarness = { curveFit };
