/** What the GPU probe worker reports to the page's status line. */
export type GpuProbeResult =
  | {
      available: true;
      vendor: string;
      architecture: string;
      description: string;
      isFallbackAdapter: boolean;
      maxStorageBufferBindingSize: number;
    }
  | { available: false; reason: string };
