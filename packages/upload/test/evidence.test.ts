import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intake, LOW_CONFIDENCE, type IntakeResult } from '@codat-link/upload';

const read = (kind: 'suppliers' | 'bills', text: string) => intake(new Blob([text]), { kind });
const mapped = (r: IntakeResult) =>
  Object.fromEntries(
    Object.entries(r.mapping)
      .filter(([, m]) => m.header !== null)
      .map(([k, m]) => [k, m.header]),
  );

test('headers no dictionary lists are read by their words: Num, Name, Numéro, Inv Ref, A/C Ref, Supplier Invoice #', async () => {
  const bills = [
    ['Inv Ref,Supplier,Invoice Date,Due,Total', 'Inv Ref'],
    ['Supplier Invoice #,Vendor,Date,Amount', 'Supplier Invoice #'],
    ['Numéro,Fournisseur,Date,Montant', 'Numéro'],
    ['Date,Transaction Type,Num,Vendor,Due Date,Amount,Open Balance', 'Num'],
  ] as const;
  for (const [header, number] of bills) {
    const rows = header
      .split(',')
      .map((h) =>
        /inv ref|invoice #|numéro|^num$/i.test(h)
          ? 'INV-10'
          : /date|due/i.test(h)
            ? '2024-03-05'
            : /total|amount|montant|balance/i.test(h)
              ? '1,250.00'
              : /type/i.test(h)
                ? 'Bill'
                : 'Acme Supplies Ltd',
      );
    const lines = [header, ...[1, 2, 3, 4].map((i) => rows.map((c) => c.replace('INV-10', `INV-10${i}`)).join(','))];
    const result = await read('bills', lines.join('\n').replace(/1,250\.00/g, '"1,250.00"'));
    assert.equal(result.mapping.billNumber!.header, number, header);
    assert.equal(result.records.length, 4, `${header}: ${JSON.stringify(result.issues.map((i) => i.code))}`);
    assert.equal(result.records[0]!.totalAmount, 1250, header);
  }
  const sage = await read(
    'suppliers',
    'A/C Ref,Name,Contact,Telephone,Post Code\nACME01,Acme Supplies Ltd,Jane Doe,01632 960001,SW1A 1AA\nBETA02,Beta Parts plc,John Roe,01632 960002,M1 1AE\nGAMMA3,Gamma & Co,Ann Poe,01632 960003,EH1 1YZ\n',
  );
  assert.deepEqual(mapped(sage), { supplierId: 'A/C Ref', supplierName: 'Name', phone: 'Telephone', postalCode: 'Post Code' });
  assert.equal(sage.records.length, 3);
});

test('values decide between names: no postal code, note or first name becomes the supplier', async () => {
  const postal = await read(
    'suppliers',
    'Supplier Name,Address,Postcode,Country\nAcme Ltd,1 High St,SW1A 1AA,UK\nBeta plc,2 Low Rd,M1 1AE,UK\nGamma SA,3 rue Haute,75008,France\n',
  );
  assert.equal(postal.mapping.supplierId!.header, null);
  assert.equal(postal.mapping.postalCode!.header, 'Postcode');
  assert.equal(postal.records[2]!.country, 'FR');

  const notes = await read(
    'suppliers',
    'Vendor Name,Vendor Notes,Email\nAcme Ltd,pays on the 5th after a reminder call,a@acme.test\nBeta plc,ask for the remittance address first,b@beta.test\nGamma SA,new supplier since March no contract yet,c@gamma.test\n',
  );
  assert.equal(notes.mapping.supplierId!.header, null);
  assert.equal(notes.mapping.supplierName!.header, 'Vendor Name');

  const people = await read(
    'suppliers',
    'First Name,Last Name,Company,Email\nJane,Doe,Acme Ltd,jane@acme.test\nJohn,Roe,Beta plc,john@beta.test\nAnn,Poe,Gamma SA,ann@gamma.test\n',
  );
  assert.equal(people.mapping.supplierName!.header, 'Company');
  assert.deepEqual(
    people.records.map((r) => r.supplierName),
    ['Acme Ltd', 'Beta plc', 'Gamma SA'],
  );
});

test('an internal id does not beat the bill number, nor a base-currency amount the document amount', async () => {
  const zoho = await read(
    'bills',
    'Bill ID,Bill Number,Vendor Name,Bill Date,Total\n460000000012001,BL-0042,Acme Ltd,2024-03-01,100.00\n460000000012002,BL-0043,Beta plc,2024-03-02,200.00\n460000000012003,7781,Gamma SA,2024-03-03,300.00\n',
  );
  assert.equal(zoho.mapping.billNumber!.header, 'Bill Number');
  assert.deepEqual(
    zoho.records.map((r) => r.billNumber),
    ['BL-0042', 'BL-0043', '7781'],
  );

  const rows = await read(
    'bills',
    'Row,Reference,Supplier,Date,Total\n1,INV-881,Acme Ltd,2024-03-01,100.00\n2,INV-902,Beta plc,2024-03-02,200.00\n3,A-17,Gamma SA,2024-03-03,300.00\n',
  );
  assert.equal(rows.mapping.billNumber!.header, 'Reference');

  // NetSuite writes the base-currency amount as "Amount" and the bill's own as "Amount (Foreign Currency)".
  const netsuite = await read(
    'bills',
    'Document Number,Vendor,Date,Currency,Amount,Amount (Foreign Currency)\nB-1,Acme GmbH,2024-03-01,Euro,108.00,100.00\nB-2,Beta plc,2024-03-02,British pound,250.00,250.00\nB-3,Gamma SA,2024-03-03,Euro,324.00,300.00\n',
  );
  assert.equal(netsuite.mapping.totalAmount!.header, 'Amount (Foreign Currency)');
  assert.deepEqual(
    netsuite.records.map((r) => [r.currency, r.totalAmount]),
    [
      ['EUR', 100],
      ['GBP', 250],
      ['EUR', 300],
    ],
  );
});

test('a required field no header names is guessed from its values, flagged for review, and the rows are read', async () => {
  const result = await read(
    'bills',
    'Doc,Counterparty,Booked,Value\nX-1001,Acme Ltd,05/03/2024,"1,200.00"\nX-1002,Beta plc,06/03/2024,80.50\nX-1003,Gamma SA,07/03/2024,99.99\n',
  );
  assert.equal(result.needsReview, true);
  assert.equal(result.rejected, false);
  assert.deepEqual(mapped(result), { billNumber: 'Doc', supplierName: 'Counterparty', issueDate: 'Booked', totalAmount: 'Value' });
  assert.equal(result.mapping.issueDate!.source, 'values');
  assert.ok(result.mapping.issueDate!.confidence < LOW_CONFIDENCE);
  assert.deepEqual(result.records[0], { billNumber: 'X-1001', supplierName: 'Acme Ltd', issueDate: '2024-03-05', totalAmount: 1200 });
  // "Doc" is a partial name for the document number; the three others are known by their values only.
  assert.equal(result.mapping.billNumber!.source, 'fuzzy');
  const guessed = result.issues.filter((i) => i.code === 'mapping_guessed');
  assert.deepEqual(guessed.map((i) => i.field).sort(), ['issueDate', 'supplierName', 'totalAmount']);
  assert.ok(guessed.every((i) => i.severity === 'warning' && i.message.includes(i.column!)));
  // The review screen gets the evidence: scores per mapping, sample values per column.
  assert.deepEqual(result.mapping.issueDate!.evidence, { header: 0, values: 1 });
  assert.deepEqual(result.detected!.samples![0], ['X-1001', 'X-1002', 'X-1003']);
  // A file that names its columns needs no review.
  const named = await read('bills', 'Invoice Number,Supplier,Invoice Date,Total\nA,Acme Ltd,2024-01-01,1\nB,Beta plc,2024-01-02,2\nC,Gamma SA,2024-01-03,3\n');
  assert.equal(named.needsReview, false);
  assert.equal(named.mapping.totalAmount!.evidence!.header, 0.98);
});
