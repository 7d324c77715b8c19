/**
 * Headers as words. Exports name the same column many ways: "Inv Ref", "Invoice #", "Supplier
 * Invoice No.", "InvoiceNumber", "N° facture", "A/C Ref". Folded to words, with abbreviations
 * spelled out, those compare with the synonyms word by word, whatever their order or punctuation;
 * a word that changes what the column is ("First Name", "Amount (LCY)", "Tax Rate") rules a match out.
 */
import type { FieldDef } from './fields.js';

/** Abbreviations and inflections as exports write them (English and French), to one word. */
const SPELLED: Record<string, string> = {
  inv: 'invoice',
  invoices: 'invoice',
  fact: 'facture',
  factures: 'facture',
  bill: 'invoice',
  bills: 'invoice',
  no: 'number',
  nr: 'number',
  nbr: 'number',
  num: 'number',
  numero: 'number',
  nos: 'number',
  nb: 'number',
  ref: 'reference',
  reff: 'reference',
  refs: 'reference',
  amt: 'amount',
  amnt: 'amount',
  amounts: 'amount',
  mt: 'montant',
  mnt: 'montant',
  acct: 'account',
  acc: 'account',
  ac: 'account',
  compte: 'account',
  dt: 'date',
  dte: 'date',
  curr: 'currency',
  ccy: 'currency',
  cur: 'currency',
  currencies: 'currency',
  desc: 'description',
  descr: 'description',
  addr: 'address',
  adr: 'address',
  adresse: 'address',
  tel: 'phone',
  telephone: 'phone',
  phones: 'phone',
  supp: 'supplier',
  suppliers: 'supplier',
  vend: 'vendor',
  vendors: 'vendor',
  fourn: 'fournisseur',
  fournisseurs: 'fournisseur',
  doc: 'document',
  docs: 'document',
  trx: 'transaction',
  txn: 'transaction',
  trans: 'transaction',
  pmt: 'payment',
  pymt: 'payment',
  paymt: 'payment',
  payments: 'payment',
  bal: 'balance',
  orig: 'original',
  reg: 'registration',
  qty: 'quantity',
  mail: 'email',
  courriel: 'email',
  postcode: 'postal',
  zipcode: 'zip',
  zip: 'postal',
  post: 'postal',
  lcy: 'base',
  mst: 'base',
  fcy: 'foreign',
  pct: 'percent',
  '%': 'percent',
};

/** Words that only glue others together. */
// Not "du": in "montant dû" it is the word that matters.
const GLUE = new Set(['1', 'of', 'the', 'a', 'de', 'des', 'd', 'la', 'le', 'l', 'en', 'in', 'for', 'pour', 'par', 'per', 'on', 'by', 'et', 'and']);

/**
 * The header's words, folded: "Supplier Invoice #" → supplier invoice number; "InvoiceNumber" →
 * invoice number; "N° facture" → number facture; "A/C Ref" → account reference; "E-mail" → email.
 */
export function headerTokens(header: string): string[] {
  // "TransactionOverview.DueDate", "vendor.name": a table's name before the column's, as report
  // writers and SQL exports head their columns; the column's own words are what it holds.
  const dotted = /^[A-Za-z_][\w]*\.([A-Za-z_][\w]*)$/.exec(header.trim());
  if (dotted) header = dotted[1]!;
  const spaced = header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\be\s*-\s*mail\b/g, 'email')
    .replace(/\ba\s*\/\s*c\b/g, 'account')
    .replace(/\bn\s*[°º]/g, ' number ')
    .replace(/#/g, ' number ')
    .replace(/%/g, ' percent ');
  const words: string[] = [];
  for (const raw of spaced.split(/[^a-z0-9]+/)) {
    if (raw === '' || GLUE.has(raw)) continue;
    const word = SPELLED[raw] ?? raw;
    if (!words.includes(word)) words.push(word);
  }
  return words;
}

/** Words that make a header name something else, whatever the field. */
const CHANGES_ANY = new Set([
  'first',
  'last',
  'middle',
  'given',
  'family',
  'parent',
  'previous',
  'prior',
  'old',
  'alternate',
  'alt',
  'secondary',
  '2',
  '3',
  'ship',
  'shipping',
  'delivery',
  'customer',
  'client',
  'employee',
  'user',
  'created',
  'modified',
  'updated',
  'percent',
  'rate',
  'count',
  'days',
  'age',
  'aging',
  'ageing',
  'bank',
  'iban',
  'swift',
  'internal',
  'row',
  'record',
  'system',
  'uuid',
  'guid',
]);
/** Words that make an amount, currency or date header name another one. */
const CHANGES_AMOUNT = new Set([
  'base',
  'home',
  'functional',
  'local',
  'reporting',
  'company',
  'accounting',
  'converted',
  'exchange',
  'code',
  'type',
  'account',
  'paid',
  'discount',
  'tax',
  'vat',
  'tva',
  'date',
  'number',
  'reference',
  'name',
]);
/** "Tax Excluded", "Untaxed", "HT": the amount without its tax, not the tax. */
const CHANGES_TAX = new Set(
  [...CHANGES_AMOUNT].filter((w) => w !== 'tax' && w !== 'vat' && w !== 'tva').concat(['excluded', 'excluding', 'excl', 'untaxed', 'ht', 'net', 'base']),
);
const CHANGES_DATE = new Set(['period', 'year', 'month', 'amount', 'number', 'reference', 'time']);
const CHANGES_ID = new Set([
  'tax',
  'vat',
  'tva',
  'registration',
  'po',
  'purchase',
  'order',
  'receipt',
  'check',
  'cheque',
  'payment',
  'batch',
  'journal',
  'line',
  'item',
  'product',
  'date',
  'amount',
  'name',
  'currency',
  'phone',
  'email',
  'address',
]);
const CHANGES_NAME = new Set(['number', 'reference', 'id', 'code', 'email', 'phone', 'address', 'date', 'amount']);
/** Words that keep the meaning but say the column is a lesser choice ("Posting Date", "Net Amount"). */
const WEAKER = new Set(['posting', 'net', 'excl', 'excluding', 'ht', 'short', 'search', 'print', 'alias', 'line']);
/**
 * Words that say an amount is in the document's own currency. Where an export has both, the plain
 * "Amount" is the base-currency one (NetSuite's "Amount" vs "Amount (Foreign Currency)", Sage
 * Intacct's "Total amount" vs "Total transaction amount"), so these outrank the plain synonym.
 */
const DOCUMENT_CURRENCY = new Set(['foreign', 'document', 'transaction', 'entered', 'currency', 'fc', 'dc']);

function changers(def: FieldDef): ReadonlySet<string> {
  switch (def.type) {
    case 'amount':
      return def.key === 'taxAmount' ? CHANGES_TAX : CHANGES_AMOUNT;
    case 'integer':
    case 'currency':
      return CHANGES_AMOUNT;
    case 'date':
      return CHANGES_DATE;
    default:
      if (def.key === 'supplierName') return CHANGES_NAME;
      if (/Id$|Number$/.test(def.key)) return CHANGES_ID;
      return EMPTY;
  }
}
const EMPTY: ReadonlySet<string> = new Set();

/** The header has a word that makes it name something other than the field ("Aging" for an amount). */
export function contradicts(header: readonly string[], def: FieldDef): boolean {
  const changing = changers(def);
  return header.some((w) => CHANGES_ANY.has(w) || changing.has(w));
}

/**
 * 0..1: how well a header's words name a synonym's. The same words in any order score 0.94; the
 * synonym's words among more words less (the more extra words, the less); a generic header whose
 * words are all in the synonym ("Number" for "invoice number") less again, so the values decide.
 */
export function tokenSimilarity(header: readonly string[], synonym: readonly string[], def: FieldDef): number {
  if (header.length === 0 || synonym.length === 0) return 0;
  const inHeader = synonym.filter((w) => header.includes(w)).length;
  const extra = header.filter((w) => !synonym.includes(w));
  const changing = changers(def);
  if (extra.some((w) => CHANGES_ANY.has(w) || changing.has(w))) return 0;
  const weaker = extra.some((w) => WEAKER.has(w)) ? 0.85 : 1;
  if (inHeader === synonym.length) {
    if (extra.length === 0) return 0.94 * weaker;
    if (def.type === 'amount' && extra.some((w) => w !== 'currency') && extra.every((w) => DOCUMENT_CURRENCY.has(w))) return 0.99;
    return (0.62 + 0.28 * (synonym.length / header.length)) * weaker;
  }
  if (extra.length === 0) {
    // Every header word is in the synonym: "Number" → "invoice number".
    return (0.45 + 0.25 * (header.length / synonym.length)) * weaker;
  }
  return 0;
}
