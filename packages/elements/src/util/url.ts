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

/** The origin of an http(s) URL, or null (for `javascript:` and the like). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url, globalThis.location?.href);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** Absolute `https:` URLs only (the partner's policy links). */
export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}
