import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excelSerialToIso, neutraliseCell, parseAmount, parseDate } from '@codat-link/upload';

test('amounts in every locale form', () => {
  const cases: [string, number][] = [
    ['1234.56', 1234.56], ['1,234.56', 1234.56], ['1.234,56', 1234.56], ['1 234,56', 1234.56],
    ['1\u202f234,56', 1234.56], ["1'234.56", 1234.56], ['12,34,567.00', 1234567], ['(45.00)', -45],
    ['45.00-', -45], ['-45', -45], ['€12', 12], ['12,50 €', 12.5], ['GBP 1,000', 1000], ['$3,120.00', 3120],
    ['+7.5', 7.5], ['0,5', 0.5],
  ];
  for (const [raw, expected] of cases) assert.equal(parseAmount(raw), expected, raw);
  for (const raw of ['ten', '1.2.3', '', '--', '1,2,3,4']) assert.equal(parseAmount(raw), null, raw);
  assert.equal(parseAmount('1,234'), 1234);
  assert.equal(parseAmount('12.500'), 12.5, 'machine format: a lone dot is a decimal point');
  assert.equal(parseAmount('12.500', ','), 12500, 'unless the column proves decimal commas');
  assert.equal(parseAmount('0.1'), 0.1);
  assert.equal(parseAmount('1234567.89'), 1234567.89);
  assert.equal(parseAmount('1,234', ','), 1.234, 'a column proven to use decimal commas');
  assert.equal(parseAmount(12.5), 12.5);
});

test('dates: ISO, numeric either way, DD-MON-YY, French months, compact, Excel serials', () => {
  const iso = (raw: string | number) => {
    const d = parseDate(raw);
    return d.kind === 'date' ? d.iso : d.kind;
  };
  assert.equal(iso('2024-01-15'), '2024-01-15');
  assert.equal(iso('2024-01-15T10:00:00Z'), '2024-01-15');
  assert.equal(iso('15/01/2024'), '2024-01-15');
  assert.equal(iso('01/15/2024'), '2024-01-15');
  assert.equal(iso('15.01.24'), '2024-01-15');
  assert.equal(iso('03/04/2024'), 'ambiguous');
  assert.equal(iso('04/04/2024'), '2024-04-04');
  assert.equal(iso('15-JAN-24'), '2024-01-15');
  assert.equal(iso('29-FEB-24'), '2024-02-29');
  assert.equal(iso('15 janv. 2024'), '2024-01-15');
  assert.equal(iso('1 février 2024'), '2024-02-01');
  assert.equal(iso('Jan 15, 2024'), '2024-01-15');
  assert.equal(iso('20240115'), '2024-01-15');
  assert.equal(iso('45306'), '2024-01-15');
  assert.equal(iso(45306), '2024-01-15');
  assert.equal(excelSerialToIso(60), '1900-02-28');
  for (const bad of ['31/02/2024', '30-FEB-24', 'yesterday', '2024-13-01', '']) assert.equal(iso(bad), 'invalid', bad);
});

test('formula cells are neutralised; signed numbers and phone numbers are not', () => {
  assert.equal(neutraliseCell('=SUM(A1)'), "'=SUM(A1)");
  assert.equal(neutraliseCell('@cmd'), "'@cmd");
  assert.equal(neutraliseCell('\tx'), "'\tx");
  assert.equal(neutraliseCell('-2+3'), "'-2+3");
  assert.equal(neutraliseCell('-45.00'), '-45.00');
  assert.equal(neutraliseCell('+33 1 23 45 67 89'), '+33 1 23 45 67 89');
  assert.equal(neutraliseCell('Acme'), 'Acme');
});
