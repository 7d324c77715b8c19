/**
 * The error step's text, registered when its chunk loads rather than on the first screen.
 * Every id can be overridden through `<codat-link>`'s `text` property.
 */
import { registerMessages } from '../../i18n/localizer.js';

const en = {
  'error.heading': 'Something went wrong',
  'error.code': 'Error code: {code}',
  'error.reference': 'Reference: {id}',
  'error.retry': 'Try again',
  'error.close': 'Close',
} as const;

const fr: Record<keyof typeof en, string> = {
  'error.heading': 'Un problème est survenu',
  'error.code': 'Code d’erreur : {code}',
  'error.reference': 'Référence : {id}',
  'error.retry': 'Réessayer',
  'error.close': 'Fermer',
};

registerMessages({ en, fr });

declare module '../../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<keyof typeof en, true> {}
}
