/**
 * Report files the stories drop, written for them: a Suppliers export with a title block above the
 * header (as ERPs print them), a Bills export, one with errors, a file whose columns need the
 * customer's help, and a filled supplier spend template.
 */
export const SUPPLIERS_CSV = `Vendor master list,,,,,
Exported 15/01/2026,,,,,
Supplier Number,Supplier Name,VAT Registration,Country,Currency,Email
V-1001,Acme Office Supplies Ltd,GB123456789,GB,GBP,ap@acme.example
V-1002,Blue Sky Logistics,GB987654321,GB,GBP,billing@bluesky.example
V-1003,Café Rive Gauche SARL,FR12345678901,FR,EUR,compta@rivegauche.example
`;

const BILLS_HEADER = 'Invoice Number,Supplier Number,Supplier Name,Invoice Date,Due Date,Currency,Gross Amount,Status\n';

export const BILLS_CSV =
  BILLS_HEADER +
  `INV-501,V-1001,Acme Office Supplies Ltd,15/01/2026,14/02/2026,GBP,"1,234.56",Open
INV-502,V-1002,Blue Sky Logistics,16/01/2026,15/02/2026,GBP,980.00,Paid
INV-503,V-1003,Café Rive Gauche SARL,20/01/2026,19/02/2026,EUR,"2,450.10",Open
INV-504,V-1001,Acme Office Supplies Ltd,31/01/2026,02/03/2026,GBP,75.20,Open
`;

/** Rows 3 and 5 of the file have errors (a date that is not one, a missing amount). */
export const BILLS_WITH_ERRORS_CSV =
  BILLS_HEADER +
  `INV-601,V-1001,Acme Office Supplies Ltd,15/01/2026,14/02/2026,GBP,100.00,Open
INV-602,V-1002,Blue Sky Logistics,not a date,15/02/2026,GBP,980.00,Paid
INV-603,V-1003,Café Rive Gauche SARL,20/01/2026,19/02/2026,EUR,50.00,Open
INV-604,V-1001,Acme Office Supplies Ltd,31/01/2026,02/03/2026,GBP,,Open
`;

/** Headers no synonym matches: the supplier name column has to be pointed at. */
export const PARTNERS_CSV = 'Partner Code,Business Partner Title,Land,Curr\nV1,Acme,GB,GBP\nV2,Blue Sky,GB,GBP\n';

export const SUPPLIER_SPEND_CSV = `Supplier Name,Supplier ID,Tax Number,Country,Total Spend,Currency,Number of Payments
Acme Office Supplies Ltd,V-1001,GB123456789,GB,12840.50,GBP,14
Blue Sky Logistics,V-1002,GB987654321,GB,48200.00,GBP,6
Café Rive Gauche SARL,V-1003,FR12345678901,FR,3150.75,EUR,3
`;

/** A Suppliers export large enough that reading it takes a visible while. */
export function largeSuppliersCsv(rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => `V-${i},Supplier ${i},GB,GBP`);
  return `Supplier Number,Supplier Name,Country,Currency\n${lines.join('\n')}\n`;
}

export function csvFile(name: string, text: string): File {
  return new File([text], name, { type: 'text/csv' });
}
