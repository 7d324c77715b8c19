import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intake } from '@codat-link/upload';
import { xlsx } from '../../../test/fixtures/intake/sheets.js';

const codes = (r: { issues: { code: string }[] }) => r.issues.map((i) => i.code);

test('a report grouped by supplier: the name on its own row is carried down to the bills under it', async () => {
  // The shape of an "Unpaid Bills" report exported to CSV: title rows, a header whose first cell is
  // blank, a row naming the vendor, its bills with that column blank, "Total for …", a grand total.
  const text = [
    'Northwind Traders Ltd',
    'Unpaid Bills',
    'All Dates',
    '',
    ',Date,Transaction Type,Num,Due Date,Past Due,Amount,Open Balance',
    'Acme Office Supplies,,,,,,,',
    ',01/15/2024,Bill,A-1001,02/14/2024,30,"1,250.00","1,250.00"',
    ',01/22/2024,Bill,A-1002,02/21/2024,23,480.00,480.00',
    'Total for Acme Office Supplies,,,,,,"$1,730.00","$1,730.00"',
    'Brightline Electric,,,,,,,',
    ',01/05/2024,Bill,9931,02/04/2024,40,"2,100.50","1,000.00"',
    'Total for Brightline Electric,,,,,,"$2,100.50","$1,000.00"',
    'TOTAL,,,,,,"$3,830.50","$2,730.00"',
    '',
    '"Monday, March 4, 2024 09:12 AM GMT-08:00"',
  ].join('\n');
  const result = await intake(new Blob([text]), { kind: 'bills' });
  // Before, the blank first column left the bills without a supplier: no record at all.
  assert.deepEqual(
    result.records.map((r) => [r.billNumber, r.supplierName, r.issueDate, r.totalAmount, r.amountDue]),
    [
      ['A-1001', 'Acme Office Supplies', '2024-01-15', 1250, 1250],
      ['A-1002', 'Acme Office Supplies', '2024-01-22', 480, 480],
      ['9931', 'Brightline Electric', '2024-01-05', 2100.5, 1000],
    ],
  );
  assert.equal(result.mapping.supplierName!.source, 'layout');
  assert.equal(result.mapping.billNumber!.header, 'Num');
  const carried = result.issues.find((i) => i.code === 'group_rows_carried');
  assert.ok(carried, codes(result).join());
  assert.match(carried.message, /2 groups, the first "Acme Office Supplies" on row 6/);
  assert.deepEqual(
    result.issues.filter((i) => i.severity === 'error'),
    [],
  );
  const fr = await intake(new Blob([text]), { kind: 'bills', locale: 'fr' });
  assert.match(fr.issues.find((i) => i.code === 'group_rows_carried')!.message, /reporté/);
});

test('a supplier list whose rows only lack values is not taken for groups', async () => {
  const text = 'Supplier Name,City,Email\nAcme Ltd,Leeds,a@acme.test\nBare Name Only,,\nZed SARL,Lyon,z@zed.test\n';
  const result = await intake(new Blob([text]), { kind: 'suppliers' });
  assert.deepEqual(
    result.records.map((r) => r.supplierName),
    ['Acme Ltd', 'Bare Name Only', 'Zed SARL'],
  );
  assert.ok(!codes(result).some((c) => c.startsWith('group_rows')));
});

test('a line-level export: the lines of one bill are one bill, line amounts added up, the repeated total kept once', async () => {
  // Xero's invoice/bill export gives each line its own row: Total and TaxTotal repeat the document's
  // figures, LineAmount and TaxAmount are the line's.
  const header = 'ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,TaxTotal,InvoiceAmountDue,Description,Quantity,UnitAmount,LineAmount,TaxAmount,Currency';
  const text = [
    header,
    'Acme Office Supplies,BILL-7,15/01/2024,14/02/2024,240.00,40.00,240.00,Paper,10,12.00,120.00,24.00,GBP',
    'Acme Office Supplies,BILL-7,15/01/2024,14/02/2024,240.00,40.00,240.00,Toner,1,80.00,80.00,16.00,GBP',
    'Brightline Electric,BILL-8,16/01/2024,15/02/2024,60.00,10.00,0.00,Call-out,1,50.00,50.00,10.00,GBP',
  ].join('\n');
  const result = await intake(new Blob([text]), { kind: 'bills' });
  // Before, BILL-7 came out twice, and "posted twice" is a wrong total of 480 for the supplier.
  assert.deepEqual(result.records.length, 2);
  const bill = result.records[0]!;
  assert.equal(bill.billNumber, 'BILL-7');
  assert.equal(bill.totalAmount, 240);
  assert.equal(bill.amountDue, 240);
  assert.equal(bill.description, 'Paper; Toner');
  assert.equal(result.mapping.taxAmount!.header, 'TaxTotal');
  assert.equal(bill.taxAmount, 40);
  const merged = result.issues.find((i) => i.code === 'lines_merged');
  assert.ok(merged, codes(result).join());
  assert.match(merged.message, /^1 bills span several rows \(one per line, 2 rows in all\)/);
  assert.match(merged.message, /"Total", "InvoiceAmountDue", "TaxTotal" repeat the bill’s total/);
  assert.ok(!codes(result).includes('duplicate_bill_number'));
});

test('line amounts that differ between the lines of a bill are added up', async () => {
  const text = 'Vendor Name,Bill No,Bill Date,Line Amount,Memo\nAcme,77,2024-02-01,100.00,Desk\nAcme,77,2024-02-01,25.50,Lamp\nAcme,78,2024-02-03,10.00,Pens\n';
  const result = await intake(new Blob([text]), { kind: 'bills' });
  assert.deepEqual(
    result.records.map((r) => [r.billNumber, r.totalAmount]),
    [
      ['77', 125.5],
      ['78', 10],
    ],
  );
  assert.match(result.issues.find((i) => i.code === 'lines_merged')!.message, /"Line Amount" differ from line to line and were added up/);
});

test('one number on two suppliers, or two dates, is two bills and a duplicate warning', async () => {
  const text = 'Supplier Name,Invoice Number,Invoice Date,Total\nAcme,100,2024-01-01,10\nZed,100,2024-01-01,20\nAcme,100,2024-03-01,30\n';
  const result = await intake(new Blob([text]), { kind: 'bills' });
  assert.equal(result.records.length, 3);
  assert.equal(codes(result).filter((c) => c === 'duplicate_bill_number').length, 2);
  assert.ok(!codes(result).includes('lines_merged'));
});

test('a header over two rows ("Invoice" above "Number" and "Date") is read as one', async () => {
  const text = 'Invoice,,Supplier,Amount\nNumber,Date,Name,Gross\nF-1,2024-01-05,Acme,100.00\nF-2,2024-01-06,Zed,20.00\n';
  const result = await intake(new Blob([text]), { kind: 'bills' });
  assert.deepEqual(result.detected?.headers, ['Invoice Number', 'Invoice Date', 'Supplier Name', 'Amount Gross']);
  assert.deepEqual(
    result.records.map((r) => [r.billNumber, r.issueDate, r.supplierName, r.totalAmount]),
    [
      ['F-1', '2024-01-05', 'Acme', 100],
      ['F-2', '2024-01-06', 'Zed', 20],
    ],
  );
  assert.ok(codes(result).includes('header_rows_combined'));
});

test('sub-header columns ("Address" over "- City", "- Email") name their fields', async () => {
  const text = 'Supplier,Address,,\n,- Street,- City,- Email\nAcme Ltd,1 High St,Leeds,ap@acme.test\nZed SARL,2 rue Neuve,Lyon,compta@zed.test\n';
  const result = await intake(new Blob([text]), { kind: 'suppliers' });
  assert.deepEqual(result.records[1], { supplierName: 'Zed SARL', addressLine1: '2 rue Neuve', city: 'Lyon', emailAddress: 'compta@zed.test' });
});

test('a workbook with several sheets: the report sheet is read and the others are named', async () => {
  const bytes = (await xlsx(
    'Open Bills',
    [
      ['Bill Number', 'Vendor Name', 'Bill Date', 'Amount'],
      ['B1', 'Acme', { date: 45306 }, 10],
    ],
    ['Cover', 'Cover notes'],
  )) as Uint8Array<ArrayBuffer>;
  const result = await intake(new Blob([bytes]), { kind: 'bills' });
  assert.equal(result.detected?.sheet, 'Open Bills');
  assert.equal(result.records.length, 1);
  const other = result.issues.find((i) => i.code === 'other_sheets_ignored');
  assert.ok(other, codes(result).join());
  assert.match(other.message, /"Cover", "Cover notes"/);
  assert.deepEqual(result.detected?.otherSheets, ['Cover', 'Cover notes']);
});
