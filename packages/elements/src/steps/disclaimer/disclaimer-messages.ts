/**
 * The disclaimer step's text, registered when its chunk loads (the first screen does not carry it).
 * Every id can be overridden through `<codat-link>`'s `text` property. French uses a narrow no-break
 * space (U+202F) before `? ! ; :`.
 */
import { registerMessages } from '../../i18n/localizer.js';

const en = {
  'disclaimer.heading': 'How file upload works',
  'disclaimer.intro': 'You will export two reports from {software} and upload them here.',
  'disclaimer.step1': 'Export the Suppliers report from {software} and upload it.',
  'disclaimer.step2': 'Export the Bills report from {software} and upload it.',
  'disclaimer.step3': 'We check each file and show you what we understood before anything is sent.',
  'disclaimer.alternate': 'You will switch between {software} and this page. Keep this page open.',
  'disclaimer.admin': 'You need administrator access, or equivalent, in your software.',
  'disclaimer.continue': 'Start with Suppliers',
} as const;

const fr: Record<keyof typeof en, string> = {
  'disclaimer.heading': 'Fonctionnement du téléversement de fichiers',
  'disclaimer.intro': 'Vous allez exporter deux rapports de {software} et les téléverser ici.',
  'disclaimer.step1': 'Exportez le rapport Fournisseurs de {software} et téléversez-le.',
  'disclaimer.step2': 'Exportez le rapport Factures de {software} et téléversez-le.',
  'disclaimer.step3': 'Nous vérifions chaque fichier et vous montrons ce que nous avons compris avant tout envoi.',
  'disclaimer.alternate': 'Vous passerez de {software} à cette page. Gardez cette page ouverte.',
  'disclaimer.admin': 'Vous devez avoir un accès administrateur, ou équivalent, dans votre logiciel.',
  'disclaimer.continue': 'Commencer par les fournisseurs',
};

registerMessages({ en, fr });

declare module '../../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<keyof typeof en, true> {}
}
