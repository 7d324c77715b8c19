/**
 * The error taxonomy shared by every package. Codes are stable: partners switch on them,
 * and messages are looked up by code in each locale.
 */
export const LINK_ERROR_CODES = [
  // configuration and setup
  'config_invalid',
  'theme_invalid',
  'snapshot_incompatible',
  // backend and network
  'network_error',
  'timeout',
  'aborted',
  'unauthorized',
  'not_found',
  'rate_limited',
  'payload_too_large',
  'bad_request',
  'validation_failed',
  'conflict',
  // the customer finished this data request: it takes no more changes (a new request is needed)
  'request_finished',
  'server_error',
  // connection
  'popup_blocked',
  'connection_failed',
  'connection_cancelled',
  'origin_mismatch',
  // upload (file-level; row-level issues have their own codes in @codat-link/upload)
  'upload_rejected',
  'upload_failed',
  // the page reloaded during an upload: the records were not kept, the same file must be chosen again
  'upload_interrupted',
  // another upload of the same report (another window) replaced this one before it completed
  'upload_superseded',
  'unknown',
] as const;

export type LinkErrorCode = (typeof LINK_ERROR_CODES)[number];

/** The shape every error takes on its way to the partner (the `codat-link-error` event detail). */
export interface LinkErrorInfo {
  code: LinkErrorCode;
  message: string;
  userRecoverable: boolean;
  correlationId?: string;
}
