/**
 * Every refusal the server sends has a stable `code`; the body never says more than the code,
 * an English message and the correlation id, so a refusal leaks nothing about other companies.
 * French messages are for the HTML pages (sandbox, portal) a person reads.
 */
export const API_ERROR_CODES = [
  'malformed_json',
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'payload_too_large',
  'unsupported_media_type',
  'validation_failed',
  'idempotency_conflict',
  'conflict',
  'request_finished',
  'upload_superseded',
  'webhook_url_refused',
  'sandbox_only',
  'service_unavailable',
  'server_error',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

const STATUS: Record<ApiErrorCode, number> = {
  malformed_json: 400,
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  // draft-ietf-httpapi-idempotency-key-header: a key reused with another payload is 422.
  idempotency_conflict: 422,
  conflict: 409,
  request_finished: 409,
  upload_superseded: 409,
  webhook_url_refused: 422,
  sandbox_only: 400,
  service_unavailable: 503,
  server_error: 500,
};

export const MESSAGES: Record<ApiErrorCode, { en: string; fr: string }> = {
  malformed_json: { en: 'The request body is not valid JSON.', fr: "Le corps de la requête n'est pas du JSON valide." },
  invalid_request: { en: 'The request does not match the API contract.', fr: 'La requête ne respecte pas le contrat de l’API.' },
  unauthorized: { en: 'The session is missing, unknown or expired.', fr: 'La session est absente, inconnue ou expirée.' },
  forbidden: { en: 'This action is not allowed.', fr: 'Cette action n’est pas autorisée.' },
  not_found: { en: 'Not found.', fr: 'Introuvable.' },
  rate_limited: { en: 'Too many requests; try again later.', fr: 'Trop de requêtes ; réessayez plus tard.' },
  payload_too_large: { en: 'The request body is too large.', fr: 'Le corps de la requête est trop volumineux.' },
  unsupported_media_type: { en: 'Send JSON (application/json).', fr: 'Envoyez du JSON (application/json).' },
  validation_failed: { en: 'Some records are not valid.', fr: 'Certains enregistrements ne sont pas valides.' },
  idempotency_conflict: {
    en: 'This idempotency key was already used with a different body.',
    fr: 'Cette clé d’idempotence a déjà servi avec un autre contenu.',
  },
  conflict: { en: 'The resource is not in a state that allows this.', fr: 'La ressource ne permet pas cette action dans son état actuel.' },
  request_finished: {
    en: 'This request is finished; it no longer takes changes.',
    fr: 'Cette demande est terminée ; elle n’accepte plus de modification.',
  },
  upload_superseded: {
    en: 'Another upload of this report replaced this one (another window?); this upload was not kept.',
    fr: 'Un autre envoi de ce rapport a remplacé celui-ci (une autre fenêtre ?) ; cet envoi n’a pas été conservé.',
  },
  webhook_url_refused: {
    en: 'This webhook URL is refused: it must be https: and reach a public address.',
    fr: 'Cette URL de webhook est refusée : elle doit être en https: et joindre une adresse publique.',
  },
  sandbox_only: {
    en: 'This integration exists only in the sandbox; a production request cannot use it.',
    fr: 'Cette intégration n’existe que dans le bac à sable ; une demande de production ne peut pas l’utiliser.',
  },
  service_unavailable: { en: 'The service is unavailable; try again.', fr: 'Le service est indisponible ; réessayez.' },
  server_error: { en: 'Something went wrong on the server.', fr: 'Une erreur est survenue sur le serveur.' },
};

export interface ApiErrorBody {
  error: {
    code: ApiErrorCode;
    message: string;
    correlationId: string;
    /** Row-level problems, for `validation_failed` only. */
    issues?: RecordIssue[];
  };
}

/** One problem with one record of a batch (codes are @codat-link/upload's). */
export interface RecordIssue {
  row: number;
  field?: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    readonly issues?: RecordIssue[],
    message?: string,
  ) {
    super(message ?? MESSAGES[code].en);
    this.status = STATUS[code];
  }
}

export function statusOf(code: ApiErrorCode): number {
  return STATUS[code];
}

export function errorBody(code: ApiErrorCode, correlationId: string, issues?: RecordIssue[], message?: string): ApiErrorBody {
  return { error: { code, message: message ?? MESSAGES[code].en, correlationId, ...(issues ? { issues } : {}) } };
}
