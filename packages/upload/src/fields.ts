/**
 * The canonical fields of each report (DESIGN §5), with the value type that drives parsing and the
 * localized labels used in messages and templates.
 */
import type { Locale, ReportKind } from './types.js';

export type FieldType = 'text' | 'date' | 'amount' | 'currency' | 'integer' | 'email' | 'country' | 'billStatus' | 'supplierStatus';

export interface FieldDef {
  key: string;
  required: boolean;
  type: FieldType;
  label: { en: string; fr: string };
}

const f = (key: string, type: FieldType, en: string, fr: string, required = false): FieldDef => ({
  key,
  required,
  type,
  label: { en, fr },
});

export const FIELDS: Record<ReportKind, readonly FieldDef[]> = {
  suppliers: [
    f('supplierId', 'text', 'Supplier ID', 'Identifiant fournisseur'),
    f('supplierName', 'text', 'Supplier name', 'Nom du fournisseur', true),
    f('status', 'supplierStatus', 'Status', 'Statut'),
    f('taxNumber', 'text', 'Tax number', 'Numéro de TVA'),
    f('registrationNumber', 'text', 'Registration number', "Numéro d'immatriculation"),
    f('emailAddress', 'email', 'Email address', 'Adresse e-mail'),
    f('phone', 'text', 'Phone', 'Téléphone'),
    f('addressLine1', 'text', 'Address', 'Adresse'),
    f('city', 'text', 'City', 'Ville'),
    f('region', 'text', 'Region', 'Région'),
    f('postalCode', 'text', 'Postal code', 'Code postal'),
    f('country', 'country', 'Country', 'Pays'),
    f('defaultCurrency', 'currency', 'Default currency', 'Devise par défaut'),
    f('paymentTerms', 'text', 'Payment terms', 'Conditions de paiement'),
    f('defaultPaymentMethod', 'text', 'Default payment method', 'Mode de paiement par défaut'),
  ],
  bills: [
    f('billNumber', 'text', 'Bill number', 'Numéro de facture', true),
    f('supplierId', 'text', 'Supplier ID', 'Identifiant fournisseur'),
    f('supplierName', 'text', 'Supplier name', 'Nom du fournisseur'),
    f('issueDate', 'date', 'Issue date', "Date d'émission", true),
    f('dueDate', 'date', 'Due date', "Date d'échéance"),
    f('currency', 'currency', 'Currency', 'Devise'),
    f('totalAmount', 'amount', 'Total amount', 'Montant total', true),
    f('amountDue', 'amount', 'Amount due', 'Montant restant dû'),
    f('taxAmount', 'amount', 'Tax amount', 'Montant de TVA'),
    f('status', 'billStatus', 'Status', 'Statut'),
    f('paymentMethod', 'text', 'Payment method', 'Mode de paiement'),
    f('paidDate', 'date', 'Paid date', 'Date de paiement'),
    f('description', 'text', 'Description', 'Description'),
  ],
  supplierSpend: [
    f('supplierName', 'text', 'Supplier name', 'Nom du fournisseur', true),
    f('supplierId', 'text', 'Supplier ID', 'Identifiant fournisseur'),
    f('taxNumber', 'text', 'Tax number', 'Numéro de TVA'),
    f('country', 'country', 'Country', 'Pays'),
    f('emailAddress', 'email', 'Email address', 'Adresse e-mail'),
    f('totalSpend', 'amount', 'Total spend', 'Dépense totale', true),
    f('currency', 'currency', 'Currency', 'Devise'),
    f('numberOfPayments', 'integer', 'Number of payments', 'Nombre de paiements'),
    f('paymentMethod', 'text', 'Payment method', 'Mode de paiement'),
    f('paymentTerms', 'text', 'Payment terms', 'Conditions de paiement'),
    f('periodStart', 'date', 'Period start', 'Début de période'),
    f('periodEnd', 'date', 'Period end', 'Fin de période'),
  ],
};

/** Groups of fields of which at least one must be present (DESIGN §5: a bill names its supplier). */
export const REQUIRED_ONE_OF: Record<ReportKind, readonly (readonly string[])[]> = {
  suppliers: [],
  bills: [['supplierId', 'supplierName']],
  supplierSpend: [],
};

export const REPORT_NAMES: Record<ReportKind, Record<Locale, string>> = {
  suppliers: { en: 'Suppliers', fr: 'Fournisseurs' },
  bills: { en: 'Bills', fr: 'Factures fournisseurs' },
  supplierSpend: { en: 'Supplier spend', fr: 'Dépenses fournisseurs' },
};

export const BILL_STATUSES = ['Draft', 'Open', 'PartiallyPaid', 'Paid', 'Void'] as const;
export const SUPPLIER_STATUSES = ['Active', 'Archived', 'Unknown'] as const;

export function fieldDef(kind: ReportKind, key: string): FieldDef | undefined {
  return FIELDS[kind].find((d) => d.key === key);
}

export function fieldLabel(kind: ReportKind, key: string, locale: Locale): string {
  return fieldDef(kind, key)?.label[locale] ?? key;
}
