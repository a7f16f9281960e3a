import type { Server } from 'node:http';

/** Serves `root` on `host`:`port` (127.0.0.1 by default); see serve-static.mjs. */
export function serveStatic(root: string, port: number, host?: string): Promise<Server>;
