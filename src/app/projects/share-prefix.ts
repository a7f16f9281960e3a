/** The URL fragment that carries a shared project: `#/share/<deflate, base64url>`. */
export const SHARE_PREFIX = '#/share/';
