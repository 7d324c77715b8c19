/**
 * Sample exports for the demo's "try the upload" links and for the end-to-end tests: a Suppliers
 * report and a Bills report shaped like an ERP export (a title row, a run date, then the table).
 * Deterministic, so the committed files and a regenerated set are byte-identical.
 * `node --import tsx --conditions=source packages/demo/src/samples.ts` rewrites public/samples/.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NAMES = [
  'Acme Industrial Supplies Ltd',
  'Brightline Logistics',
  'Cobalt Office Furniture',
  'Delta Cleaning Services',
  'Evergreen Catering',
  'Fulcrum IT Consulting',
  'Granite Facilities Management',
  'Harbour Freight Forwarding',
  'Indigo Print & Design',
  'Juniper Software Licensing',
  'Keystone Security Ltd',
  'Lumen Electrical Wholesale',
  'Meridian Travel Partners',
  'Northgate Stationers',
  'Orchard Fresh Produce',
  'Pinnacle Recruitment',
  'Quayside Couriers',
  'Redwood Legal LLP',
  'Summit Telecom',
  'Thistle Waste Services',
  'Upland Hire Centre',
  'Vantage Marketing Agency',
  'Westbrook Insurance Brokers',
  'Yardley Packaging',
];
const CITIES = [
  ['London', 'EC2A 4NE'],
  ['Manchester', 'M1 2AB'],
  ['Bristol', 'BS1 4DJ'],
  ['Leeds', 'LS1 5AZ'],
  ['Glasgow', 'G2 1DY'],
] as const;
const METHODS = ['BACS', 'Card', 'Direct Debit', 'Cheque'] as const;
const STATUSES = ['Paid', 'Paid', 'Open', 'PartiallyPaid'] as const;

/** A small deterministic generator (mulberry32) so amounts look varied but never change. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cell = (value: string | number): string => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const line = (values: (string | number)[]): string => values.map(cell).join(',');
const iso = (date: Date): string => date.toISOString().slice(0, 10);

export interface SampleOptions {
  /** Suppliers in the Suppliers report (every bill names one of them). */
  suppliers?: number;
  bills?: number;
  seed?: number;
}

export function suppliersCsv({ suppliers = NAMES.length }: SampleOptions = {}): string {
  const rows = [
    'Supplier List - Contoso Trading Ltd',
    'Run date: 2025-03-31',
    '',
    line(['Supplier No', 'Supplier Name', 'Status', 'VAT Number', 'Email', 'Address', 'City', 'Postcode', 'Country', 'Currency', 'Payment Terms']),
  ];
  for (let i = 0; i < suppliers; i++) {
    const name = i < NAMES.length ? NAMES[i]! : `${NAMES[i % NAMES.length]!} (${Math.floor(i / NAMES.length) + 1})`;
    const [city, postcode] = CITIES[i % CITIES.length]!;
    rows.push(
      line([
        `V${String(1001 + i)}`,
        name,
        'Active',
        `GB${String(100000000 + i * 7919).slice(0, 9)}`,
        `accounts@${name
          .toLowerCase()
          .replace(/[^a-z]+/g, '')
          .slice(0, 18)}.example`,
        `${10 + i} Market Street`,
        city,
        postcode,
        'GB',
        'GBP',
        i % 3 === 0 ? 'Net 60' : 'Net 30',
      ]),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

export function billsCsv({ suppliers = NAMES.length, bills = 120, seed = 7 }: SampleOptions = {}): string {
  const next = random(seed);
  const rows = [
    'Purchase Invoice Register - Contoso Trading Ltd',
    'Period: 2024-04-01 to 2025-03-31',
    '',
    line([
      'Invoice No',
      'Supplier No',
      'Supplier Name',
      'Invoice Date',
      'Due Date',
      'Currency',
      'Gross Amount',
      'VAT',
      'Outstanding',
      'Status',
      'Payment Method',
      'Description',
    ]),
  ];
  const start = Date.UTC(2024, 3, 1);
  for (let i = 0; i < bills; i++) {
    const supplier = Math.floor(next() * suppliers);
    const name = supplier < NAMES.length ? NAMES[supplier]! : `${NAMES[supplier % NAMES.length]!} (${Math.floor(supplier / NAMES.length) + 1})`;
    const issued = new Date(start + Math.floor((i / Math.max(bills, 1)) * 360) * 86_400_000);
    const due = new Date(issued.getTime() + 30 * 86_400_000);
    const gross = Math.round((80 + next() * 9_000) * 100) / 100;
    const status = STATUSES[Math.floor(next() * STATUSES.length)]!;
    const outstanding = status === 'Paid' ? 0 : status === 'Open' ? gross : Math.round(gross * 0.4 * 100) / 100;
    rows.push(
      line([
        `PI-${String(24001 + i)}`,
        `V${String(1001 + supplier)}`,
        name,
        iso(issued),
        iso(due),
        'GBP',
        gross.toFixed(2),
        (Math.round((gross / 6) * 100) / 100).toFixed(2),
        outstanding.toFixed(2),
        status,
        METHODS[Math.floor(next() * METHODS.length)]!,
        `Services ${iso(issued).slice(0, 7)}`,
      ]),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

/** The manual path: the supplier spend template, filled in (headers as the template writes them). */
export function supplierSpendCsv({ suppliers = 12, seed = 11 }: SampleOptions = {}): string {
  const next = random(seed);
  const rows = [
    line([
      'Supplier name',
      'Supplier ID',
      'Tax number',
      'Country',
      'Email address',
      'Total spend',
      'Currency',
      'Number of payments',
      'Payment method',
      'Payment terms',
      'Period start',
      'Period end',
    ]),
  ];
  for (let i = 0; i < suppliers; i++) {
    const name = NAMES[i % NAMES.length]!;
    rows.push(
      line([
        name,
        `V${String(1001 + i)}`,
        `GB${String(100000000 + i * 7919).slice(0, 9)}`,
        'GB',
        `accounts@${name
          .toLowerCase()
          .replace(/[^a-z]+/g, '')
          .slice(0, 18)}.example`,
        (Math.round((500 + next() * 60_000) * 100) / 100).toFixed(2),
        'GBP',
        1 + Math.floor(next() * 24),
        METHODS[i % METHODS.length]!,
        'Net 30',
        '2024-04-01',
        '2025-03-31',
      ]),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL('../public/samples/', import.meta.url));
  writeFileSync(`${dir}contoso-suppliers.csv`, suppliersCsv());
  writeFileSync(`${dir}contoso-bills.csv`, billsCsv());
  writeFileSync(`${dir}contoso-supplier-spend.csv`, supplierSpendCsv());
  console.log(`Wrote the samples to ${dir}`);
}
