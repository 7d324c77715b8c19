import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldsTo, normaliseHeader } from '../src/normalize.js';

test('foldsTo(value, folded) answers as normaliseHeader(value) === folded does', () => {
  const headers = ['Invoice Number', 'N° facture', 'Référence', 'Total (GBP)', 'e-mail', 'ÉCHÉANCE', '', 'Kunde\u212A'];
  const values = [
    ...headers,
    'INV-1001',
    'invoice number',
    'INVOICE-NUMBER!',
    'Invoice Numbers',
    'Invoice Numbe',
    'n facture',
    'Reference',
    'Re\u0301fe\u0301rence',
    'total gbp',
    '---',
    '—',
    'echeance',
    'kundek',
    'İnvoice Number',
  ];
  for (const header of headers) {
    const folded = normaliseHeader(header);
    for (const value of values)
      assert.equal(foldsTo(value, folded), normaliseHeader(value) === folded, `${JSON.stringify(value)} against ${JSON.stringify(header)}`);
  }
});
