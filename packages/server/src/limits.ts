/**
 * The figures the server enforces, in one place: the code reads them, docs/security.md quotes
 * them, and a test checks that the two agree.
 */

/** Largest request body accepted (`bodyLimitBytes`): 413 above it, before anything is stored. */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** Default rate limit: requests per bucket (a session token, or an address) per window. */
export const RATE_LIMIT_MAX = 1200;
export const RATE_LIMIT_WINDOW_MS = 60_000;
/** The partner's server speaks for all its customers at once: its bucket is this many times larger. */
export const PARTNER_RATE_MULTIPLIER = 10;

/** Portal: wrong passwords allowed per account (from any address) before that account waits out the window. */
export const PORTAL_FAILURE_LIMIT = 10;
export const PORTAL_FAILURE_WINDOW_MS = 15 * 60_000;
/** Portal: a session lasts this long from sign-in, then the user signs in again. */
export const PORTAL_SESSION_TTL_MS = 8 * 3600_000;
/** Portal: an invite's one-time link works this long, once. */
export const PORTAL_INVITE_TTL_MS = 72 * 3600_000;

/** A consent's `givenAt` may differ from the server's clock by at most this much, either way. */
export const CONSENT_CLOCK_SKEW_MS = 10 * 60_000;
/** Languages a consent may have been shown in: the ones the elements ship (regional tags of them too). */
export const CONSENT_LOCALES: readonly string[] = ['en', 'fr'];

/** Time to receive a whole request (headers and body); slower senders are cut (408 when possible). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Time to receive a request's headers. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** A socket with no traffic for this long is closed; above the longest long-poll (30 s). */
export const CONNECTION_TIMEOUT_MS = 65_000;
/** How often Node checks open requests against the two timeouts above. */
export const CONNECTIONS_CHECK_INTERVAL_MS = 5_000;

/** Load shedding: past this mean event-loop delay, calls answer 503 service_unavailable with Retry-After. */
export const MAX_EVENT_LOOP_DELAY_MS = 500;
/** The Retry-After of a shed call, in seconds. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 2;

/**
 * How long an Idempotency-Key of an entity, connection or consent is remembered; after that the
 * same key is a new request. Batch keys name the stored batch and live as long as it does.
 */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;
