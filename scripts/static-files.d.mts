export const CONTENT_TYPES: Record<string, string>;
export const IMMUTABLE: string;
export const REVALIDATE: string;
export function cacheControlFor(relativePath: string): string;
export function negotiateEncoding(acceptEncoding: string | undefined, available?: string[]): 'br' | 'gzip' | 'identity';
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean;
export function warmStaticFiles(root: string): Promise<void>;
