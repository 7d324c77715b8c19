/**
 * The connecting step's text, registered when its chunk loads rather than on the first screen.
 * Every id can be overridden through `<codat-link>`'s `text` property.
 */
import { registerMessages } from '../../i18n/localizer.js';

const en = {
  'connecting.heading': 'Connect {software}',
  'connecting.intro': 'Sign in to {software} in the window that opens and authorize access. We never see your password.',
  'connecting.open': 'Open {software}',
  'connecting.reopen': 'Open the window again',
  'connecting.redirect': 'Continue in this tab instead',
  'connecting.waiting': 'Waiting for you to authorize access in {software}…',
  'connecting.popupBlocked': 'Your browser blocked the window. Continue in this tab, or allow pop-ups and try again.',
  'connecting.popupClosed': 'The window was closed before the connection finished.',
  'connecting.cancel': 'Cancel',
  'connecting.opensNewWindow': '(opens a new window)',
  'connecting.sandboxAuthorize': 'Authorize in the sandbox',
  'connecting.sandboxNote': 'Sandbox: no real software is opened.',
} as const;

const fr: Record<keyof typeof en, string> = {
  'connecting.heading': 'Connecter {software}',
  'connecting.intro': 'Connectez-vous à {software} dans la fenêtre qui s’ouvre et autorisez l’accès. Nous ne voyons jamais votre mot de passe.',
  'connecting.open': 'Ouvrir {software}',
  'connecting.reopen': 'Rouvrir la fenêtre',
  'connecting.redirect': 'Continuer plutôt dans cet onglet',
  'connecting.waiting': 'En attente de votre autorisation dans {software}…',
  'connecting.popupBlocked': 'Votre navigateur a bloqué la fenêtre. Continuez dans cet onglet, ou autorisez les fenêtres contextuelles et réessayez.',
  'connecting.popupClosed': 'La fenêtre a été fermée avant la fin de la connexion.',
  'connecting.cancel': 'Annuler',
  'connecting.opensNewWindow': '(ouvre une nouvelle fenêtre)',
  'connecting.sandboxAuthorize': 'Autoriser dans le bac à sable',
  'connecting.sandboxNote': 'Bac à sable : aucun vrai logiciel n’est ouvert.',
};

registerMessages({ en, fr });

declare module '../../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<keyof typeof en, true> {}
}
