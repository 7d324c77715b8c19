import { LinkError, type LinkErrorCode, type Locale } from '@codat-link/core';

/** A row-level refusal from the server, with @codat-link/upload's issue code. */
export interface ServerIssue {
  row: number;
  field?: string;
  code: string;
  message: string;
}

/**
 * What every HttpBackend call rejects with: core's LinkError (stable code, customer message in
 * the locale, userRecoverable, correlation id) plus what the server said.
 */
export class HttpBackendError extends LinkError {
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** The server's own error code (e.g. `malformed_json`, `idempotency_conflict`). */
  readonly serverCode?: string;
  readonly issues?: ServerIssue[];

  constructor(
    code: LinkErrorCode,
    details: { correlationId?: string; status?: number; serverCode?: string; issues?: ServerIssue[]; cause?: unknown; locale?: Locale } = {},
  ) {
    super(code, {
      ...(details.correlationId !== undefined ? { correlationId: details.correlationId } : {}),
      ...(details.locale !== undefined ? { locale: details.locale } : {}),
      ...(details.cause !== undefined ? { cause: details.cause } : {}),
      ...(details.serverCode !== undefined ? { detail: `server code ${details.serverCode}` } : {}),
      // An idempotency key reused with another body is a client bug: retrying cannot fix it.
      ...(details.serverCode === 'idempotency_conflict' ? { userRecoverable: false } : {}),
    });
    this.name = 'HttpBackendError';
    if (details.status !== undefined) this.status = details.status;
    if (details.serverCode !== undefined) this.serverCode = details.serverCode;
    if (details.issues !== undefined) this.issues = details.issues;
  }
}

/** Server codes that have a customer message of their own in core, whatever their HTTP status. */
const OWN_CODES: Partial<Record<string, LinkErrorCode>> = {
  // 422 since the IETF draft; still a conflict of keys, not invalid data the customer can fix
  idempotency_conflict: 'conflict',
  request_finished: 'request_finished',
  upload_superseded: 'upload_superseded',
};

/** The LinkError code for an answer: the server's own code when core knows it, else the status. */
export function codeForAnswer(status: number, serverCode?: string): LinkErrorCode {
  return (serverCode !== undefined ? OWN_CODES[serverCode] : undefined) ?? codeForStatus(status);
}

export function codeForStatus(status: number): LinkErrorCode {
  if (status === 400) return 'bad_request';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 422) return 'validation_failed';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'unknown';
}
