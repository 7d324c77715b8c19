/** Retry timing: exponential backoff with jitter, and the server's Retry-After when it gives one. */

export interface BackoffOptions {
  /** First delay's ceiling, doubled on each attempt. */
  baseMs: number;
  maxMs: number;
}

/**
 * "Full jitter": anywhere from 0 to an exponential ceiling. Retries from many browsers after one
 * outage spread over the whole window instead of coming back together, and the window still
 * doubles on each attempt.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return random() * ceiling;
}

/**
 * The wait before a retry. With the server's Retry-After, never less than that, plus one
 * full-jitter backoff on top: every client told "2 s" during a load spike would otherwise come
 * back in the same instant and shed again.
 */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, options: BackoffOptions, random: () => number = Math.random): number {
  return (retryAfterMs ?? 0) + backoffDelay(attempt, options, random);
}

/**
 * Worth another attempt: 408 (the server gave up waiting for us), 429, and 5xx but 501 (not
 * implemented) and 505 (HTTP version not supported), which the same request will meet again.
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return status >= 500 && status !== 501 && status !== 505;
}

/** Retry-After is seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A random id for idempotency keys and correlation ids, in browsers and in Node. */
export function randomId(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
