/**
 * The consent step's strings, in English and French, registered when the step's chunk loads (the
 * first screen does not need them). A partner overrides any of them through `text`, like every id.
 */
import { registerMessages, type MessageCatalogs } from '../../i18n/localizer.js';

const en = {
  'consent.heading': 'Share your data with {partner}',
  'consent.intro': 'With your consent, {partner} will access the following data from {software} for {company}:',
  'consent.intro.files':
    'With your consent, {partner} will receive the following data for {company}, from the reports you export from {software} and upload here:',
  'consent.intro.manual': 'With your consent, {partner} will receive the following data for {company}, from the supplier spend file you upload here:',
  'consent.dataTypes.label': 'Data shared',
  'consent.data.companyInfo': 'Company information',
  'consent.data.suppliers': 'Suppliers',
  'consent.data.bills': 'Bills',
  'consent.data.billPayments': 'Bill payments',
  'consent.data.billCreditNotes': 'Bill credit notes',
  'consent.data.directCosts': 'Direct costs',
  'consent.data.paymentMethods': 'Payment methods',
  'consent.data.taxRates': 'Tax rates',
  'consent.data.profitAndLoss': 'Profit and loss statement',
  'consent.data.balanceSheet': 'Balance sheet',
  'consent.data.supplierSpend': 'Supplier spend: each supplier’s name, identifiers and contact details, what you spent with it, how often and how you paid',
  'consent.purpose.label': 'Why we ask',
  'consent.purpose.spend': 'To analyse who you pay, how much and how, and to optimise your card programme.',
  'consent.purpose.financials': 'To assess your business with up-to-date financial statements.',
  'consent.terms':
    'Your login details are never shared with {partner}. Your data is encrypted in transit and at rest and used only for the purpose above. You can stop sharing at any time from your software.',
  'consent.terms.files':
    'Only the files you upload are shared: nothing is read from your software, and you see what we understood before anything is sent. Your data is encrypted in transit and at rest and used only for the purpose above.',
  'consent.accept': 'Allow access',
  'consent.accept.files': 'Agree and continue',
  'consent.decline': 'Back',
};

const fr: Record<ConsentMessageId, string> = {
  'consent.heading': 'Partager vos données avec {partner}',
  'consent.intro': 'Avec votre consentement, {partner} accédera aux données suivantes de {software} pour {company} :',
  'consent.intro.files':
    'Avec votre consentement, {partner} recevra les données suivantes pour {company}, issues des rapports que vous exportez de {software} et téléversez ici :',
  'consent.intro.manual':
    'Avec votre consentement, {partner} recevra les données suivantes pour {company}, issues du fichier de dépenses fournisseurs que vous téléversez ici :',
  'consent.dataTypes.label': 'Données partagées',
  'consent.data.companyInfo': 'Informations sur l’entreprise',
  'consent.data.suppliers': 'Fournisseurs',
  'consent.data.bills': 'Factures',
  'consent.data.billPayments': 'Paiements de factures',
  'consent.data.billCreditNotes': 'Avoirs fournisseurs',
  'consent.data.directCosts': 'Coûts directs',
  'consent.data.paymentMethods': 'Méthodes de paiement',
  'consent.data.taxRates': 'Taux d’imposition',
  'consent.data.profitAndLoss': 'Compte de résultat',
  'consent.data.balanceSheet': 'Bilan',
  'consent.data.supplierSpend':
    'Dépenses fournisseurs : le nom, les identifiants et les coordonnées de chaque fournisseur, ce que vous lui avez payé, à quelle fréquence et par quel moyen',
  'consent.purpose.label': 'Pourquoi nous le demandons',
  'consent.purpose.spend': 'Pour analyser qui vous payez, combien et comment, et optimiser votre programme de cartes.',
  'consent.purpose.financials': 'Pour évaluer votre entreprise à partir d’états financiers à jour.',
  'consent.terms':
    'Vos identifiants de connexion ne sont jamais partagés avec {partner}. Vos données sont chiffrées en transit et au repos et utilisées uniquement dans le but ci-dessus. Vous pouvez arrêter le partage à tout moment depuis votre logiciel.',
  'consent.terms.files':
    'Seuls les fichiers que vous téléversez sont partagés : rien n’est lu dans votre logiciel, et vous voyez ce que nous avons compris avant tout envoi. Vos données sont chiffrées en transit et au repos et utilisées uniquement dans le but ci-dessus.',
  'consent.accept': 'Autoriser l’accès',
  'consent.accept.files': 'Accepter et continuer',
  'consent.decline': 'Retour',
};

export type ConsentMessageId = keyof typeof en;

declare module '../../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<ConsentMessageId, true> {}
}

export const consentMessages: MessageCatalogs<ConsentMessageId> = { en, fr };
registerMessages(consentMessages);
