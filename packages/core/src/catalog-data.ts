import type { Integration, LocalizedText } from './catalog.js';
import { SANDBOX_DIRECT_KEY, SANDBOX_FILE_UPLOAD_KEY } from './catalog-keys.js';

// Kept apart from the keys: the drop-in bundle gets the catalog from the backend and must not carry it.

/** Both reports' export instructions, English then French. */
function exportSteps(suppliers: [en: string, fr: string], bills: [en: string, fr: string]): Integration['instructions'] {
  return {
    suppliers: { en: suppliers[0], fr: suppliers[1] },
    bills: { en: bills[0], fr: bills[1] },
  };
}

function direct(key: string, name: string): Integration {
  return { key, name, kind: 'direct', sandbox: false, dataTypes: ['financials', 'spendAnalysis'] };
}

function fileUpload(key: string, name: string, instructions: Integration['instructions']): Integration {
  // Intelligent file upload serves spend analysis only: the Suppliers and Bills reports carry no P&L.
  return { key, name, kind: 'fileUpload', sandbox: false, dataTypes: ['spendAnalysis'], instructions };
}

/** The closing sentence every export instruction shares, so each entry only says where to look. */
const SAVE: LocalizedText = {
  en: 'Export it as CSV or Excel and upload the file here.',
  fr: 'Exportez-le au format CSV ou Excel, puis téléversez le fichier ici.',
};

function both(en: string, fr: string): [string, string] {
  return [`${en} ${SAVE.en}`, `${fr} ${SAVE.fr}`];
}

/** DESIGN §6: 14 direct integrations, 21 file-upload platforms, plus the sandbox ones. */
export const INTEGRATION_CATALOG: readonly Integration[] = [
  direct('dynamics-365-business-central', 'Dynamics 365 Business Central'),
  direct('exact-online', 'Exact Online'),
  direct('freeagent', 'FreeAgent'),
  direct('freshbooks', 'FreshBooks'),
  direct('myob-business', 'MYOB Business'),
  direct('oracle-netsuite', 'Oracle NetSuite'),
  direct('quickbooks-desktop', 'QuickBooks Desktop'),
  direct('quickbooks-online', 'QuickBooks Online'),
  direct('sage-200-standard', 'Sage 200 Standard'),
  direct('sage-50', 'Sage 50'),
  direct('sage-business-cloud-accounting', 'Sage Business Cloud Accounting'),
  direct('sage-intacct', 'Sage Intacct'),
  direct('workday', 'Workday'),
  direct('xero', 'Xero'),
  { ...direct(SANDBOX_DIRECT_KEY, 'Sandbox Accounting'), sandbox: true },

  fileUpload(
    'sap-business-bydesign',
    'SAP Business ByDesign',
    exportSteps(
      both(
        'In the Supplier Base work centre, open Suppliers and show all suppliers.',
        'Dans le centre de travail Base fournisseurs, ouvrez Fournisseurs et affichez tous les fournisseurs.',
      ),
      both(
        'In the Supplier Invoicing work centre, open Invoices and Credit Memos and show all invoices for the period.',
        'Dans le centre de travail Facturation fournisseur, ouvrez Factures et avoirs et affichez toutes les factures de la période.',
      ),
    ),
  ),
  fileUpload(
    'sap-business-one',
    'SAP Business One',
    exportSteps(
      both(
        'Open Business Partners › Business Partner Master Data and list the partners of type Vendor.',
        'Ouvrez Partenaires › Données de base partenaire et listez les partenaires de type Fournisseur.',
      ),
      both(
        'Open Purchasing – A/P › A/P Invoice and list the invoices for the period.',
        'Ouvrez Achats – Fournisseurs › Facture fournisseur et listez les factures de la période.',
      ),
    ),
  ),
  fileUpload(
    'oracle-cloud-erp',
    'Oracle Cloud ERP',
    exportSteps(
      both(
        'Go to Procurement › Suppliers and search with no filter to list every supplier.',
        'Allez dans Approvisionnement › Fournisseurs et lancez une recherche sans filtre pour lister tous les fournisseurs.',
      ),
      both(
        'Go to Payables › Invoices, choose Manage Invoices and search the period.',
        'Allez dans Comptabilité fournisseurs › Factures, choisissez Gérer les factures et recherchez la période.',
      ),
    ),
  ),
  fileUpload(
    'dynamics-365-business-central-file',
    'Dynamics 365 Business Central',
    exportSteps(
      both('Search for Vendors and open the list.', 'Recherchez Fournisseurs et ouvrez la liste.'),
      both('Search for Posted Purchase Invoices and filter on the period.', 'Recherchez Factures achat enregistrées et filtrez sur la période.'),
    ),
  ),
  fileUpload(
    'dynamics-365-finance',
    'Dynamics 365 Finance',
    exportSteps(
      both('Go to Accounts payable › Vendors › All vendors.', 'Allez dans Comptabilité fournisseur › Fournisseurs › Tous les fournisseurs.'),
      both(
        'Go to Accounts payable › Invoices › Invoice journal and filter on the period.',
        'Allez dans Comptabilité fournisseur › Factures › Journal des factures et filtrez sur la période.',
      ),
    ),
  ),
  fileUpload(
    'dynamics-365-finance-and-operations',
    'Dynamics 365 Finance and Operations',
    exportSteps(
      both('Go to Accounts payable › Vendors › All vendors.', 'Allez dans Comptabilité fournisseur › Fournisseurs › Tous les fournisseurs.'),
      both(
        'Go to Accounts payable › Inquiries and reports › Invoice journal and filter on the period.',
        'Allez dans Comptabilité fournisseur › Demandes et états › Journal des factures et filtrez sur la période.',
      ),
    ),
  ),
  fileUpload(
    'dynamics-great-plains',
    'Dynamics Great Plains',
    exportSteps(
      both(
        'Open Purchasing › Cards › Vendor, or run the Vendor List report from Reports › Purchasing.',
        'Ouvrez Achats › Fiches › Fournisseur, ou lancez le rapport Liste des fournisseurs depuis Rapports › Achats.',
      ),
      both(
        'Run the Historical Aged Trial Balance or the transaction inquiry from Inquiry › Purchasing for the period.',
        'Lancez la balance âgée historique ou la consultation des transactions depuis Consultation › Achats pour la période.',
      ),
    ),
  ),
  fileUpload(
    'dynamics-sl',
    'Dynamics SL',
    exportSteps(
      both(
        'Open Accounts Payable › Vendor Maintenance, or run the Vendor List report.',
        'Ouvrez Comptabilité fournisseurs › Gestion des fournisseurs, ou lancez le rapport Liste des fournisseurs.',
      ),
      both('Run the Accounts Payable Document History report for the period.', 'Lancez le rapport Historique des documents fournisseurs pour la période.'),
    ),
  ),
  fileUpload(
    'oracle-ebs',
    'Oracle E-Business Suite (EBS)',
    exportSteps(
      both(
        'In the Payables responsibility, open Suppliers › Inquiry and list every supplier.',
        'Avec la responsabilité Comptabilité fournisseurs, ouvrez Fournisseurs › Consultation et listez tous les fournisseurs.',
      ),
      both(
        'In the Payables responsibility, open Invoices › Inquiry and query the period.',
        'Avec la responsabilité Comptabilité fournisseurs, ouvrez Factures › Consultation et interrogez la période.',
      ),
    ),
  ),
  fileUpload(
    'oracle-ebs-r12',
    'EBS R12',
    exportSteps(
      both(
        'In Payables, open Suppliers › Entry, search with no filter and export the results.',
        'Dans Comptabilité fournisseurs, ouvrez Fournisseurs › Saisie, recherchez sans filtre et exportez les résultats.',
      ),
      both(
        'In Payables, open Invoices › Entry › Invoices, query the period and export.',
        'Dans Comptabilité fournisseurs, ouvrez Factures › Saisie › Factures, interrogez la période et exportez.',
      ),
    ),
  ),
  fileUpload(
    'sap-ecc',
    'SAP ECC',
    exportSteps(
      both(
        'Run transaction S_ALR_87012086 (vendor list) or display table LFA1 for all vendors.',
        'Lancez la transaction S_ALR_87012086 (liste des fournisseurs) ou affichez la table LFA1 pour tous les fournisseurs.',
      ),
      both(
        'Run transaction FBL1N (vendor line items) for all vendors and the period.',
        'Lancez la transaction FBL1N (postes individuels fournisseurs) pour tous les fournisseurs et la période.',
      ),
    ),
  ),
  fileUpload(
    'epicor',
    'Epicor',
    exportSteps(
      both(
        'Open Financial Management › Accounts Payable › Setup › Supplier, or run the Supplier List report.',
        'Ouvrez Gestion financière › Comptabilité fournisseurs › Paramétrage › Fournisseur, ou lancez le rapport Liste des fournisseurs.',
      ),
      both(
        'Run Financial Management › Accounts Payable › Reports › Invoice Balance for the period.',
        'Lancez Gestion financière › Comptabilité fournisseurs › Rapports › Solde des factures pour la période.',
      ),
    ),
  ),
  fileUpload(
    'oracle-fusion',
    'Oracle Fusion',
    exportSteps(
      both(
        'Open Procurement › Suppliers › Manage Suppliers and search with no filter.',
        'Ouvrez Approvisionnement › Fournisseurs › Gérer les fournisseurs et recherchez sans filtre.',
      ),
      both(
        'Open Payables › Invoices › Manage Invoices and search the period.',
        'Ouvrez Comptabilité fournisseurs › Factures › Gérer les factures et recherchez la période.',
      ),
    ),
  ),
  fileUpload(
    'jd-edwards-enterpriseone',
    'JD Edwards EnterpriseOne',
    exportSteps(
      both(
        'Open Supplier Master Information (P04012) and find every supplier.',
        'Ouvrez Informations de base fournisseurs (P04012) et recherchez tous les fournisseurs.',
      ),
      both(
        'Open Supplier Ledger Inquiry (P0411) and find the vouchers of the period.',
        'Ouvrez Consultation du grand livre fournisseurs (P0411) et recherchez les pièces de la période.',
      ),
    ),
  ),
  fileUpload(
    'jd-edwards-world',
    'JD Edwards World',
    exportSteps(
      both(
        'From the Accounts Payable menu, run the Supplier Master report.',
        'Depuis le menu Comptabilité fournisseurs, lancez le rapport Fichier maître des fournisseurs.',
      ),
      both(
        'From the Accounts Payable menu, run the Supplier Ledger report for the period.',
        'Depuis le menu Comptabilité fournisseurs, lancez le rapport Grand livre fournisseurs pour la période.',
      ),
    ),
  ),
  fileUpload(
    'sap-netweaver',
    'SAP NetWeaver',
    exportSteps(
      both(
        'Display the vendor master list (transaction XK03 or the vendor list report) for all vendors.',
        'Affichez la liste des fournisseurs (transaction XK03 ou rapport de liste des fournisseurs) pour tous les fournisseurs.',
      ),
      both(
        'Display vendor line items (transaction FBL1N) for the period.',
        'Affichez les postes individuels fournisseurs (transaction FBL1N) pour la période.',
      ),
    ),
  ),
  fileUpload(
    'peoplesoft',
    'PeopleSoft',
    exportSteps(
      both(
        'Go to Suppliers › Supplier Information › Review Suppliers and search with no filter.',
        'Allez dans Fournisseurs › Informations fournisseurs › Consulter les fournisseurs et recherchez sans filtre.',
      ),
      both(
        'Go to Accounts Payable › Review Accounts Payable Info › Vouchers and search the period.',
        'Allez dans Comptabilité fournisseurs › Consulter les informations › Pièces et recherchez la période.',
      ),
    ),
  ),
  fileUpload(
    's4hana-cloud',
    'S/4HANA Cloud',
    exportSteps(
      both(
        'Open the Manage Supplier Master Data app and list every supplier.',
        "Ouvrez l'application Gérer les données de base fournisseurs et listez tous les fournisseurs.",
      ),
      both(
        'Open the Manage Supplier Line Items app and filter on the period.',
        "Ouvrez l'application Gérer les postes individuels fournisseurs et filtrez sur la période.",
      ),
    ),
  ),
  fileUpload(
    's4hana-on-premises',
    'S/4HANA On-Premises',
    exportSteps(
      both(
        'Open the Manage Supplier Master Data app (or transaction BP) and list every supplier.',
        "Ouvrez l'application Gérer les données de base fournisseurs (ou la transaction BP) et listez tous les fournisseurs.",
      ),
      both(
        'Open the Manage Supplier Line Items app (or transaction FBL1H) for the period.',
        "Ouvrez l'application Gérer les postes individuels fournisseurs (ou la transaction FBL1H) pour la période.",
      ),
    ),
  ),
  fileUpload(
    'tyler-tech',
    'Tyler Tech',
    exportSteps(
      both(
        'Open Financials › Accounts Payable › Vendor Maintenance and list every vendor.',
        'Ouvrez Finances › Comptabilité fournisseurs › Gestion des fournisseurs et listez tous les fournisseurs.',
      ),
      both(
        'Open Financials › Accounts Payable › Invoice Inquiry and search the period.',
        'Ouvrez Finances › Comptabilité fournisseurs › Consultation des factures et recherchez la période.',
      ),
    ),
  ),
  fileUpload(
    'workday-file',
    'Workday',
    exportSteps(
      both('Run the Find Suppliers report with no filter.', 'Lancez le rapport Trouver des fournisseurs sans filtre.'),
      both('Run the Find Supplier Invoices report for the period.', 'Lancez le rapport Trouver des factures fournisseurs pour la période.'),
    ),
  ),
  {
    ...fileUpload(
      SANDBOX_FILE_UPLOAD_KEY,
      'Sandbox Files',
      exportSteps(
        both('Use the sample Suppliers file from the sandbox.', 'Utilisez le fichier Fournisseurs d’exemple du bac à sable.'),
        both('Use the sample Bills file from the sandbox.', 'Utilisez le fichier Factures d’exemple du bac à sable.'),
      ),
    ),
    sandbox: true,
  },
];
