import { useEffect, useState } from 'react';
import type { GpuProbeResult } from '../../../worker/gpu-probe-types';

export type GpuProbeState = { status: 'probing' } | { status: 'done'; result: GpuProbeResult };

const PROBE_TIMEOUT_MS = 15_000;
let cached: Promise<GpuProbeResult> | null = null;

/** Asks a short-lived worker whether WebGPU is reachable there; the answer is cached per page. */
export function probeGpuInWorker(): Promise<GpuProbeResult> {
  cached ??= new Promise<GpuProbeResult>((resolve) => {
    if (typeof Worker === 'undefined') {
      resolve({ available: false, reason: 'this browser has no Web Workers' });
      return;
    }
    const worker = new Worker(new URL('../../../worker/gpu-probe.worker.ts', import.meta.url), {
      type: 'module',
      name: 'gpu-probe',
    });
    const timer = setTimeout(
      () => finish({ available: false, reason: 'the WebGPU probe did not answer within 15 s' }),
      PROBE_TIMEOUT_MS,
    );
    function finish(result: GpuProbeResult) {
      clearTimeout(timer);
      worker.terminate();
      resolve(result);
    }
    worker.onmessage = (event: MessageEvent<GpuProbeResult>) => finish(event.data);
    // A bare error event (no message) is a script that did not load: offline before the app was saved.
    worker.onerror = (event) =>
      finish({
        available: false,
        reason: event.message
          ? `the probe worker failed: ${event.message}`
          : navigator.onLine
            ? 'the probe worker could not be loaded'
            : 'the probe worker could not be loaded: this device is offline',
      });
  });
  return cached;
}

export function useGpuProbe(): GpuProbeState {
  const [state, setState] = useState<GpuProbeState>({ status: 'probing' });
  useEffect(() => {
    let live = true;
    probeGpuInWorker().then((result) => live && setState({ status: 'done', result }));
    return () => {
      live = false;
    };
  }, []);
  return state;
}
