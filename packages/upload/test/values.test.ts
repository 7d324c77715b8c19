import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excelSerialToIso, neutraliseCell, parseAmount, parseCurrency, parseDate } from '@codat-link/upload';
import { amountNotation } from '../src/values.js';

test('amounts in every locale form', () => {
  const cases: [string, number][] = [
    ['1234.56', 1234.56],
    ['1,234.56', 1234.56],
    ['1.234,56', 1234.56],
    ['1 234,56', 1234.56],
    ['1\u202f234,56', 1234.56],
    ["1'234.56", 1234.56],
    ['12,34,567.00', 1234567],
    ['(45.00)', -45],
    ['45.00-', -45],
    ['-45', -45],
    ['€12', 12],
    ['12,50 €', 12.5],
    ['GBP 1,000', 1000],
    ['$3,120.00', 3120],
    ['+7.5', 7.5],
    ['0,5', 0.5],
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

test('amounts: exponents, hexadecimal and digits past a double are refused, never misread', () => {
  // Each of these was once read as another number: "1e5" as 15, "1e308" as 1308, "0x1F" as 1.
  for (const raw of ['1e5', '1E5', '1e308', '2.5e-3', '0x1F', '0X1f', '12345678901234567890', '1234567890123456.7']) {
    assert.equal(parseAmount(raw), null, raw);
    assert.equal(amountNotation(raw), true, raw);
  }
  for (const raw of ['ten', '1.2.3', '€12', '1,234.56 USD']) assert.equal(amountNotation(raw), false, raw);
  // The accepted grammar keeps its currency marks on either side, and its signs.
  const cases: [string, number][] = [
    ['€ 1.234,56', 1234.56],
    ['1,234.56 USD', 1234.56],
    ['EUR 1 234,56', 1234.56],
    ['(€45.00)', -45],
    ['-€45', -45],
    ['CHF 12.50', 12.5],
    ['12 Fr.', 12],
    ['US$ 3.00', 3],
    ['999999999999.99', 999999999999.99],
  ];
  for (const [raw, expected] of cases) assert.equal(parseAmount(raw), expected, raw);
  for (const raw of ['12abc34', 'E 12', '12 EUROS 5', 'x12']) assert.equal(parseAmount(raw), null, raw);
});

test('currencies by code, symbol or name, in the languages the platform knows', () => {
  const cases: [string, string][] = [
    ['EUR', 'EUR'],
    ['eur', 'EUR'],
    ['€', 'EUR'],
    ['Euro', 'EUR'],
    ['euros', 'EUR'],
    ['US Dollar', 'USD'],
    ['British pound', 'GBP'],
    ['Danish Krone', 'DKK'],
    ['dollar des États-Unis', 'USD'],
    ['livre sterling', 'GBP'],
    ['Canadian Dollar', 'CAD'],
    ['Schweizer Franken', 'CHF'],
    ['EUR - Euro', 'EUR'],
    ['Euro (EUR)', 'EUR'],
    ['USD US Dollar', 'USD'],
    ['CA$', 'CAD'],
    // Country and unit, as QuickBooks Online's CurrencyRef names them.
    ['United States Dollar', 'USD'],
    ['United Kingdom Pound', 'GBP'],
    ['Australia Dollar', 'AUD'],
  ];
  for (const [raw, expected] of cases) assert.equal(parseCurrency(raw), expected, raw);
  for (const raw of ['POUNDS', 'XYZ', 'dollar', 'EUR - US Dollar', '']) assert.equal(parseCurrency(raw), null, raw);
});

test('countries by code or name become ISO 3166-1 alpha-2; what names no country is left as written', async () => {
  const { parseCountry } = await import('../src/countries.js');
  const cases: [string, string][] = [
    ['FR', 'FR'],
    ['fr', 'FR'],
    ['UK', 'GB'],
    ['France', 'FR'],
    ['United Kingdom', 'GB'],
    ['Royaume-Uni', 'GB'],
    ['Deutschland', 'DE'],
    ['États-Unis', 'US'],
    ['united states', 'US'],
    ['España', 'ES'],
    ['Nederland', 'NL'],
  ];
  for (const [raw, expected] of cases) assert.equal(parseCountry(raw), expected, raw);
  for (const raw of ['EU', 'ZZ', 'Atlantis', 'XX', '']) assert.equal(parseCountry(raw), null, raw);
  const { intake } = await import('@codat-link/upload');
  const text = 'Supplier Name,Country\nAcme,France\nBeta,UK\nGamma,Atlantis\n';
  const result = await intake(new Blob([text]), { kind: 'suppliers' });
  assert.deepEqual(
    result.records.map((r) => r.country),
    ['FR', 'GB', 'Atlantis'],
  );
});
