import type { DeviceSession } from './device-session';

/**
 * Finishes `encoder` with a copy of `byteLength` bytes of `source` into a MAP_READ staging
 * buffer, submits, maps and returns a copy of the bytes. The staging buffer goes back to the
 * pool in a finally block (discarded instead when the map failed), so nothing leaks on loss.
 */
export async function submitAndRead(
  session: DeviceSession,
  encoder: GPUCommandEncoder,
  source: GPUBuffer,
  sourceOffset: number,
  byteLength: number,
  label: string,
): Promise<ArrayBuffer> {
  const device = session.device;
  const staging = session.buffers.acquire(
    byteLength,
    GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    `${label}:staging`,
  );
  let mapped = false;
  let failed = false;
  try {
    encoder.copyBufferToBuffer(source, sourceOffset, staging, 0, byteLength);
    device.queue.submit([encoder.finish()]);
    session.buffers.onSubmitted();
    await staging.mapAsync(GPUMapMode.READ, 0, byteLength);
    mapped = true;
    return staging.getMappedRange(0, byteLength).slice(0);
  } catch (e) {
    failed = true;
    throw session.toError(e, label);
  } finally {
    if (mapped) staging.unmap();
    if (failed || session.lost) session.buffers.discard(staging);
    else session.buffers.release(staging);
  }
}

/** Uploads f32 data into a new pooled STORAGE buffer through writeBuffer. */
export function uploadF32(session: DeviceSession, data: Float32Array, label: string, extraUsage = 0): GPUBuffer {
  const buffer = session.buffers.acquire(
    Math.max(16, data.byteLength),
    GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | extraUsage,
    label,
  );
  if (data.byteLength > 0) session.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}
