/**
 * Where a journey is kept between page loads: sessionStorage, one entry per company (or per
 * session token when no company id is given). The key is a hash, never the token itself, so the
 * secret is not copied into storage.
 */
const PREFIX = 'codat-link:journey:';

/** FNV-1a, 32 bits: enough to tell sessions apart, and synchronous (crypto.subtle is not). */
export function sessionKey(id: string | undefined): string {
  if (!id) return `${PREFIX}sandbox`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return PREFIX + (hash >>> 0).toString(16).padStart(8, '0');
}

export interface StoredJourney {
  /** A `PersistedJourney` from @codat-link/core. */
  persisted: unknown;
  /** Set just before leaving for the platform in redirect mode; the return then checks the connection. */
  redirected?: boolean;
}

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    // Storage can throw (sandboxed iframes, blocked cookies): the journey then lives in memory only.
    return undefined;
  }
}

export function readJourney(key: string | undefined): StoredJourney | undefined {
  if (key === undefined) return undefined;
  const raw = storage()?.getItem(key);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as StoredJourney;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function writeJourney(key: string | undefined, value: StoredJourney): void {
  if (key === undefined) return;
  try {
    storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // Quota exceeded: resuming is a convenience, the journey goes on.
  }
}

export function clearJourney(key: string | undefined): void {
  if (key === undefined) return;
  try {
    storage()?.removeItem(key);
  } catch {
    /* see storage() */
  }
}
