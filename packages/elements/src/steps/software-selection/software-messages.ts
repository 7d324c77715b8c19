/**
 * The software-selection step's strings, in English and French, registered when the step's chunk
 * loads. A partner overrides any of them through `text`, like every id.
 */
import { registerMessages, type MessageCatalogs } from '../../i18n/localizer.js';

const en = {
  'software.heading': 'Select your accounting software',
  'software.intro': 'Search for the software or ERP where you keep your supplier information.',
  'software.intro.financials': 'Search for the accounting software or ERP where you keep your books.',
  'software.search.label': 'Search software',
  'software.search.placeholder': 'Search by name',
  'software.list.label': 'Accounting software',
  'software.group.direct': 'Connect directly',
  'software.group.fileUpload': 'Upload reports from your software',
  'software.group.sandbox': 'Sandbox',
  'software.kind.direct': 'Direct connection',
  'software.kind.fileUpload': 'File upload',
  'software.kind.both': 'Connect or upload reports',
  'software.results.one': '{count} software found',
  'software.results.other': '{count} software found',
  'software.noResults': 'No software matches “{query}”.',
  'software.cantFind': 'Can’t find your software?',
  'software.cantFind.body': 'Upload your supplier information with our template instead.',
  'software.cantFind.connectOnly':
    'Financial statements are read through a connection to your accounting software, so it has to be in this list. Try another name it is known by. If it is still missing, tell whoever sent you this request which software you use: they will tell you how else to share.',
  'software.method.heading': 'How would you like to share data from {software}?',
  'software.method.intro': 'You can connect {software} directly, or export two reports from it and upload them.',
  'software.method.direct.title': 'Connect {software}',
  'software.method.direct.body': 'Sign in to {software} and allow access: nothing to export.',
  'software.method.fileUpload.title': 'Upload reports',
  'software.method.fileUpload.body': 'Export the Suppliers and Bills reports from {software} and upload them here.',
};

const fr: Record<SoftwareMessageId, string> = {
  'software.heading': 'Choisissez votre logiciel comptable',
  'software.intro': 'Recherchez le logiciel ou l’ERP dans lequel vous gérez les informations sur vos fournisseurs.',
  'software.intro.financials': 'Recherchez le logiciel comptable ou l’ERP dans lequel vous tenez votre comptabilité.',
  'software.search.label': 'Rechercher un logiciel',
  'software.search.placeholder': 'Rechercher par nom',
  'software.list.label': 'Logiciels comptables',
  'software.group.direct': 'Connexion directe',
  'software.group.fileUpload': 'Téléverser des rapports de votre logiciel',
  'software.group.sandbox': 'Bac à sable',
  'software.kind.direct': 'Connexion directe',
  'software.kind.fileUpload': 'Téléversement de fichiers',
  'software.kind.both': 'Connexion ou téléversement de rapports',
  'software.results.one': '{count} logiciel trouvé',
  'software.results.other': '{count} logiciels trouvés',
  'software.noResults': 'Aucun logiciel ne correspond à « {query} ».',
  'software.cantFind': 'Vous ne trouvez pas votre logiciel ?',
  'software.cantFind.body': 'Téléversez plutôt les informations sur vos fournisseurs avec notre modèle.',
  'software.cantFind.connectOnly':
    'Les états financiers sont lus au moyen d’une connexion à votre logiciel comptable, qui doit donc figurer dans cette liste. Essayez un autre nom sous lequel il est connu. S’il n’y figure toujours pas, indiquez à l’expéditeur de cette demande le logiciel que vous utilisez\u202f: il vous dira comment partager autrement.',
  'software.method.heading': 'Comment souhaitez-vous partager les données de {software} ?',
  'software.method.intro': 'Vous pouvez connecter {software} directement, ou en exporter deux rapports et les téléverser.',
  'software.method.direct.title': 'Connecter {software}',
  'software.method.direct.body': 'Connectez-vous à {software} et autorisez l’accès : rien à exporter.',
  'software.method.fileUpload.title': 'Téléverser des rapports',
  'software.method.fileUpload.body': 'Exportez les rapports Fournisseurs et Factures de {software} et téléversez-les ici.',
};

export type SoftwareMessageId = keyof typeof en;

declare module '../../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<SoftwareMessageId, true> {}
}

export const softwareMessages: MessageCatalogs<SoftwareMessageId> = { en, fr };
registerMessages(softwareMessages);
