import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INTEGRATION_CATALOG } from '@codat-link/core';
import { mapColumns } from '@codat-link/upload';
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
  const generic = mapColumns('bills', headers);
  assert.equal(generic.mapping.billNumber!.header, null);
  assert.ok(generic.problems.some((p) => p.code === 'missing_required_column' && p.field === 'billNumber'));
});
