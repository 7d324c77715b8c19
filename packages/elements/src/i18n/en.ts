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

  // provision method
  'provision.heading': 'How would you like to provide your supplier information?',
  'provision.intro': 'Choose the option that suits you. You can connect one legal entity after another.',
  'provision.connect.title': 'Connect your software',
  'provision.connect.body': 'Link your accounting software or ERP, or upload reports exported from it.',
  'provision.manual.title': 'Upload a file manually',
  'provision.manual.body': 'Download the supplier spend template, fill it in and upload it.',

  // entity count
  'entityCount.heading': 'How many legal entities do you want to share data for?',
  'entityCount.intro': 'A legal entity is a company with its own books in your accounting software.',
  'entityCount.one.title': 'One legal entity',
  'entityCount.one.body': 'All the supplier information is in one set of books.',
  'entityCount.several.title': 'Several legal entities',
  'entityCount.several.body': 'You will connect or upload them one after another.',

  // entity name
  'entityName.heading': 'What is the name of this legal entity?',
  'entityName.intro': 'Use the name you know it by, so we can tell your entities apart.',
  'entityName.label': 'Legal entity name',
  'entityName.hint': 'For example: Acme Trading Ltd',
  'entityName.required': 'Enter the name of the legal entity.',
  'entityName.tooLong': 'Use {max} characters or fewer.',
  'entityName.duplicate': 'You already added “{name}”. Give this entity another name.',
  'entityName.existing': 'Entities already added: {names}',

  // disclaimer
  'disclaimer.heading': 'How file upload works',
  'disclaimer.intro': 'You will export two reports from {software} and upload them here.',
  'disclaimer.step1': 'Export the Suppliers report from {software} and upload it.',
  'disclaimer.step2': 'Export the Bills report from {software} and upload it.',
  'disclaimer.step3': 'We check each file and show you what we understood before anything is sent.',
  'disclaimer.alternate': 'You will switch between {software} and this page. Keep this page open.',
  'disclaimer.admin': 'You need administrator access, or equivalent, in your software.',
  'disclaimer.continue': 'Start with Suppliers',

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
