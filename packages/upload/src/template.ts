/**
 * Downloadable templates: localized headers the mapper recognises, and one example row, so a
 * filled-in template maps without any customer input.
 */
import { FIELDS } from './fields.js';
import { toCsv } from './csv.js';
import type { Locale, ReportKind } from './types.js';

export interface TemplateOptions {
  locale?: Locale;
  format?: 'csv' | 'xlsx';
}

export interface TemplateFile {
  filename: string;
  mimeType: string;
  blob: Blob;
}

const EXAMPLES: Record<ReportKind, Record<Locale, Record<string, string | number>>> = {
  suppliers: {
    en: {
      supplierId: 'SUP-001',
      supplierName: 'Acme Office Supplies Ltd',
      status: 'Active',
      taxNumber: 'GB123456789',
      registrationNumber: '01234567',
      emailAddress: 'accounts@acme.example',
      phone: '+44 20 7946 0000',
      addressLine1: '1 High Street',
      city: 'London',
      region: 'Greater London',
      postalCode: 'EC1A 1BB',
      country: 'GB',
      defaultCurrency: 'GBP',
      paymentTerms: 'Net 30',
      defaultPaymentMethod: 'Bank transfer',
    },
    fr: {
      supplierId: 'FOUR-001',
      supplierName: 'Fournitures Martin SARL',
      status: 'Actif',
      taxNumber: 'FR40303265045',
      registrationNumber: '30326504500012',
      emailAddress: 'compta@martin.example',
      phone: '+33 1 23 45 67 89',
      addressLine1: '12 rue de la République',
      city: 'Lyon',
      region: 'Auvergne-Rhône-Alpes',
      postalCode: '69002',
      country: 'FR',
      defaultCurrency: 'EUR',
      paymentTerms: '30 jours fin de mois',
      defaultPaymentMethod: 'Virement',
    },
  },
  bills: {
    en: {
      billNumber: 'INV-1001',
      supplierId: 'SUP-001',
      supplierName: 'Acme Office Supplies Ltd',
      issueDate: '2024-01-15',
      dueDate: '2024-02-14',
      currency: 'GBP',
      totalAmount: 1200,
      amountDue: 1200,
      taxAmount: 200,
      status: 'Open',
      paymentMethod: 'Bank transfer',
      paidDate: '',
      description: 'Office chairs',
    },
    fr: {
      billNumber: 'FAC-1001',
      supplierId: 'FOUR-001',
      supplierName: 'Fournitures Martin SARL',
      issueDate: '2024-01-15',
      dueDate: '2024-02-14',
      currency: 'EUR',
      totalAmount: 1200,
      amountDue: 0,
      taxAmount: 200,
      status: 'Payée',
      paymentMethod: 'Virement',
      paidDate: '2024-02-10',
      description: 'Chaises de bureau',
    },
  },
  supplierSpend: {
    en: {
      supplierName: 'Acme Office Supplies Ltd',
      supplierId: 'SUP-001',
      taxNumber: 'GB123456789',
      country: 'GB',
      emailAddress: 'accounts@acme.example',
      totalSpend: 18240.5,
      currency: 'GBP',
      numberOfPayments: 12,
      paymentMethod: 'Card',
      paymentTerms: 'Net 30',
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
    },
    fr: {
      supplierName: 'Fournitures Martin SARL',
      supplierId: 'FOUR-001',
      taxNumber: 'FR40303265045',
      country: 'FR',
      emailAddress: 'compta@martin.example',
      totalSpend: 18240.5,
      currency: 'EUR',
      numberOfPayments: 12,
      paymentMethod: 'Carte',
      paymentTerms: '30 jours fin de mois',
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
    },
  },
};

const FILE_NAMES: Record<ReportKind, Record<Locale, string>> = {
  suppliers: { en: 'suppliers-template', fr: 'modele-fournisseurs' },
  bills: { en: 'bills-template', fr: 'modele-factures-fournisseurs' },
  supplierSpend: { en: 'supplier-spend-template', fr: 'modele-depenses-fournisseurs' },
};

/** Header and example row, in the template's locale (French amounts keep a decimal comma in CSV). */
export function templateRows(kind: ReportKind, locale: Locale, format: 'csv' | 'xlsx'): (string | number)[][] {
  const example = EXAMPLES[kind][locale];
  const headers = FIELDS[kind].map((f) => f.label[locale]);
  const row = FIELDS[kind].map((f) => {
    const value = example[f.key] ?? '';
    return typeof value === 'number' && format === 'csv' && locale === 'fr' ? String(value).replace('.', ',') : value;
  });
  return [headers, row];
}

export async function template(kind: ReportKind, options: TemplateOptions = {}): Promise<TemplateFile> {
  const locale = options.locale ?? 'en';
  const format = options.format ?? 'csv';
  const rows = templateRows(kind, locale, format);
  const base = FILE_NAMES[kind][locale];
  if (format === 'csv') {
    return { filename: `${base}.csv`, mimeType: 'text/csv', blob: new Blob([toCsv(rows, { locale })], { type: 'text/csv;charset=utf-8' }) };
  }
  const XLSX = await import('@e965/xlsx');
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  sheet['!cols'] = rows[0]!.map((h) => ({ wch: Math.max(14, String(h).length + 2) }));
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, locale === 'fr' ? 'Modèle' : 'Template');
  const bytes = XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  const mimeType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return { filename: `${base}.xlsx`, mimeType, blob: new Blob([bytes], { type: mimeType }) };
}
