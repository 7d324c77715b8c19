/**
 * The summary step's text, registered when its chunk loads rather than on the first screen.
 * Every id can be overridden through `<codat-link>`'s `text` property.
 */
import { registerMessages } from '../../i18n/localizer.js';

const en = {
  'summary.heading': 'Summary of your data request',
  'summary.intro': 'Here is what you shared with {partner}.',
  'summary.table.label': 'Legal entities and their status',
  'summary.col.entity': 'Legal entity',
  'summary.col.software': 'Software',
  'summary.col.status': 'Status',
  'summary.col.records': 'Records',
  'summary.records': '{suppliers} suppliers, {bills} bills',
  'summary.recordsSpend': '{rows} supplier spend rows',
  'summary.status.notStarted': 'Not started',
  'summary.status.inProgress': 'In progress',
  'summary.status.connected': 'Connected',
  'summary.status.uploaded': 'Uploaded',
  'summary.status.complete': 'Complete',
  'summary.status.failed': 'Failed',
  'summary.empty': 'No legal entity was shared yet.',
  'summary.done': 'Done',
  'summary.manual': 'Manual upload',
} as const;

const fr: Record<keyof typeof en, string> = {
  'summary.heading': 'Récapitulatif de votre demande de données',
  'summary.intro': 'Voici ce que vous avez partagé avec {partner}.',
  'summary.table.label': 'Entités juridiques et leur statut',
  'summary.col.entity': 'Entité juridique',
  'summary.col.software': 'Logiciel',
  'summary.col.status': 'Statut',
  'summary.col.records': 'Enregistrements',
  'summary.records': '{suppliers} fournisseurs, {bills} factures',
  'summary.recordsSpend': '{rows} lignes de dépenses par fournisseur',
  'summary.status.notStarted': 'Non commencé',
  'summary.status.inProgress': 'En cours',
  'summary.status.connected': 'Connecté',
  'summary.status.uploaded': 'Téléversé',
  'summary.status.complete': 'Terminé',
  'summary.status.failed': 'Échec',
  'summary.empty': 'Aucune entité juridique n’a encore été partagée.',
  'summary.done': 'Terminé',
  'summary.manual': 'Téléversement manuel',
};

registerMessages({ en, fr });

declare module '../../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<keyof typeof en, true> {}
}
