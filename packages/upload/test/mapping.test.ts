import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INTEGRATION_CATALOG } from '@codat-link/core';
import { LOW_CONFIDENCE, mapColumns } from '@codat-link/upload';
import { platformFamily } from '../src/synonyms.js';

test('every file-upload platform of the catalog gets its platform synonyms', () => {
  const missing = INTEGRATION_CATALOG.filter((i) => i.kind === 'fileUpload' && !i.sandbox && platformFamily(i.key) === null).map((i) => i.key);
  assert.deepEqual(missing, []);
});

test('a platform synonym only applies to its platform', () => {
  const headers = ['Reference', 'Vendor', 'Document Date', 'Amount in Doc. Curr.'];
  const sap = mapColumns('bills', headers, 'sap-ecc');
  assert.equal(sap.mapping.billNumber!.header, 'Reference');
  assert.equal(sap.mapping.billNumber!.source, 'platform');
  assert.equal(sap.mapping.totalAmount!.header, 'Amount in Doc. Curr.');
  // Elsewhere "Reference" is only a partial name for the bill number: used, but flagged for review.
  const generic = mapColumns('bills', headers);
  assert.equal(generic.mapping.billNumber!.header, 'Reference');
  assert.equal(generic.mapping.billNumber!.source, 'fuzzy');
  assert.ok(generic.mapping.billNumber!.confidence < LOW_CONFIDENCE);
  assert.ok(generic.problems.some((p) => p.code === 'mapping_low_confidence' && p.field === 'billNumber'));
});

test('a column whose values contradict the field is not chosen, however good its name', async () => {
  // "Amount" is the better name for the total, but its cells are notes; "Gross" holds the amounts.
  // "Date" holds statuses, "Invoice Date" dates.
  const text =
    'Invoice Number,Supplier,Date,Invoice Date,Amount,Gross\n' +
    'INV-1,Acme,Pending,2024-01-05,see note,100.00\n' +
    'INV-2,Beta,Approved,2024-01-06,credit agreed,250.50\n' +
    'INV-3,Gamma,Pending,2024-01-07,n/a,75.25\n';
  const { intake } = await import('@codat-link/upload');
  const result = await intake(new Blob([text]), { kind: 'bills' });
  assert.equal(result.mapping.issueDate!.header, 'Invoice Date');
  assert.equal(result.mapping.totalAmount!.header, 'Gross');
  assert.deepEqual(
    result.records.map((r) => r.totalAmount),
    [100, 250.5, 75.25],
  );
  // With no sample (the header alone), the names decide as before.
  assert.equal(mapColumns('bills', text.split('\n')[0]!.split(',')).mapping.totalAmount!.header, 'Amount');
});
