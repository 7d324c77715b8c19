/** The rows the ingest benchmarks send: per session, a Suppliers and a Bills report of realistic records. */
import type { HttpBackend } from '@codat-link/adapter-http';

export const SUPPLIERS = 1_000;
export const BILLS = 4_000;
export const BATCH = 1_000;

/** Session `n`'s suppliers; the load bench sends fewer, without an e-mail address. */
export const suppliers = (n: number, { count = SUPPLIERS, email = true } = {}) =>
  Array.from({ length: count }, (_, i) => ({
    supplierId: `S${n}-${i}`,
    supplierName: `Supplier ${i} Ltd`,
    country: 'FR',
    defaultCurrency: 'EUR',
    ...(email ? { emailAddress: `ap${i}@supplier.example` } : {}),
  }));

/** Session `n`'s bills, spread over its first `suppliers` suppliers. */
export const bills = (n: number, { count = BILLS, suppliers = SUPPLIERS } = {}) =>
  Array.from({ length: count }, (_, i) => ({
    billNumber: `INV-${n}-${i}`,
    supplierId: `S${n}-${i % suppliers}`,
    issueDate: '2026-03-14',
    dueDate: '2026-04-13',
    currency: 'EUR',
    totalAmount: 1000 + (i % 977),
    amountDue: 0,
    status: 'Paid',
  }));

/** One customer's upload as the ingest benchmarks send it: an entity, a file connection, Suppliers, Bills, finish. */
export async function sendSession(
  backend: HttpBackend,
  n: number,
  session: { suppliers: Record<string, unknown>[]; bills: Record<string, unknown>[] },
  batchSize: number,
) {
  const signal = new AbortController().signal;
  const entity = await backend.createEntity({ name: `Entity ${n}` }, { signal });
  const connection = await backend.startConnection({ entityId: entity.id, integrationKey: 'sandbox-file-upload' }, { signal });
  await backend.uploadReport({ connectionId: connection.id, kind: 'suppliers', records: session.suppliers, uploadId: `s${n}`, batchSize }, { signal });
  await backend.uploadReport({ connectionId: connection.id, kind: 'bills', records: session.bills, uploadId: `b${n}`, batchSize }, { signal });
  return backend.finishRequest({ signal });
}
