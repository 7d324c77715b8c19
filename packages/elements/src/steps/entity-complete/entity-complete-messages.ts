/**
 * The entityComplete step's text, registered when its chunk loads rather than on the first screen.
 * Every id can be overridden through `<codat-link>`'s `text` property.
 */
import { registerMessages } from '../../i18n/localizer.js';

const en = {
  'entityComplete.heading': '{entity} is done',
  'entityComplete.headingUnnamed': 'Your data is shared',
  'entityComplete.direct': '{software} is connected.',
  'entityComplete.fileUpload': 'Your Suppliers and Bills reports from {software} are uploaded.',
  'entityComplete.manual': 'Your supplier spend file is uploaded.',
  'entityComplete.addAnother': 'Add another legal entity',
  'entityComplete.finish': 'Finish',
} as const;

const fr: Record<keyof typeof en, string> = {
  'entityComplete.heading': '{entity} est terminée',
  'entityComplete.headingUnnamed': 'Vos données sont partagées',
  'entityComplete.direct': '{software} est connecté.',
  'entityComplete.fileUpload': 'Vos rapports Fournisseurs et Factures de {software} sont téléversés.',
  'entityComplete.manual': 'Votre fichier de dépenses par fournisseur est téléversé.',
  'entityComplete.addAnother': 'Ajouter une autre entité juridique',
  'entityComplete.finish': 'Terminer',
};

registerMessages({ en, fr });

declare module '../../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<keyof typeof en, true> {}
}
