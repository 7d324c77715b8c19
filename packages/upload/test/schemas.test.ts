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
  const issues = validateRecords('bills', [{ billNumber: 'INV-2', issueDate: '15/01/2024', totalAmount: '12', currency: 'EURO', extra: 1 }], {
    firstRow: 7,
    locale: 'fr',
  });
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
  assert.deepEqual(
    issues.map((i) => [i.row, i.code, i.severity]),
    [
      [1, 'required_value_missing', 'error'],
      [2, 'invalid_email', 'warning'],
    ],
  );
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
  for (const code of [
    'mapping_guessed',
    'encoding_mixed',
    'header_rows_combined',
    'group_rows_carried',
    'group_rows_skipped',
    'other_sheets_ignored',
    'lines_merged',
    'total_from_net_and_tax',
    'amount_notation_refused',
    'date_implausible',
    'repeated_header_skipped',
  ]) {
    assert.ok((ISSUE_CODES as readonly string[]).includes(code), code);
  }
});

test('the compiled record check accepts exactly what the schema accepts, for every kind', async () => {
  const { compileRecordCheck } = await import('@codat-link/upload');
  // A valid value per field type, and values each type must refuse (or that sit at its edges).
  const good: Record<string, unknown> = {
    date: '2024-02-29',
    amount: -12.5,
    integer: 3,
    currency: 'EUR',
    email: 'ap@supplier.example',
    country: 'FR',
    billStatus: 'Paid',
    supplierStatus: 'Active',
    text: ' Acme ',
  };
  const odd: unknown[] = [
    undefined,
    null,
    '',
    ' ',
    'x'.repeat(1000),
    ` ${'x'.repeat(1000)} `,
    'x'.repeat(1001),
    0,
    -0,
    1.5,
    -1,
    NaN,
    Infinity,
    2 ** 53,
    '12',
    '2024-13-01',
    '2024-02-30',
    '24-01-01',
    'eur',
    'XXX',
    'EUR ',
    'a@b',
    'not an email',
    'ap@supplier.example ',
    'F',
    'FR'.repeat(51),
    'paid',
    'Unknown',
    'Draft',
    true,
    [],
    {},
    ['x'],
  ];
  let compared = 0;
  for (const kind of ['suppliers', 'bills', 'supplierSpend'] as const) {
    const check = compileRecordCheck(kind);
    const schema = recordSchemas[kind];
    const base = Object.fromEntries(FIELDS[kind].map((f) => [f.key, good[f.type]]));
    const records: unknown[] = [base, {}, null, [], 'record', { ...base, extra: 'x' }];
    for (const def of FIELDS[kind]) {
      const { [def.key]: _dropped, ...without } = base;
      records.push(without);
      for (const value of odd) records.push({ ...base, [def.key]: value });
    }
    // The one-of groups (bills: supplierId or supplierName), each member empty or absent.
    for (const group of (await import('@codat-link/upload')).REQUIRED_ONE_OF[kind]) {
      const emptied = { ...base };
      for (const key of group) emptied[key] = '';
      records.push(emptied, Object.fromEntries(Object.entries(base).filter(([key]) => !group.includes(key))));
    }
    for (const record of records) {
      assert.equal(check(record), schema.safeParse(record).success, `${kind}: ${JSON.stringify(record)}`);
      compared += 1;
    }
  }
  assert.ok(compared > 500, `${compared} records compared`);
});
