/**
 * Header synonyms per canonical field, in English and French as ERPs write them, and per platform
 * family for headers that mean something else elsewhere ("Reference" is the invoice number in SAP,
 * "Address Number" the supplier id in JD Edwards). Matching folds case, accents and punctuation.
 */
import type { ReportKind } from './types.js';
import { platformProfile, type Synonyms } from './platforms.js';


const SUPPLIER_ID = ['supplier id', 'supplier number', 'supplier no', 'supplier code', 'supplier ref', 'vendor id', 'vendor number', 'vendor no', 'vendor code', 'vendor account', 'creditor', 'creditor number', 'account number', 'account reference', 'account code', 'id fournisseur', 'identifiant fournisseur', 'code fournisseur', 'numero fournisseur', 'n fournisseur', 'no fournisseur', 'compte fournisseur', 'reference fournisseur'];
const SUPPLIER_NAME = ['supplier name', 'supplier', 'vendor', 'vendor name', 'payee', 'payee name', 'creditor name', 'company name', 'business name', 'nom fournisseur', 'nom du fournisseur', 'fournisseur', 'raison sociale', 'tiers', 'nom du tiers', 'beneficiaire'];
const TAX_NUMBER = ['tax number', 'tax id', 'tax registration number', 'vat number', 'vat no', 'vat registration number', 'vat reg no', 'vat id', 'tin', 'ein', 'numero de tva', 'n tva', 'tva intracommunautaire', 'numero tva intracommunautaire', 'identifiant tva'];
const EMAIL = ['email', 'email address', 'e mail', 'mail', 'adresse email', 'adresse e mail', 'courriel', 'contact email'];
const COUNTRY = ['country', 'country code', 'country region', 'pays', 'code pays'];
const CURRENCY = ['currency', 'currency code', 'currency id', 'curr', 'ccy', 'document currency', 'invoice currency', 'transaction currency', 'devise', 'code devise', 'monnaie'];
const PAYMENT_METHOD = ['payment method', 'payment type', 'pay method', 'method of payment', 'mode de paiement', 'moyen de paiement', 'mode de reglement', 'mode reglement'];
const PAYMENT_TERMS = ['payment terms', 'terms', 'terms code', 'payment term', 'conditions de paiement', 'conditions de reglement', 'delai de paiement', 'echeance type'];

const GENERAL: Record<ReportKind, Synonyms> = {
  suppliers: {
    supplierId: [...SUPPLIER_ID, 'id', 'number', 'code', 'no'],
    supplierName: [...SUPPLIER_NAME, 'name', 'nom', 'legal name', 'denomination'],
    status: ['status', 'supplier status', 'vendor status', 'active', 'statut', 'etat'],
    taxNumber: TAX_NUMBER,
    registrationNumber: ['registration number', 'company number', 'company registration number', 'registration no', 'crn', 'siret', 'siren', 'numero siret', 'numero siren', 'immatriculation', 'numero d immatriculation', 'rcs'],
    emailAddress: EMAIL,
    phone: ['phone', 'phone number', 'telephone', 'telephone number', 'tel', 'contact phone', 'numero de telephone'],
    addressLine1: ['address', 'address line 1', 'address 1', 'street', 'street address', 'address1', 'adresse', 'adresse ligne 1', 'adresse 1', 'rue'],
    city: ['city', 'town', 'town city', 'ville', 'localite', 'commune'],
    region: ['region', 'state', 'county', 'province', 'state province', 'departement'],
    postalCode: ['postal code', 'postcode', 'post code', 'zip', 'zip code', 'code postal', 'cp'],
    country: COUNTRY,
    defaultCurrency: [...CURRENCY, 'default currency', 'devise par defaut'],
    paymentTerms: PAYMENT_TERMS,
    defaultPaymentMethod: [...PAYMENT_METHOD, 'default payment method', 'default payment type', 'mode de paiement par defaut'],
  },
  bills: {
    // Not "bill id" / "invoice id": an ID column is the system's key (Zoho Books exports "Bill ID" beside
    // "Bill Number"), so it is only a partial match, behind any column that names the number.
    billNumber: ['bill number', 'bill no', 'invoice number', 'invoice no', 'invoice num', 'invoice', 'invoice ref', 'invoice reference', 'supplier invoice number', 'vendor invoice number', 'document number', 'doc number', 'numero de facture', 'n facture', 'no facture', 'num facture', 'numero facture', 'facture', 'reference facture', 'ref facture', 'piece', 'numero de piece'],
    // On a bill, "Account Code" / "Account No." is the expense account of a line (Xero's AccountCode,
    // MYOB's Account No., Sage 50 US's G/L Account), not the supplier's account with the customer.
    supplierId: SUPPLIER_ID.filter((s) => s !== 'account number' && s !== 'account code'),
    supplierName: SUPPLIER_NAME,
    issueDate: ['issue date', 'invoice date', 'bill date', 'date', 'document date', 'doc date', 'transaction date', 'date de facture', 'date facture', 'date d emission', 'date emission', 'date de piece', 'date piece'],
    dueDate: ['due date', 'payment due date', 'net due date', 'due', 'date d echeance', 'echeance', 'date echeance', 'date limite de paiement'],
    currency: CURRENCY,
    totalAmount: ['total amount', 'total', 'amount', 'invoice amount', 'document amount', 'invoice total', 'gross amount', 'gross', 'total incl tax', 'total including tax', 'amount incl vat', 'total ttc', 'montant ttc', 'montant total', 'montant', 'montant facture', 'total facture'],
    amountDue: ['amount due', 'balance', 'balance due', 'outstanding', 'outstanding amount', 'open amount', 'amount remaining', 'remaining amount', 'amount outstanding', 'montant du', 'reste a payer', 'restant du', 'solde', 'montant restant du', 'montant restant'],
    taxAmount: ['tax amount', 'tax', 'vat', 'vat amount', 'sales tax', 'tax total', 'montant tva', 'tva', 'montant de tva', 'taxes'],
    status: ['status', 'bill status', 'invoice status', 'payment status', 'statut', 'etat', 'statut de paiement'],
    paymentMethod: PAYMENT_METHOD,
    paidDate: ['paid date', 'payment date', 'date paid', 'paid on', 'date de paiement', 'date paiement', 'date de reglement', 'date reglement'],
    description: ['description', 'memo', 'text', 'line text', 'narrative', 'details', 'line description', 'libelle', 'designation', 'commentaire', 'objet'],
  },
  supplierSpend: {
    supplierName: [...SUPPLIER_NAME, 'name', 'nom'],
    supplierId: [...SUPPLIER_ID, 'id'],
    taxNumber: TAX_NUMBER,
    country: COUNTRY,
    emailAddress: EMAIL,
    totalSpend: ['total spend', 'spend', 'annual spend', 'total amount', 'amount', 'amount spent', 'total paid', 'depense totale', 'depenses', 'depense', 'montant total', 'montant', 'total depense'],
    currency: CURRENCY,
    numberOfPayments: ['number of payments', 'payments', 'payment count', 'no of payments', 'transactions', 'number of transactions', 'nombre de paiements', 'nb paiements', 'nombre de transactions'],
    paymentMethod: PAYMENT_METHOD,
    paymentTerms: PAYMENT_TERMS,
    periodStart: ['period start', 'start date', 'from', 'from date', 'debut de periode', 'date de debut', 'debut', 'du'],
    periodEnd: ['period end', 'end date', 'to', 'to date', 'fin de periode', 'date de fin', 'fin', 'au'],
  },
};

/** The export profile (platforms.ts) a catalog or profile key names: its key, or null. */
export function platformFamily(software: string | undefined): string | null {
  return platformProfile(software)?.key ?? null;
}

export function generalSynonyms(kind: ReportKind): Synonyms {
  return GENERAL[kind];
}

export function platformSynonyms(kind: ReportKind, software: string | undefined): Synonyms {
  return platformProfile(software)?.headers[kind] ?? {};
}
