import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intake, issuesToCsv, mapColumns, recordsToCsv, template, validateRecords, type IntakeProgress } from '@codat-link/upload';
import { windows1252 } from '../../../test/fixtures/intake/encode.js';

const BILL = (i: number, supplier = 'Société Générale') => `INV-${i},"${supplier}",2024-01-${String((i % 28) + 1).padStart(2, '0')},"1,234.5${i % 10}",EUR`;
const bills = (n: number, supplier?: string) =>
  `Invoice Number,Supplier Name,Invoice Date,Total,Currency\n${Array.from({ length: n }, (_, i) => BILL(i, supplier)).join('\n')}\n`;

test('tiny chunks: rows, quoted newlines and multi-byte characters split across slices', async () => {
  const text = bills(40, 'Café "Le Zinc"\nÉtage 2'.replace(/"/g, '""'));
  const whole = await intake(new Blob([text]), { kind: 'bills' });
  const sliced = await intake(new Blob([text]), { kind: 'bills', chunkBytes: 7 });
  assert.equal(whole.records.length, 40);
  assert.deepEqual(sliced.records, whole.records);
  assert.equal(sliced.records[3]!.supplierName, 'Café "Le Zinc"\nÉtage 2');
});

test('progress is reported per slice and ends at the full size', async () => {
  const blob = new Blob([bills(500)]);
  const seen: IntakeProgress[] = [];
  const result = await intake(blob, { kind: 'bills', chunkBytes: 4096, onProgress: (p) => seen.push(p) });
  assert.ok(seen.length >= 5);
  assert.deepEqual(seen.at(-1), { bytesRead: blob.size, totalBytes: blob.size, rowsRead: 500 });
  assert.equal(result.records.length, 500);
});

test('an aborted signal stops the intake with an AbortError', async () => {
  const controller = new AbortController();
  const run = intake(new Blob([bills(2000)]), {
    kind: 'bills',
    chunkBytes: 1024,
    signal: controller.signal,
    onProgress: () => controller.abort(),
  });
  await assert.rejects(run, { name: 'AbortError' });
});

test('a file that switches from UTF-8 to Windows-1252 part-way: each line is read in its own encoding', async () => {
  const head =
    'Invoice Number,Supplier,Invoice Date,Total,Currency\nINV-A,Société Générale,2024-01-05,10.00,EUR\n' + bills(3000).split('\n').slice(1).join('\n');
  const tail = 'INV-X,Crédit Agricole,2024-02-01,10.00,EUR\n';
  const bytes = new Uint8Array([...new TextEncoder().encode(head), ...windows1252(tail)]);
  for (const chunkBytes of [undefined, 4096]) {
    const result = await intake(new Blob([bytes]), { kind: 'bills', ...(chunkBytes ? { chunkBytes } : {}) });
    assert.equal(result.detected?.encoding, 'utf-8');
    // Before, the whole file was read again as Windows-1252 and the first name became "SociÃ©tÃ© GÃ©nÃ©rale".
    assert.equal(result.records[0]!.supplierName, 'Société Générale');
    assert.equal(result.records.at(-1)!.supplierName, 'Crédit Agricole');
    const mixed = result.issues.find((i) => i.code === 'encoding_mixed');
    assert.ok(mixed, result.issues.map((i) => i.code).join());
    assert.match(mixed.message, /row 30\d\d/);
  }
  // Mixed within the first bytes read for detection, too.
  const small = new Uint8Array([
    ...new TextEncoder().encode('Invoice Number,Supplier,Invoice Date,Total\nA,Société Générale,2024-01-05,1\n'),
    ...windows1252('B,Crédit Agricole,2024-01-06,2\n'),
  ]);
  const result = await intake(new Blob([small]), { kind: 'bills' });
  assert.deepEqual(
    result.records.map((r) => r.supplierName),
    ['Société Générale', 'Crédit Agricole'],
  );
});

test('overrides win, a stored mapping is reusable, unknown override columns are reported', () => {
  const headers = ['Ref', 'Payee', 'Posted', 'Gross', 'Invoice Date'];
  const auto = mapColumns('bills', headers);
  assert.equal(auto.mapping.issueDate!.header, 'Invoice Date');
  const chosen = mapColumns('bills', headers, undefined, { billNumber: 'ref', issueDate: 'Posted', supplierName: 'Payee', totalAmount: { header: 'Gross' } });
  assert.deepEqual(
    Object.fromEntries(
      Object.entries(chosen.mapping)
        .filter(([, m]) => m.header)
        .map(([k, m]) => [k, [m.header, m.source]]),
    ),
    { billNumber: ['Ref', 'override'], supplierName: ['Payee', 'override'], issueDate: ['Posted', 'override'], totalAmount: ['Gross', 'override'] },
  );
  assert.deepEqual(chosen.problems, []);
  const again = mapColumns('bills', headers, undefined, chosen.mapping);
  assert.deepEqual(again.mapping, chosen.mapping);
  const stale = mapColumns('bills', headers, undefined, { billNumber: 'Document No' });
  assert.ok(stale.problems.some((p) => p.code === 'mapping_override_unknown' && p.field === 'billNumber'));
});

test('matching ignores case, accents, punctuation and spaces; partial matches get a lower confidence', () => {
  const { mapping } = mapColumns('bills', ['  NUMÉRO-DE-FACTURE ', 'fournisseur', 'DATE_FACTURE', 'Montant T.T.C.', 'Invoice total amount (EUR)']);
  assert.equal(mapping.billNumber!.header, '  NUMÉRO-DE-FACTURE ');
  assert.equal(mapping.billNumber!.confidence, 0.98);
  assert.equal(mapping.issueDate!.header, 'DATE_FACTURE');
  assert.equal(mapping.totalAmount!.header, 'Montant T.T.C.');
  const fuzzy = mapColumns('suppliers', ['Supplier name (legal)']).mapping.supplierName!;
  assert.equal(fuzzy.source, 'fuzzy');
  assert.ok(fuzzy.confidence < 0.98 && fuzzy.confidence > 0.5);
});

test('templates in both locales and formats map back to their example row without help', async () => {
  for (const kind of ['suppliers', 'bills', 'supplierSpend'] as const) {
    for (const locale of ['en', 'fr'] as const) {
      for (const format of ['csv', 'xlsx'] as const) {
        const file = await template(kind, { locale, format });
        assert.match(file.filename, format === 'csv' ? /\.csv$/ : /\.xlsx$/);
        const result = await intake(file.blob, { kind, locale });
        const label = `${kind}/${locale}/${format}`;
        assert.deepEqual(
          result.issues.filter((i) => i.severity !== 'info'),
          [],
          label,
        );
        assert.equal(result.records.length, 1, label);
        assert.ok(
          Object.values(result.mapping).every((m) => m.header !== null),
          label,
        );
      }
    }
  }
  const fr = await intake((await template('bills', { locale: 'fr' })).blob, { kind: 'bills' });
  assert.deepEqual(fr.records[0], {
    billNumber: 'FAC-1001',
    supplierId: 'FOUR-001',
    supplierName: 'Fournitures Martin SARL',
    issueDate: '2024-01-15',
    dueDate: '2024-02-14',
    currency: 'EUR',
    totalAmount: 1200,
    amountDue: 0,
    taxAmount: 200,
    status: 'Paid',
    paymentMethod: 'Virement',
    paidDate: '2024-02-10',
    description: 'Chaises de bureau',
  });
});

test('issuesToCsv and recordsToCsv neutralise formula cells', async () => {
  const text = 'Invoice Number,Supplier Name,Invoice Date,Total,Currency\n"=HYPERLINK(""http://x"")",Acme,2024-01-01,10,EUR\nB-2,Beta,someday,5,EUR\n';
  const result = await intake(new Blob([text]), { kind: 'bills', locale: 'fr' });
  const csv = issuesToCsv(result, { locale: 'fr' });
  const lines = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  assert.equal(lines[0], 'Ligne;Colonne;Champ;Code;Gravité;Message;Valeur');
  assert.ok(
    lines.some((l) => l.startsWith('2;Invoice Number;billNumber;formula_injection;warning;') && l.endsWith(`;"'=HYPERLINK(""http://x"")"`)),
    csv,
  );
  assert.ok(
    lines.some((l) => l.startsWith('3;Invoice Date;issueDate;invalid_date;error;')),
    csv,
  );
  const out = recordsToCsv('bills', result.records, { bom: false });
  assert.equal(out.split('\r\n')[1], `"'=HYPERLINK(""http://x"")",,Acme,2024-01-01,,EUR,10,,,,,,`);
});

test('duplicate bill numbers point at the first row that used the number; a row repeated whole is one bill', async () => {
  const text =
    'Invoice Number,Supplier Name,Invoice Date,Total\nA,S,2024-01-01,1\nB,S,2024-01-01,1\nA,S,2024-01-02,2\nC,S,2024-01-01,1\nC,S,2024-01-01,1\nA,S,2024-01-03,3\n';
  const result = await intake(new Blob([text]), { kind: 'bills' });
  const dups = result.issues.filter((i) => i.code === 'duplicate_bill_number').map((i) => [i.row, i.value, i.message]);
  assert.deepEqual(dups, [
    [4, 'A', 'The bill number "A" also appears on row 2.'],
    [7, 'A', 'The bill number "A" also appears on row 2.'],
  ]);
  // Rows 5 and 6 share number, supplier, date and total: one bill, said so, not posted twice.
  assert.deepEqual(
    result.records.map((r) => r.billNumber),
    ['A', 'B', 'A', 'C', 'A'],
  );
  assert.ok(result.issues.some((i) => i.code === 'lines_merged'));
});

test('a workbook whose first sheet is a cover page: the report sheet is read', async () => {
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(new URL('../../../test/fixtures/intake/good/workday-suppliers.xlsx', import.meta.url));
  const result = await intake(new Blob([bytes]), { kind: 'suppliers' });
  assert.equal(result.detected?.sheet, 'Suppliers');
  assert.equal(result.records.length, 2);
});

test('fuzz: whatever cells arrive, every record intake accepts passes the record schema', async () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const amounts = ['1,234.56', '(12.00)', '12-', '1.234,5', '€ 9', 'abc', '', '1e5', '0', '-0.5', '12 345,67', '1,2,3'];
  const dates = ['2024-02-30', '31/12/2024', '12/31/2024', '05/06/2024', '15-JAN-24', '45306', 'soon', '', '2024-13-01', '29-FEB-23'];
  const texts = ['Acme', '=cmd', ' ', '"quoted"', 'Été', '+44 20', '@x', 'a;b', ''];
  const currencies = ['EUR', 'eur', '€', 'XXX', '', 'US$', 'Dollar'];
  const statuses = ['Paid', 'payée', 'weird', '', 'VOID'];
  const lines = ['Invoice Number;Supplier Name;Supplier ID;Invoice Date;Due Date;Total;Amount Due;Tax;Currency;Status;Description'];
  for (let i = 0; i < 400; i++) {
    lines.push(
      [
        pick(texts) || `N${i}`,
        pick(texts),
        pick(texts),
        pick(dates),
        pick(dates),
        pick(amounts),
        pick(amounts),
        pick(amounts),
        pick(currencies),
        pick(statuses),
        pick(texts),
      ]
        .map((c) => (c.includes(';') || c.includes('"') ? `"${c.replace(/"/g, '""')}"` : c))
        .join(';'),
    );
  }
  const result = await intake(new Blob([lines.join('\n')]), { kind: 'bills' });
  assert.ok(result.records.length > 20 && result.stats.rowsRejected > 20, JSON.stringify(result.stats));
  assert.deepEqual(validateRecords('bills', result.records), []);
  for (const r of result.records)
    assert.deepEqual(
      Object.keys(r).filter((k) => r[k] === ''),
      [],
    );
});

test('no currency column: the currency an amount states is kept', async () => {
  const text = 'N° facture;Fournisseur;Date;Montant TTC\nF-1;A;15/01/2024;1 234,56 €\nF-2;B;16/01/2024;12,00\nF-3;C;17/01/2024;GBP 5,00\n';
  const result = await intake(new Blob([text]), { kind: 'bills', locale: 'fr' });
  assert.deepEqual(
    result.records.map((r) => [r.totalAmount, r.currency]),
    [
      [1234.56, 'EUR'],
      [12, undefined],
      [5, 'GBP'],
    ],
  );
});

test('UTF-16 without a byte-order mark is recognised from its zero bytes', async () => {
  const { utf16le, utf16be } = await import('../../../test/fixtures/intake/encode.js');
  const text = 'Supplier ID\tSupplier Name\tCity\r\nS-1\tÉtoile SA\tLyon\r\n';
  for (const [bytes, encoding] of [
    [utf16le(text, false), 'utf-16le'],
    [utf16be(text, false), 'utf-16be'],
  ] as const) {
    const result = await intake(new Blob([bytes as Uint8Array<ArrayBuffer>]), { kind: 'suppliers' });
    assert.equal(result.detected?.encoding, encoding);
    assert.deepEqual(result.records, [{ supplierId: 'S-1', supplierName: 'Étoile SA', city: 'Lyon' }]);
  }
});

test('too many rows is refused from the sample, before the file is streamed', async () => {
  let progressCalls = 0;
  const result = await intake(new Blob([bills(20_000)]), { kind: 'bills', maxRows: 1000, onProgress: () => progressCalls++ });
  assert.deepEqual(
    result.issues.map((i) => [i.code, i.row]),
    [['too_many_rows', null]],
  );
  assert.equal(progressCalls, 0);
  assert.deepEqual(result.records, []);
  const atLimit = await intake(new Blob([bills(3000)]), { kind: 'bills', maxRows: 3000 });
  assert.equal(atLimit.records.length, 3000, 'a file at the limit is not refused by the estimate');
  const big = await intake(new Blob([new Uint8Array(2048)]), { kind: 'bills', maxBytes: 1024, locale: 'fr' });
  assert.equal(big.issues[0]?.code, 'file_too_large');
  assert.equal(big.issues[0]!.message, 'Le fichier fait 2,0 Ko\u202f; la limite est de 1,0 Ko. Exportez une période plus courte ou divisez le fichier.');
});

test('a row with fewer values than columns leaves the last ones empty; one with more is refused', async () => {
  const text = 'Invoice Number,Supplier Name,Invoice Date,Total,Currency,Description\nA,S,2024-01-01,10\nB,S,2024-01-01,1,234.00,EUR,x\n';
  const result = await intake(new Blob([text]), { kind: 'bills' });
  assert.deepEqual(result.records, [{ billNumber: 'A', supplierName: 'S', issueDate: '2024-01-01', totalAmount: 10 }]);
  assert.deepEqual(
    result.issues.filter((i) => i.severity === 'error').map((i) => [i.row, i.code, i.message]),
    [[3, 'ragged_row', 'Row 3 has 7 values but the header has 6 columns.']],
  );
});

test('a Bills export that repeats supplier addresses is still a Bills report', async () => {
  const text = 'Invoice Number,Supplier Name,Address,City,Postal Code,Country,Email,Invoice Date,Total\nA,S,1 High St,Leeds,LS1,GB,a@b.co,2024-01-01,10\n';
  const result = await intake(new Blob([text]), { kind: 'bills' });
  assert.equal(result.rejected, false);
  assert.equal(result.records.length, 1);
  const atSuppliers = await intake(new Blob([text]), { kind: 'suppliers', locale: 'fr' });
  assert.deepEqual(
    atSuppliers.issues.filter((i) => i.severity === 'error').map((i) => i.message),
    ['Ce fichier ressemble à un rapport Factures fournisseurs, alors qu’un rapport Fournisseurs est attendu ici.'],
  );
});

test('in Node, a file on disk streams through fs.openAsBlob without being read whole', async () => {
  const { openAsBlob } = await import('node:fs');
  const blob = await openAsBlob(new URL('../../../test/fixtures/intake/good/oracle-ebs-bills.csv', import.meta.url));
  const result = await intake(blob, { kind: 'bills', software: 'oracle-ebs' });
  assert.equal(result.records.length, 3);
  assert.equal(result.records[0]!.billNumber, 'ERS-4471');
});

test('the customer settles an ambiguous date column with dateOrder, and the warning goes', async () => {
  const text = 'Invoice Number,Supplier Name,Invoice Date,Total\nA,S,03/04/2024,1\nB,S,05/06/2024,2\n';
  const guessed = await intake(new Blob([text]), { kind: 'bills' });
  assert.deepEqual(
    guessed.records.map((r) => r.issueDate),
    ['2024-04-03', '2024-06-05'],
  );
  assert.deepEqual(
    guessed.issues.filter((i) => i.code === 'date_order_ambiguous').map((i) => i.column),
    ['Invoice Date'],
  );
  const told = await intake(new Blob([text]), { kind: 'bills', dateOrder: 'mdy' });
  assert.deepEqual(
    told.records.map((r) => r.issueDate),
    ['2024-03-04', '2024-05-06'],
  );
  assert.deepEqual(
    told.issues.filter((i) => i.code === 'date_order_ambiguous'),
    [],
  );
});

test('currency names as NetSuite and QuickBooks Desktop write them keep every vendor', async () => {
  // Vendor lists exported with the currency's name ("Euro", "US Dollar", "British pound").
  const rows = ['Euro', 'US Dollar', 'British pound', 'Danish Krone'].map((c, i) => `V-${i},Vendor ${i},${c}`);
  const result = await intake(new Blob([`Vendor ID,Vendor Name,Currency\n${rows.join('\n')}\n`]), { kind: 'suppliers' });
  assert.deepEqual(
    result.records.map((r) => r.defaultCurrency),
    ['EUR', 'USD', 'GBP', 'DKK'],
  );
  assert.deepEqual(
    result.issues.filter((i) => i.severity !== 'info'),
    [],
  );
});

test('an unreadable optional cell is a warning: the cell is left empty, the row is kept', async () => {
  const text =
    'Invoice Number,Supplier Name,Invoice Date,Due Date,Total,Tax,Currency\n' +
    'INV-1,Acme,2024-01-05,soon,100.00,n/a,POUNDS\n' +
    'INV-2,Beta,2024-01-06,2024-02-06,1e5,20.00,EUR\n';
  const result = await intake(new Blob([text]), { kind: 'bills', locale: 'fr' });
  assert.deepEqual(result.records, [{ billNumber: 'INV-1', supplierName: 'Acme', issueDate: '2024-01-05', totalAmount: 100 }]);
  const byRow = (row: number) => result.issues.filter((i) => i.row === row).map((i) => `${i.code}:${i.severity}:${i.field}`);
  assert.deepEqual(byRow(2), ['invalid_date:warning:dueDate', 'invalid_currency:warning:currency', 'invalid_amount:warning:taxAmount']);
  // A required amount in scientific notation drops its row, with the reason, never as 100000 or 15.
  assert.deepEqual(byRow(3), ['amount_notation_refused:error:totalAmount']);
  const kept = result.issues.find((i) => i.row === 2 && i.field === 'taxAmount')!;
  assert.match(kept.message, /la ligne est conservée/);
  assert.equal(result.stats.rowsRejected, 1);
});

test('a header repeated on every printed page is skipped with a note, not refused as a bad row', async () => {
  const header = 'Invoice Number,Supplier Name,Invoice Date,Total,Currency';
  const text = `${header}\nINV-1,Acme,2024-01-05,10.00,EUR\nINV-2,Beta,2024-01-06,20.00,EUR\n${header}\nINV-3,Gamma,2024-01-07,30.00,EUR\n`;
  const result = await intake(new Blob([text]), { kind: 'bills' });
  assert.deepEqual(
    result.records.map((r) => r.billNumber),
    ['INV-1', 'INV-2', 'INV-3'],
  );
  assert.deepEqual(
    result.issues.map((i) => `${i.row}:${i.code}:${i.severity}`),
    ['4:repeated_header_skipped:info'],
  );
  assert.equal(result.stats.rowsRejected, 0);
});

test('mixed line endings: a CRLF header over LF rows, and the reverse, read every row', async () => {
  const rows = Array.from({ length: 30 }, (_, i) => BILL(i, i === 4 ? 'Café\r\nÉtage 2' : undefined));
  const header = 'Invoice Number,Supplier Name,Invoice Date,Total,Currency';
  for (const [head, body] of [
    ['\r\n', '\n'],
    ['\n', '\r\n'],
  ] as const) {
    const text = `${header}${head}${rows.join(body)}${body}`;
    for (const chunkBytes of [undefined, 7]) {
      const result = await intake(new Blob([text]), { kind: 'bills', ...(chunkBytes ? { chunkBytes } : {}) });
      assert.equal(result.records.length, 30, JSON.stringify({ head, chunkBytes }));
      assert.deepEqual(
        result.issues.filter((i) => i.severity === 'error'),
        [],
      );
      assert.equal(result.records[29]!.currency, 'EUR');
      assert.equal(result.records[4]!.supplierName, 'Café\r\nÉtage 2');
    }
  }
});

test('a date before 1990 or more than two years ahead is kept, with a warning', async () => {
  const text = 'Invoice Number,Supplier Name,Invoice Date,Total,Currency\nA-1,Acme,1900-01-01,10,EUR\nA-2,Acme,2999-12-31,10,EUR\nA-3,Acme,2024-05-06,10,EUR\n';
  for (const locale of ['en', 'fr'] as const) {
    const result = await intake(new Blob([text]), { kind: 'bills', locale });
    assert.deepEqual(
      result.records.map((r) => r.issueDate),
      ['1900-01-01', '2999-12-31', '2024-05-06'],
    );
    const warned = result.issues.filter((i) => i.code === 'date_implausible');
    assert.deepEqual(
      warned.map((i) => [i.row, i.severity, i.value]),
      [
        [2, 'warning', '1900-01-01'],
        [3, 'warning', '2999-12-31'],
      ],
    );
    assert.ok(warned[0]!.message.includes('1900-01-01'));
    assert.equal(result.issues.filter((i) => i.severity === 'error').length, 0);
  }
});

test('rows kept from a read are remapped to the result a fresh read with the new mapping gives', async () => {
  const { intakeKeepingRows, remapRows } = await import('@codat-link/upload');
  const withoutTime = (r: Awaited<ReturnType<typeof intake>>) => ({ ...r, stats: { ...r.stats, durationMs: 0 } });
  // A total row, a refused row, a Windows-1252 file, and a Bills file whose columns the customer moves.
  const text = `Invoice Number,Supplier Name,Invoice Date,Total,Currency,Reference\n${Array.from({ length: 300 }, (_, i) => `${BILL(i)},REF-${i}`).join('\n')}\nINV-x,Acme,not a date,12,EUR,R\nTotal,,,"99,999.00",,\n`;
  for (const bytes of [new TextEncoder().encode(text), windows1252(text)]) {
    const file = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    const { result, kept } = await intakeKeepingRows(file, { kind: 'bills', chunkBytes: 4096 });
    assert.ok(kept, 'the rows were kept');
    let last: unknown = result.records;
    assert.deepEqual(withoutTime(result), withoutTime(await intake(file, { kind: 'bills', chunkBytes: 4096 })));
    // The proposed columns named by the customer (the review's Apply unchanged) repeat the first
    // read's processing, which is taken as it was; so is a second Apply of the same columns.
    const mappings: Record<string, string | null>[] = [
      { billNumber: 'Invoice Number', totalAmount: 'Total' },
      { billNumber: 'Reference' },
      { currency: null },
      { currency: null, billNumber: 'Invoice Number' },
      {},
    ];
    const taken: boolean[] = [];
    for (const mapping of mappings) {
      const remapped = remapRows(kept, { kind: 'bills', mapping });
      const fresh = await intake(file, { kind: 'bills', mapping });
      assert.deepEqual(withoutTime(remapped), withoutTime(fresh), JSON.stringify(mapping));
      taken.push(remapped.records === last);
      last = remapped.records;
    }
    assert.deepEqual(taken, [true, false, false, true, false], 'remaps that took the processing before them');
    // Remapping never touches the file: a file that cannot be read gives the same result.
    const unreadable = new Proxy(file, {
      get(target, key) {
        if (key === 'size') return target.size;
        throw new Error(`the file was read (${String(key)})`);
      },
    });
    const remapped = remapRows({ ...kept, file: unreadable }, { kind: 'bills', mapping: { billNumber: 'Reference' } });
    assert.equal(remapped.records[0]!.billNumber, 'REF-0');
  }
  // A grouped report over a two-row header, read without software: the layout and the platform are
  // kept with the rows, so a remap reads it as a fresh read does.
  const grouped =
    ',Bill,,,\n,Date,Num,Due date,Open balance\nAcme Ltd,,,,\n,01/15/2024,A-1,02/14/2024,10.00\nTotal for Acme Ltd,,,,10.00\nZed SARL,,,,\n,01/16/2024,Z-9,02/15/2024,5.00\n';
  const groupedFile = new Blob([grouped]);
  const keptGroups = (await intakeKeepingRows(groupedFile, { kind: 'bills' })).kept!;
  for (const mapping of [{}, { dueDate: null }] as Record<string, string | null>[]) {
    assert.deepEqual(
      withoutTime(remapRows(keptGroups, { kind: 'bills', mapping })),
      withoutTime(await intake(groupedFile, { kind: 'bills', mapping })),
      JSON.stringify(mapping),
    );
  }
  // A read that stopped at a limit keeps nothing: its rows are not the whole file.
  const limited = await intakeKeepingRows(new Blob([text]), { kind: 'bills', maxRows: 10, chunkBytes: 1024 });
  assert.equal(limited.result.rejected, true);
  assert.equal(limited.kept, null);
});
