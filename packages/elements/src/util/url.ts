/**
 * True for http(s) URLs and for paths relative to the page; false for `javascript:`, `data:`
 * and anything else a hostile catalog entry or backend answer could carry.
 */
export function isHttpUrl(value: string, base: string = globalThis.location?.href ?? 'https://invalid.invalid/'): boolean {
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
