/** The rows the ingest benchmarks send: per session, a Suppliers and a Bills report of realistic records. */
export const SUPPLIERS = 1_000;
export const BILLS = 4_000;
export const BATCH = 1_000;

export const suppliers = (n: number) =>
  Array.from({ length: SUPPLIERS }, (_, i) => ({
    supplierId: `S${n}-${i}`,
    supplierName: `Supplier ${i} Ltd`,
    country: 'FR',
    defaultCurrency: 'EUR',
    emailAddress: `ap${i}@supplier.example`,
  }));

export const bills = (n: number) =>
  Array.from({ length: BILLS }, (_, i) => ({
    billNumber: `INV-${n}-${i}`,
    supplierId: `S${n}-${i % SUPPLIERS}`,
    issueDate: '2026-03-14',
    dueDate: '2026-04-13',
    currency: 'EUR',
    totalAmount: 1000 + (i % 977),
    amountDue: 0,
    status: 'Paid',
  }));
