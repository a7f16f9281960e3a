import { useGpuProbe } from './use-gpu-probe';

/** One line at the bottom of every page: is WebGPU usable from a worker, on which adapter. */
export function GpuStatusLine() {
  const probe = useGpuProbe();
  if (probe.status === 'probing') {
    return (
      <span data-testid="gpu-status" data-state="probing">
        Checking WebGPU in a worker…
      </span>
    );
  }
  const { result } = probe;
  if (!result.available) {
    return (
      <span data-testid="gpu-status" data-state="unavailable" className="gpu-off">
        WebGPU unavailable in workers: {result.reason}. Fits run on the CPU (float64).
      </span>
    );
  }
  const software =
    result.isFallbackAdapter || /swiftshader/i.test(`${result.vendor} ${result.architecture} ${result.description}`);
  return (
    <span data-testid="gpu-status" data-state="available" className="gpu-on">
      WebGPU in workers: {result.vendor} / {result.architecture}
      {result.description ? ` (${result.description})` : ''}
      {software ? ' — software adapter: correct but slow' : ''}
    </span>
  );
}
