/**
 * The provision-method step's text, registered when its chunk loads (the first screen does not carry it).
 * Every id can be overridden through `<codat-link>`'s `text` property. French uses a narrow no-break
 * space (U+202F) before `? ! ; :`.
 */
import { registerMessages } from '../../i18n/localizer.js';

const en = {
  'provision.heading': 'How would you like to provide your supplier information?',
  'provision.intro': 'Choose the option that suits you. You can connect one legal entity after another.',
  'provision.connect.title': 'Connect your software',
  'provision.connect.body': 'Link your accounting software or ERP, or upload reports exported from it.',
  'provision.manual.title': 'Upload a file manually',
  'provision.manual.body': 'Download the supplier spend template, fill it in and upload it.',
} as const;

const fr: Record<keyof typeof en, string> = {
  'provision.heading': 'Comment souhaitez-vous fournir les informations sur vos fournisseurs ?',
  'provision.intro': 'Choisissez l’option qui vous convient. Vous pourrez connecter une entité juridique après l’autre.',
  'provision.connect.title': 'Connecter votre logiciel',
  'provision.connect.body': 'Reliez votre logiciel comptable ou votre ERP, ou téléversez des rapports exportés de celui-ci.',
  'provision.manual.title': 'Téléverser un fichier manuellement',
  'provision.manual.body': 'Téléchargez le modèle de dépenses par fournisseur, remplissez-le et téléversez-le.',
};

registerMessages({ en, fr });

declare module '../../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<keyof typeof en, true> {}
}
