/**
 * Every string the upload steps show, in English and French, registered with `<codat-link>`'s
 * catalog when this chunk loads, so a partner can override any id through the `text` property.
 * Parameters are written `{name}` and replaced as text, never as HTML.
 */
import { registerMessages, type Localizer, type MessageCatalogs, type MessageParams } from '../i18n/localizer.js';

const en = {
  'upload.title.suppliers': 'Upload your Suppliers report',
  'upload.title.bills': 'Upload your Bills report',
  'upload.title.supplierSpend': 'Upload your supplier spend file',
  'upload.intro.suppliers': 'Export the list of your suppliers from {software}, then drop the file here.',
  'upload.intro.bills': 'Export your bills (supplier invoices) from {software}, then drop the file here.',
  'upload.intro.supplierSpend': 'Download the template, fill in one row per supplier, then drop the file here.',
  'upload.intro.anySoftware': 'your accounting software',
  'upload.instructions.heading': 'Where to find this report',
  'upload.template.download': 'Download the template (CSV)',
  'upload.template.downloadXlsx': 'Download the template (Excel)',
  'upload.drop.label': 'Drop your file here',
  'upload.drop.or': 'or',
  'upload.drop.choose': 'Choose a file',
  'upload.drop.hint': 'CSV, TSV, text or Excel (.xlsx), up to {maxSize}.',
  'upload.drop.refused.tooMany': 'Drop one file at a time. You dropped {count} files.',
  'upload.drop.refused.type': '“{name}” is not a file we can read. Use CSV, TSV, text or Excel (.xlsx).',
  'upload.drop.refused.size': '“{name}” is {size}, over the {maxSize} limit. Export a shorter period or split the file.',
  'upload.drop.refused.empty': '“{name}” is empty.',
  'upload.reading.title': 'Reading “{name}”',
  'upload.reading.progress': '{bytesRead} of {totalBytes} read, {rows} rows',
  'upload.reading.cancel': 'Cancel',
  'upload.reading.cancelled': 'Reading cancelled. Nothing was sent.',
  'upload.rejected.title': 'We could not use this file',
  'upload.rejected.wrongReport': 'This looks like your {found}. This step needs your {expected}.',
  'upload.rejected.wrongReportUnknown': 'This file does not look like your {expected}.',
  'upload.report.suppliers': 'Suppliers report',
  'upload.report.bills': 'Bills report',
  'upload.report.supplierSpend': 'supplier spend file',
  'upload.rejected.tryAgain': 'Choose another file',
  'upload.mapping.title': 'Check the columns we matched',
  'upload.mapping.intro': 'For each piece of information, pick the column of your file that holds it.',
  'upload.mapping.field': 'Information',
  'upload.mapping.column': 'Column in your file',
  'upload.mapping.confidence': 'Match',
  'upload.mapping.none': 'Not in my file',
  'upload.mapping.samples': 'In this column:',
  'upload.mapping.reason.values': 'Matched from its values: no column name says it. Please check.',
  'upload.mapping.reason.layout': 'Taken from the rows that name each group in your report.',
  'upload.mapping.required': 'required',
  'upload.mapping.confidence.high': 'Sure ({percent}%)',
  'upload.mapping.confidence.medium': 'Likely ({percent}%)',
  'upload.mapping.confidence.low': 'Unsure ({percent}%)',
  'upload.mapping.confidence.manual': 'Your choice',
  'upload.mapping.missingRequired': 'Pick a column for: {fields}.',
  'upload.mapping.apply': 'Use these columns',
  'upload.mapping.cancel': 'Cancel',
  'upload.mapping.edit': 'Change the columns',
  'upload.preview.title': 'Check your data',
  'upload.preview.summary.one': '{count} row read from “{name}”.',
  'upload.preview.summary.other': '{count} rows read from “{name}”.',
  'upload.count.error.one': '{count} error',
  'upload.count.error.other': '{count} errors',
  'upload.count.warning.one': '{count} warning',
  'upload.count.warning.other': '{count} warnings',
  'upload.count.info.one': '{count} note',
  'upload.count.info.other': '{count} notes',
  'upload.preview.onlyProblems': 'Show only rows with problems',
  'upload.preview.row': 'Row',
  'upload.preview.downloadIssues': 'Download the problems (CSV)',
  'upload.preview.noRows': 'No rows to show.',
  'upload.preview.fileIssues': 'About the whole file',
  'upload.preview.shownRows': '{shown} of {rows} rows shown',
  'upload.severity.error': 'Error',
  'upload.severity.warning': 'Warning',
  'upload.severity.info': 'Note',
  'upload.policy.blocked.one': '{count} row has errors. Fix it in your software, export the report again and drop it here.',
  'upload.policy.blocked.other': '{count} rows have errors. Fix them in your software, export the report again and drop it here.',
  'upload.policy.skip': '{count} rows have errors and will be left out: rows {rows}. The other {valid} rows will be sent.',
  'upload.policy.noValidRows': 'No row can be sent: every row has an error.',
  'upload.send.one': 'Send {count} row',
  'upload.send.other': 'Send {count} rows',
  'upload.sending.title': 'Sending your data',
  'upload.sending.progress': '{sent} of {total} rows sent',
  'upload.sending.failed': 'Sending stopped: {reason} The rows already received are kept; retrying sends only the rest.',
  'upload.sending.retry': 'Retry',
  'upload.sending.resumable': 'Sending “{name}” was interrupted after {sent} of {total} rows. Drop the same file to continue where it stopped.',
  'upload.error.generic': 'something went wrong on our side.',
  'upload.error.intakeFailed': 'We could not read this file.',
  'upload.field.supplierId': 'Supplier ID',
  'upload.field.supplierName': 'Supplier name',
  'upload.field.status': 'Status',
  'upload.field.taxNumber': 'Tax number',
  'upload.field.registrationNumber': 'Registration number',
  'upload.field.emailAddress': 'Email address',
  'upload.field.phone': 'Phone',
  'upload.field.addressLine1': 'Address',
  'upload.field.city': 'City',
  'upload.field.region': 'Region',
  'upload.field.postalCode': 'Postal code',
  'upload.field.country': 'Country',
  'upload.field.defaultCurrency': 'Default currency',
  'upload.field.paymentTerms': 'Payment terms',
  'upload.field.defaultPaymentMethod': 'Default payment method',
  'upload.field.billNumber': 'Invoice number',
  'upload.field.issueDate': 'Issue date',
  'upload.field.dueDate': 'Due date',
  'upload.field.currency': 'Currency',
  'upload.field.totalAmount': 'Total amount',
  'upload.field.amountDue': 'Amount due',
  'upload.field.taxAmount': 'Tax amount',
  'upload.field.paymentMethod': 'Payment method',
  'upload.field.paidDate': 'Paid date',
  'upload.field.description': 'Description',
  'upload.field.totalSpend': 'Total spend',
  'upload.field.numberOfPayments': 'Number of payments',
  'upload.field.periodStart': 'Period start',
  'upload.field.periodEnd': 'Period end',
} as const;

export type UploadMessageId = keyof typeof en;
/** Ids with `.one` and `.other` forms, without the suffix. */
export type PluralId = UploadMessageId extends infer Id ? (Id extends `${infer Base}.one` ? Base : never) : never;

const fr: Record<UploadMessageId, string> = {
  'upload.title.suppliers': 'Téléversez votre rapport Fournisseurs',
  'upload.title.bills': 'Téléversez votre rapport Factures',
  'upload.title.supplierSpend': 'Téléversez votre fichier de dépenses par fournisseur',
  'upload.intro.suppliers': 'Exportez la liste de vos fournisseurs depuis {software}, puis déposez le fichier ici.',
  'upload.intro.bills': 'Exportez vos factures fournisseurs depuis {software}, puis déposez le fichier ici.',
  'upload.intro.supplierSpend': 'Téléchargez le modèle, remplissez une ligne par fournisseur, puis déposez le fichier ici.',
  'upload.intro.anySoftware': 'votre logiciel comptable',
  'upload.instructions.heading': 'Où trouver ce rapport',
  'upload.template.download': 'Télécharger le modèle (CSV)',
  'upload.template.downloadXlsx': 'Télécharger le modèle (Excel)',
  'upload.drop.label': 'Déposez votre fichier ici',
  'upload.drop.or': 'ou',
  'upload.drop.choose': 'Choisir un fichier',
  'upload.drop.hint': 'CSV, TSV, texte ou Excel (.xlsx), jusqu’à {maxSize}.',
  'upload.drop.refused.tooMany': 'Déposez un seul fichier à la fois. Vous en avez déposé {count}.',
  'upload.drop.refused.type': '« {name} » n’est pas un fichier que nous savons lire. Utilisez CSV, TSV, texte ou Excel (.xlsx).',
  'upload.drop.refused.size': '« {name} » pèse {size}, au-delà de la limite de {maxSize}. Exportez une période plus courte ou divisez le fichier.',
  'upload.drop.refused.empty': '« {name} » est vide.',
  'upload.reading.title': 'Lecture de « {name} »',
  'upload.reading.progress': '{bytesRead} sur {totalBytes} lus, {rows} lignes',
  'upload.reading.cancel': 'Annuler',
  'upload.reading.cancelled': 'Lecture annulée. Rien n’a été envoyé.',
  'upload.rejected.title': 'Nous ne pouvons pas utiliser ce fichier',
  'upload.rejected.wrongReport': 'Ce fichier ressemble à votre {found}. Cette étape attend votre {expected}.',
  'upload.rejected.wrongReportUnknown': 'Ce fichier ne ressemble pas à votre {expected}.',
  'upload.report.suppliers': 'rapport Fournisseurs',
  'upload.report.bills': 'rapport Factures',
  'upload.report.supplierSpend': 'fichier de dépenses par fournisseur',
  'upload.rejected.tryAgain': 'Choisir un autre fichier',
  'upload.mapping.title': 'Vérifiez les colonnes reconnues',
  'upload.mapping.intro': 'Pour chaque information, choisissez la colonne de votre fichier qui la contient.',
  'upload.mapping.field': 'Information',
  'upload.mapping.column': 'Colonne de votre fichier',
  'upload.mapping.confidence': 'Correspondance',
  'upload.mapping.none': 'Absente de mon fichier',
  'upload.mapping.samples': 'Dans cette colonne :',
  'upload.mapping.reason.values': 'Reconnue d’après ses valeurs : aucun nom de colonne ne l’indique. Vérifiez-la.',
  'upload.mapping.reason.layout': 'Tirée des lignes qui nomment chaque groupe de votre rapport.',
  'upload.mapping.required': 'obligatoire',
  'upload.mapping.confidence.high': 'Sûre ({percent} %)',
  'upload.mapping.confidence.medium': 'Probable ({percent} %)',
  'upload.mapping.confidence.low': 'Incertaine ({percent} %)',
  'upload.mapping.confidence.manual': 'Votre choix',
  'upload.mapping.missingRequired': 'Choisissez une colonne pour : {fields}.',
  'upload.mapping.apply': 'Utiliser ces colonnes',
  'upload.mapping.cancel': 'Annuler',
  'upload.mapping.edit': 'Modifier les colonnes',
  'upload.preview.title': 'Vérifiez vos données',
  'upload.preview.summary.one': '{count} ligne lue dans « {name} ».',
  'upload.preview.summary.other': '{count} lignes lues dans « {name} ».',
  'upload.count.error.one': '{count} erreur',
  'upload.count.error.other': '{count} erreurs',
  'upload.count.warning.one': '{count} avertissement',
  'upload.count.warning.other': '{count} avertissements',
  'upload.count.info.one': '{count} remarque',
  'upload.count.info.other': '{count} remarques',
  'upload.preview.onlyProblems': 'Afficher seulement les lignes à problème',
  'upload.preview.row': 'Ligne',
  'upload.preview.downloadIssues': 'Télécharger les problèmes (CSV)',
  'upload.preview.noRows': 'Aucune ligne à afficher.',
  'upload.preview.fileIssues': 'À propos du fichier entier',
  'upload.preview.shownRows': '{shown} lignes affichées sur {rows}',
  'upload.severity.error': 'Erreur',
  'upload.severity.warning': 'Avertissement',
  'upload.severity.info': 'Remarque',
  'upload.policy.blocked.one': '{count} ligne contient des erreurs. Corrigez-la dans votre logiciel, exportez à nouveau le rapport et déposez-le ici.',
  'upload.policy.blocked.other': '{count} lignes contiennent des erreurs. Corrigez-les dans votre logiciel, exportez à nouveau le rapport et déposez-le ici.',
  'upload.policy.skip': '{count} lignes contiennent des erreurs et seront écartées : lignes {rows}. Les {valid} autres lignes seront envoyées.',
  'upload.policy.noValidRows': 'Aucune ligne ne peut être envoyée : toutes contiennent une erreur.',
  'upload.send.one': 'Envoyer {count} ligne',
  'upload.send.other': 'Envoyer {count} lignes',
  'upload.sending.title': 'Envoi de vos données',
  'upload.sending.progress': '{sent} lignes envoyées sur {total}',
  'upload.sending.failed': 'L’envoi s’est interrompu : {reason} Les lignes déjà reçues sont conservées ; réessayer n’envoie que le reste.',
  'upload.sending.retry': 'Réessayer',
  'upload.sending.resumable':
    'L’envoi de « {name} » s’est interrompu après {sent} lignes sur {total}. Déposez le même fichier pour reprendre là où il s’est arrêté.',
  'upload.error.generic': 'un problème est survenu de notre côté.',
  'upload.error.intakeFailed': 'Nous n’avons pas pu lire ce fichier.',
  'upload.field.supplierId': 'Identifiant fournisseur',
  'upload.field.supplierName': 'Nom du fournisseur',
  'upload.field.status': 'Statut',
  'upload.field.taxNumber': 'Numéro de TVA',
  'upload.field.registrationNumber': 'Numéro d’immatriculation',
  'upload.field.emailAddress': 'Adresse e-mail',
  'upload.field.phone': 'Téléphone',
  'upload.field.addressLine1': 'Adresse',
  'upload.field.city': 'Ville',
  'upload.field.region': 'Région',
  'upload.field.postalCode': 'Code postal',
  'upload.field.country': 'Pays',
  'upload.field.defaultCurrency': 'Devise par défaut',
  'upload.field.paymentTerms': 'Conditions de paiement',
  'upload.field.defaultPaymentMethod': 'Moyen de paiement par défaut',
  'upload.field.billNumber': 'Numéro de facture',
  'upload.field.issueDate': 'Date d’émission',
  'upload.field.dueDate': 'Date d’échéance',
  'upload.field.currency': 'Devise',
  'upload.field.totalAmount': 'Montant total',
  'upload.field.amountDue': 'Montant dû',
  'upload.field.taxAmount': 'Montant de la taxe',
  'upload.field.paymentMethod': 'Moyen de paiement',
  'upload.field.paidDate': 'Date de paiement',
  'upload.field.description': 'Description',
  'upload.field.totalSpend': 'Dépense totale',
  'upload.field.numberOfPayments': 'Nombre de paiements',
  'upload.field.periodStart': 'Début de période',
  'upload.field.periodEnd': 'Fin de période',
};

export const uploadMessages = { en, fr } satisfies MessageCatalogs<UploadMessageId>;

registerMessages(uploadMessages);

declare module '../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<UploadMessageId, true> {}
}

const cache = new WeakMap<Localizer, ReturnType<typeof makeHelpers>>();

/**
 * The localizer's text plus what the upload screens format: field labels, sizes. One set per
 * Localizer: number formats are costly to build and the steps render often while reading.
 */
export function helpers(i18n: Localizer) {
  let made = cache.get(i18n);
  if (!made) {
    made = makeHelpers(i18n);
    cache.set(i18n, made);
  }
  return made;
}

function makeHelpers(i18n: Localizer) {
  const numbers = new Intl.NumberFormat(i18n.locale);
  const sizes = [0, 1].map((digits) => new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: digits }));
  return {
    t: (id: UploadMessageId, params?: MessageParams) => i18n.t(id, params),
    /** `id.one` or `id.other` by the locale's rules (French counts 0 as singular). */
    plural: (id: PluralId, count: number, params?: MessageParams) => i18n.plural(id, count, params),
    /** "2 errors, 1 warning, 0 notes" */
    counts: (counts: Record<'error' | 'warning' | 'info', number>) =>
      (['error', 'warning', 'info'] as const).map((k) => i18n.plural(`upload.count.${k}`, counts[k])).join(', '),
    number: (n: number) => numbers.format(n),
    field: (key: string) => {
      const id = `upload.field.${key}` as UploadMessageId;
      return id in en ? i18n.t(id) : key;
    },
    bytes: (n: number) => formatBytes(n, i18n.locale, sizes),
  };
}

export type Helpers = ReturnType<typeof makeHelpers>;

function formatBytes(n: number, locale: string, formats: Intl.NumberFormat[]): string {
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${formats[digits]!.format(value)} ${units[unit]}`;
}
