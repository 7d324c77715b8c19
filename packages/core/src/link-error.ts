import type { LinkErrorCode, LinkErrorInfo } from './errors.js';
import type { LocalizedText } from './catalog.js';

export type Locale = keyof LocalizedText;

interface ErrorDefinition {
  /** Whether the customer can do something about it (retry, choose again) without the partner. */
  userRecoverable: boolean;
  /** Whether the journey retries on its own before asking: the same call may succeed a moment later. */
  transient: boolean;
  message: LocalizedText;
}

/** One entry per code, so a new code without messages fails to compile. */
export const LINK_ERRORS: Record<LinkErrorCode, ErrorDefinition> = {
  config_invalid: {
    userRecoverable: false,
    transient: false,
    message: {
      en: 'This page is not set up correctly. Please contact the company that sent you here.',
      fr: "Cette page n'est pas configurée correctement. Contactez l'entreprise qui vous a envoyé ici.",
    },
  },
  theme_invalid: {
    userRecoverable: false,
    transient: false,
    message: {
      en: 'The page theme is not valid. Please contact the company that sent you here.',
      fr: "Le thème de la page n'est pas valide. Contactez l'entreprise qui vous a envoyé ici.",
    },
  },
  snapshot_incompatible: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'This page was updated since your last visit, so your progress could not be restored. Please start again.',
      fr: 'Cette page a été mise à jour depuis votre dernière visite : votre progression n’a pas pu être restaurée. Veuillez recommencer.',
    },
  },
  network_error: {
    userRecoverable: true,
    transient: true,
    message: {
      en: 'We could not reach the server. Check your connection and try again.',
      fr: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
    },
  },
  timeout: {
    userRecoverable: true,
    transient: true,
    message: {
      en: 'The server took too long to answer. Please try again.',
      fr: 'Le serveur a mis trop de temps à répondre. Veuillez réessayer.',
    },
  },
  aborted: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'The operation was cancelled.',
      fr: "L'opération a été annulée.",
    },
  },
  unauthorized: {
    userRecoverable: false,
    transient: false,
    message: {
      en: 'Your session has expired. Please open the link you received again.',
      fr: 'Votre session a expiré. Veuillez rouvrir le lien que vous avez reçu.',
    },
  },
  not_found: {
    userRecoverable: false,
    transient: false,
    message: {
      en: 'This request could not be found. It may have been withdrawn.',
      fr: 'Cette demande est introuvable. Elle a peut-être été retirée.',
    },
  },
  rate_limited: {
    userRecoverable: true,
    transient: true,
    message: {
      en: 'Too many attempts in a short time. Please wait a moment and try again.',
      fr: 'Trop de tentatives en peu de temps. Patientez un instant puis réessayez.',
    },
  },
  payload_too_large: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'The file is too large to send. Please split it or remove unneeded rows.',
      fr: 'Le fichier est trop volumineux. Scindez-le ou retirez les lignes inutiles.',
    },
  },
  bad_request: {
    userRecoverable: false,
    transient: false,
    message: {
      en: 'The server could not understand the request. Please contact the company that sent you here.',
      fr: "Le serveur n'a pas compris la demande. Contactez l'entreprise qui vous a envoyé ici.",
    },
  },
  validation_failed: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'Some of the information was not accepted. Please check it and try again.',
      fr: "Certaines informations n'ont pas été acceptées. Vérifiez-les et réessayez.",
    },
  },
  conflict: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'This was changed somewhere else in the meantime. Please try again.',
      fr: 'Ces informations ont été modifiées ailleurs entre-temps. Veuillez réessayer.',
    },
  },
  request_finished: {
    userRecoverable: false,
    transient: false,
    message: {
      en: 'This request is already complete, so nothing more can be added to it. Ask the company that sent it for a new link.',
      fr: 'Cette demande est déjà terminée : plus rien ne peut y être ajouté. Demandez un nouveau lien à l’entreprise qui vous l’a envoyée.',
    },
  },
  server_error: {
    userRecoverable: true,
    transient: true,
    message: {
      en: 'Something went wrong on our side. Please try again in a moment.',
      fr: 'Un problème est survenu de notre côté. Réessayez dans un instant.',
    },
  },
  popup_blocked: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'Your browser blocked the sign-in window. Allow pop-ups for this site and try again.',
      fr: 'Votre navigateur a bloqué la fenêtre de connexion. Autorisez les fenêtres pop-up pour ce site et réessayez.',
    },
  },
  connection_failed: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'We could not connect to your software. Please try again or choose another option.',
      fr: 'La connexion à votre logiciel a échoué. Réessayez ou choisissez une autre option.',
    },
  },
  connection_cancelled: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'The connection was cancelled before it was authorized.',
      fr: "La connexion a été annulée avant d'être autorisée.",
    },
  },
  origin_mismatch: {
    userRecoverable: false,
    transient: false,
    message: {
      en: 'The sign-in window answered from an unexpected address, so it was ignored.',
      fr: 'La fenêtre de connexion a répondu depuis une adresse inattendue ; la réponse a été ignorée.',
    },
  },
  upload_rejected: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'This file could not be accepted. Please check it and upload it again.',
      fr: "Ce fichier n'a pas pu être accepté. Vérifiez-le et téléversez-le à nouveau.",
    },
  },
  upload_failed: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'The upload did not complete. Please try again; what was already sent is kept.',
      fr: "Le téléversement n'a pas abouti. Réessayez : ce qui a déjà été envoyé est conservé.",
    },
  },
  upload_interrupted: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'The upload was interrupted. Choose the same file again to continue where it stopped.',
      fr: "Le téléversement a été interrompu. Choisissez à nouveau le même fichier pour reprendre là où il s'est arrêté.",
    },
  },
  upload_superseded: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'Another upload of this report, probably in another window, replaced this one, so this one was not kept. Finish in that window, or upload here again in a few minutes.',
      fr: 'Un autre envoi de ce rapport, sans doute dans une autre fenêtre, a remplacé celui-ci : cet envoi n’a pas été conservé. Terminez dans cette fenêtre, ou renvoyez le fichier ici dans quelques minutes.',
    },
  },
  unknown: {
    userRecoverable: true,
    transient: false,
    message: {
      en: 'Something unexpected happened. Please try again.',
      fr: 'Un problème inattendu est survenu. Veuillez réessayer.',
    },
  },
};

export function errorMessage(code: LinkErrorCode, locale: Locale = 'en'): string {
  return LINK_ERRORS[code].message[locale];
}

/** Whether the journey should retry a failed call by itself before showing the error. */
export function isTransient(code: LinkErrorCode): boolean {
  return LINK_ERRORS[code].transient;
}

export interface LinkErrorOptions {
  /** Overrides the default for the code, e.g. a 409 the server knows a retry cannot fix. */
  userRecoverable?: boolean;
  correlationId?: string;
  locale?: Locale;
  /** Technical detail for logs; never shown to the customer. */
  detail?: string;
  cause?: unknown;
}

/**
 * An error with a stable code. Adapters throw it so the journey can tell a retryable failure from a
 * fatal one; `message` is the customer-facing text in the chosen locale.
 */
export class LinkError extends Error implements LinkErrorInfo {
  readonly code: LinkErrorCode;
  readonly userRecoverable: boolean;
  readonly correlationId?: string;
  readonly detail?: string;

  constructor(code: LinkErrorCode, options: LinkErrorOptions = {}) {
    super(errorMessage(code, options.locale), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LinkError';
    this.code = code;
    this.userRecoverable = options.userRecoverable ?? LINK_ERRORS[code].userRecoverable;
    if (options.correlationId !== undefined) this.correlationId = options.correlationId;
    if (options.detail !== undefined) this.detail = options.detail;
  }

  /** The plain, serializable shape carried in snapshots and in the `codat-link-error` event. */
  toInfo(): LinkErrorInfo {
    const info: LinkErrorInfo = { code: this.code, message: this.message, userRecoverable: this.userRecoverable };
    if (this.correlationId !== undefined) info.correlationId = this.correlationId;
    return info;
  }
}

/** Any thrown value as a LinkError: adapters may throw plain errors, and an abort is not a failure. */
export function toLinkError(error: unknown, locale: Locale = 'en'): LinkError {
  if (error instanceof LinkError) return error;
  if (isErrorInfo(error)) {
    const options: LinkErrorOptions = { userRecoverable: error.userRecoverable, locale };
    if (error.correlationId !== undefined) options.correlationId = error.correlationId;
    return new LinkError(error.code, options);
  }
  if (error instanceof Error && error.name === 'AbortError') return new LinkError('aborted', { locale, cause: error });
  const detail = error instanceof Error ? error.message : String(error);
  return new LinkError('unknown', { locale, detail, cause: error });
}

function isErrorInfo(value: unknown): value is LinkErrorInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (value as { code: string }).code in LINK_ERRORS &&
    typeof (value as { userRecoverable?: unknown }).userRecoverable === 'boolean'
  );
}

/** The info of an error in another locale (the customer switched language after it happened). */
export function localizeErrorInfo(info: LinkErrorInfo, locale: Locale): LinkErrorInfo {
  return { ...info, message: errorMessage(info.code, locale) };
}
