import type { LinkErrorCode, LinkErrorInfo } from '@codat-link/core';

/** Whether the customer can do something about it (retry, fix the file) without the partner. */
const USER_RECOVERABLE: Partial<Record<LinkErrorCode, boolean>> = {
  network_error: true,
  timeout: true,
  aborted: true,
  rate_limited: true,
  server_error: true,
  validation_failed: true,
  payload_too_large: true,
  conflict: true,
};

/** Developer-facing text; the element shows core's localized message for the code. */
const MESSAGES: Partial<Record<LinkErrorCode, string>> = {
  network_error: 'The server could not be reached.',
  timeout: 'The server did not answer in time.',
  aborted: 'The call was aborted.',
  unauthorized: 'The session token is missing, unknown or expired.',
  not_found: 'Not found.',
  rate_limited: 'Too many requests.',
  payload_too_large: 'The request body is too large.',
  bad_request: 'The server refused the request as malformed.',
  validation_failed: 'The server refused some records.',
  conflict: 'The server refused the call in the current state.',
  server_error: 'The server failed.',
  unknown: 'Unexpected answer from the server.',
};

/** A row-level refusal from the server, with @codat-link/upload's issue code. */
export interface ServerIssue {
  row: number;
  field?: string;
  code: string;
  message: string;
}

/**
 * What every HttpBackend call rejects with. It has the LinkErrorInfo shape, so core's
 * `toLinkError` turns it into a localized LinkError for the `codat-link-error` event.
 */
export class HttpBackendError extends Error implements LinkErrorInfo {
  readonly code: LinkErrorCode;
  readonly userRecoverable: boolean;
  readonly correlationId?: string;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** The server's own error code (e.g. `malformed_json`, `idempotency_conflict`). */
  readonly serverCode?: string;
  readonly issues?: ServerIssue[];

  constructor(
    code: LinkErrorCode,
    details: { correlationId?: string; status?: number; serverCode?: string; issues?: ServerIssue[]; cause?: unknown; message?: string } = {},
  ) {
    super(details.message ?? MESSAGES[code] ?? MESSAGES.unknown, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'HttpBackendError';
    this.code = code;
    this.userRecoverable = USER_RECOVERABLE[code] ?? false;
    if (details.correlationId !== undefined) this.correlationId = details.correlationId;
    if (details.status !== undefined) this.status = details.status;
    if (details.serverCode !== undefined) this.serverCode = details.serverCode;
    if (details.issues !== undefined) this.issues = details.issues;
  }

  toInfo(): LinkErrorInfo {
    return {
      code: this.code,
      message: this.message,
      userRecoverable: this.userRecoverable,
      ...(this.correlationId !== undefined ? { correlationId: this.correlationId } : {}),
    };
  }
}

export function codeForStatus(status: number): LinkErrorCode {
  if (status === 400) return 'bad_request';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 422) return 'validation_failed';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'unknown';
}
