/**
 * The entityCount step's text, registered when its chunk loads (the first screen does not carry it).
 * Every id can be overridden through `<codat-link>`'s `text` property. French uses a narrow no-break
 * space (U+202F) before `? ! ; :`.
 */
import { registerMessages } from '../../i18n/localizer.js';

const en = {
  'entityCount.heading': 'How many legal entities do you want to share data for?',
  'entityCount.intro': 'A legal entity is a company with its own books in your accounting software.',
  'entityCount.one.title': 'One legal entity',
  'entityCount.one.body': 'All the supplier information is in one set of books.',
  'entityCount.several.title': 'Several legal entities',
  'entityCount.several.body': 'You will connect or upload them one after another.',
} as const;

const fr: Record<keyof typeof en, string> = {
  'entityCount.heading': 'Pour combien d’entités juridiques voulez-vous partager des données ?',
  'entityCount.intro': 'Une entité juridique est une société qui tient sa propre comptabilité dans votre logiciel.',
  'entityCount.one.title': 'Une entité juridique',
  'entityCount.one.body': 'Toutes les informations sur les fournisseurs sont dans une seule comptabilité.',
  'entityCount.several.title': 'Plusieurs entités juridiques',
  'entityCount.several.body': 'Vous les connecterez ou téléverserez l’une après l’autre.',
};

registerMessages({ en, fr });

declare module '../../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<keyof typeof en, true> {}
}
