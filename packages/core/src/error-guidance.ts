import type { LinkErrorCode } from './errors.js';

/**
 * What the partner should do about each error code: the error-code reference (docs/errors.md) is
 * made from it. Kept apart from LINK_ERRORS so the drop-in bundle does not carry it; one entry per
 * code, so a new code without its guidance fails to compile.
 */
export const ERROR_GUIDANCE: Record<LinkErrorCode, string> = {
  config_invalid: 'Fix the configuration: the codat-link-error detail and the console name the invalid option.',
  theme_invalid: 'Fix the theme property: the message names the invalid token or URL; the default theme is used meanwhile.',
  snapshot_incompatible: 'Nothing: the element was updated since the customer’s last visit and starts the journey again.',
  network_error: 'Check that the page can reach your backend (CORS, proxy, an offline customer); the journey retries on its own first.',
  timeout: 'Check your backend’s latency; the journey retried before showing it, and the customer can retry.',
  aborted: 'Nothing: the customer or the page cancelled the call.',
  unauthorized: 'Mint a new session token on your server and set session-token: the old one expired or was revoked.',
  not_found: 'Check the data request and session you pass: the backend does not know them (deleted, or another environment).',
  rate_limited: 'Slow down: too many calls from this session or address; the journey waits for Retry-After and retries.',
  payload_too_large: 'Raise the server’s body limit or lower batchSize: a batch exceeded what the backend accepts.',
  bad_request: 'The element and your backend disagree on the API: log the correlation id and compare the request with the OpenAPI.',
  validation_failed: 'Your backend refused records the element sent: log the correlation id; the message names the first field.',
  conflict: 'Another window changed the same data first; the customer can retry.',
  request_finished: 'Create a new data request: a finished one takes no more changes.',
  server_error: 'Look in your backend’s logs for the correlation id; the journey retried before showing it.',
  popup_blocked: 'Nothing to fix: the element offers the redirect instead. Opening the journey from a click avoids most blockers.',
  connection_failed: 'The platform refused the authorization; the customer can choose again. Check the platform’s status if it repeats.',
  connection_cancelled: 'Nothing: the customer closed or cancelled the platform’s window.',
  origin_mismatch: 'Check config.callbackOrigin (or the auth URL’s origin): a message came from another origin and was ignored.',
  upload_rejected: 'Nothing: the customer’s file could not be used and the step says why (see the upload issue codes).',
  upload_failed: 'Look in your backend’s logs for the batch’s correlation id; the customer can retry and only unsent batches go again.',
  upload_interrupted: 'Nothing: the page reloaded mid-upload; the customer drops the same file and only missing batches are sent.',
  upload_superseded: 'Nothing: another window of the same customer uploaded the same report; the newer upload is kept.',
  unknown: 'Log the correlation id and the console error, and report it to us.',
};
