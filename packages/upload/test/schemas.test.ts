import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELDS, ISSUE_CODES, ISSUE_MESSAGES, recordSchemas, validateRecords } from '@codat-link/upload';

test('FIELDS marks the required canonical fields of DESIGN §5', () => {
  const required = (kind: keyof typeof FIELDS) => FIELDS[kind].filter((f) => f.required).map((f) => f.key);
  assert.deepEqual(required('suppliers'), ['supplierName']);
  assert.deepEqual(required('bills'), ['billNumber', 'issueDate', 'totalAmount']);
  assert.deepEqual(required('supplierSpend'), ['supplierName', 'totalSpend']);
});

test('a valid bill passes; a bill without supplier, date or amount gets intake codes', () => {
  const good = { billNumber: 'INV-1', supplierName: 'Acme', issueDate: '2024-01-15', totalAmount: 12.5, currency: 'EUR', status: 'Paid' };
  assert.equal(recordSchemas.bills.safeParse(good).success, true);
  assert.deepEqual(validateRecords('bills', [good]), []);
  const issues = validateRecords('bills', [
    { billNumber: 'INV-2', issueDate: '15/01/2024', totalAmount: '12' , currency: 'EURO', extra: 1 },
  ], { firstRow: 7, locale: 'fr' });
  const codes = issues.map((i) => `${i.row}:${i.field}:${i.code}`).sort();
  assert.deepEqual(codes, [
    '7:currency:invalid_currency',
    '7:extra:invalid_value',
    '7:issueDate:invalid_date',
    '7:supplierName:required_value_missing',
    '7:totalAmount:invalid_amount',
  ]);
  assert.match(issues.find((i) => i.code === 'invalid_date')!.message, /n’est pas une date/);
});

test('suppliers: name required, email is a warning', () => {
  const issues = validateRecords('suppliers', [{ supplierId: 'S1' }, { supplierName: 'B', emailAddress: 'nope' }]);
  assert.deepEqual(issues.map((i) => [i.row, i.code, i.severity]), [
    [1, 'required_value_missing', 'error'],
    [2, 'invalid_email', 'warning'],
  ]);
});

test('every issue code has an English and a French message, with the same placeholders', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const code of ISSUE_CODES) {
    const def = ISSUE_MESSAGES[code];
    assert.ok(def.en.length > 5 && def.fr.length > 5, code);
    assert.notEqual(def.en, def.fr, code);
    assert.deepEqual(placeholders(def.fr), placeholders(def.en), code);
  }
  // The codes the layout, encoding and evidence work added are among them.
  for (const code of ['mapping_guessed', 'encoding_mixed', 'header_rows_combined', 'group_rows_carried', 'group_rows_skipped', 'other_sheets_ignored', 'lines_merged', 'total_from_net_and_tax', 'amount_notation_refused', 'date_implausible', 'repeated_header_skipped']) {
    assert.ok((ISSUE_CODES as readonly string[]).includes(code), code);
  }
});
