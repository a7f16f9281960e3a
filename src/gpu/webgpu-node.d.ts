// Types of the `webgpu` npm package (Dawn for Node), which is not a dependency of the app:
// the GPU benchmark brings it along on the GPU machine (see gpu-device.md).
declare module 'webgpu' {
  export function create(flags: string[]): GPU;
  export const globals: Record<string, unknown>;
}
