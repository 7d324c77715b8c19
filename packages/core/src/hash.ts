import { LinkError } from './link-error.js';

/**
 * Hex SHA-256 with SubtleCrypto, present in browsers and in Node ≥ 20, so core needs no dependency.
 * Browsers expose it only in secure contexts: on plain http the consent cannot be fingerprinted, and
 * the journey says so rather than recording a consent without its hash.
 */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new LinkError('unknown', { userRecoverable: false, detail: 'SubtleCrypto is unavailable: serve the page over HTTPS' });
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A random id; `randomUUID` is missing outside secure contexts, `getRandomValues` is not. */
export function randomId(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
