/**
 * The entityName step's text, registered when its chunk loads (the first screen does not carry it).
 * Every id can be overridden through `<codat-link>`'s `text` property. French uses a narrow no-break
 * space (U+202F) before `? ! ; :`.
 */
import { registerMessages } from '../../i18n/localizer.js';

const en = {
  'entityName.heading': 'What is the name of this legal entity?',
  'entityName.intro': 'Use the name you know it by, so we can tell your entities apart.',
  'entityName.label': 'Legal entity name',
  'entityName.hint': 'For example: Acme Trading Ltd',
  'entityName.required': 'Enter the name of the legal entity.',
  'entityName.tooLong': 'Use {max} characters or fewer.',
  'entityName.duplicate': 'You already added “{name}”. Give this entity another name.',
  'entityName.existing': 'Entities already added: {names}',
} as const;

const fr: Record<keyof typeof en, string> = {
  'entityName.heading': 'Quel est le nom de cette entité juridique ?',
  'entityName.intro': 'Utilisez le nom sous lequel vous la connaissez, pour que nous puissions distinguer vos entités.',
  'entityName.label': 'Nom de l’entité juridique',
  'entityName.hint': 'Par exemple : Acme Commerce inc.',
  'entityName.required': 'Saisissez le nom de l’entité juridique.',
  'entityName.tooLong': 'Utilisez {max} caractères au maximum.',
  'entityName.duplicate': 'Vous avez déjà ajouté « {name} ». Donnez un autre nom à cette entité.',
  'entityName.existing': 'Entités déjà ajoutées : {names}',
};

registerMessages({ en, fr });

declare module '../../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<keyof typeof en, true> {}
}
