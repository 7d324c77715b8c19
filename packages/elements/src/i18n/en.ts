/**
 * English, the reference catalog: every message id exists here first, and every other locale
 * must translate each one (a test fails otherwise). Placeholders are `{name}`; they are filled
 * with plain text and rendered as text, never as HTML.
 * Plurals are two ids, `x.one` and `x.other`, chosen with Intl.PluralRules.
 */
export const en = {
  // shell
  'shell.title': 'Share your business data',
  'shell.close': 'Close',
  'shell.help': 'Questions?',
  'shell.back': 'Back',
  'shell.continue': 'Continue',
  'shell.logoAlt': '{partner} logo',
  'shell.defaultPartner': 'your provider',
  'shell.loading': 'Loading…',
  'shell.confirmExit.title': 'Leave without finishing?',
  'shell.confirmExit.body': 'Your progress is saved on this device for this session. You can come back and continue later.',
  'shell.confirmExit.stay': 'Stay',
  'shell.confirmExit.leave': 'Leave',
  'shell.sandbox': 'Sandbox: nothing is sent to a real backend.',
  'shell.sandboxEnvironment': 'Sandbox: test data only.',

  // step names, used in the progress announcement
  'step.checklist': 'Before you start',
  'step.provisionMethod': 'How to provide data',
  'step.manualUpload': 'Manual upload',
  'step.entityCount': 'Number of legal entities',
  'step.entityName': 'Legal entity name',
  'step.softwareSelection': 'Select your software',
  'step.consent': 'Consent',
  'step.connecting': 'Connect your software',
  'step.disclaimer': 'How file upload works',
  'step.uploadSuppliers': 'Upload Suppliers report',
  'step.uploadBills': 'Upload Bills report',
  'step.entityComplete': 'Entity complete',
  'step.summary': 'Summary',
  'step.error': 'Something went wrong',

  // errors, by stable code (LinkErrorCode in @codat-link/core)
  'errors.config_invalid': 'This link is not set up correctly. Contact the organisation that sent it.',
  'errors.theme_invalid': 'The theme is not valid; the default theme is used.',
  'errors.snapshot_incompatible': 'Your saved progress could not be restored, so the journey starts again.',
  'errors.network_error': 'We could not reach the server. Check your connection and try again.',
  'errors.timeout': 'The server took too long to answer. Try again.',
  'errors.aborted': 'The request was cancelled.',
  'errors.unauthorized': 'Your session has expired. Open the link again to continue.',
  'errors.not_found': 'We could not find this data request.',
  'errors.rate_limited': 'Too many attempts in a short time. Wait a moment and try again.',
  'errors.payload_too_large': 'This file is too large to send.',
  'errors.bad_request': 'The server refused the request.',
  'errors.validation_failed': 'Some of the data is not valid.',
  'errors.conflict': 'This was already done in another window.',
  'errors.request_finished': 'This request is already complete; nothing more can be added. Ask for a new link.',
  'errors.server_error': 'The server had a problem. Try again in a moment.',
  'errors.popup_blocked': 'Your browser blocked the window needed to connect.',
  'errors.connection_failed': 'The connection to your software failed.',
  'errors.connection_cancelled': 'The connection was cancelled.',
  'errors.origin_mismatch': 'A message from an unexpected website was ignored.',
  'errors.upload_rejected': 'The file was refused.',
  'errors.upload_failed': 'The upload failed.',
  'errors.upload_interrupted': 'The upload was interrupted. Try again to send the rest.',
  'errors.upload_superseded': 'Another window replaced this upload, so it was not kept. Finish there, or try again here in a few minutes.',
  'errors.unknown': 'Something unexpected happened.',
} as const satisfies Record<string, string>;

export type CoreMessageId = keyof typeof en;
