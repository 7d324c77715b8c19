/** Deterministic Bills exports for the intake benchmarks (same seed, same bytes, every run). */
const SUPPLIERS = [
  'Acme Industrial Supplies Ltd',
  'Nordic Timber, AB',
  'Café Dupont SARL',
  'Globex Corporation',
  'Initech LLC',
  'Müller & Söhne GmbH',
  'Staffing Services Inc.',
  'Zhang & Co',
];
const STATUSES = ['Paid', 'Open', 'Partially Paid', 'Draft', 'Void'];
const CURRENCIES = ['GBP', 'EUR', 'USD', 'SEK'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const money = (n: number) => n.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function billsCsv(rows: number, seed = 42): Uint8Array<ArrayBuffer> {
  const next = rng(seed);
  const lines = ['Invoice Number,Supplier ID,Supplier Name,Invoice Date,Due Date,Currency,Total,Amount Due,Tax Amount,Status,Description'];
  for (let i = 0; i < rows; i++) {
    const s = Math.floor(next() * SUPPLIERS.length);
    const name = SUPPLIERS[s]!;
    const day = 1 + Math.floor(next() * 28);
    const month = 1 + Math.floor(next() * 12);
    const total = Math.round(next() * 2_000_000) / 100;
    const status = STATUSES[Math.floor(next() * STATUSES.length)]!;
    const due = status === 'Paid' ? 0 : total;
    lines.push(
      `INV-${100000 + i},SUP-${s + 1},${name.includes(',') ? `"${name}"` : name},${pad(day)}/${pad(month)}/2024,${pad(day)}/${pad(month === 12 ? 12 : month + 1)}/2024,` +
        `${CURRENCIES[s % CURRENCIES.length]},"${money(total)}","${money(due)}",${(total / 6).toFixed(2)},${status},Goods and services batch ${i % 97}`,
    );
  }
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}

/** The Suppliers export every bill of `billsCsv` names (SUP-1 … SUP-8), so the cross-check passes. */
export function suppliersCsv(): Uint8Array<ArrayBuffer> {
  const lines = ['Supplier ID,Supplier Name,Country,Currency'];
  SUPPLIERS.forEach((name, i) => lines.push(`SUP-${i + 1},${name.includes(',') ? `"${name}"` : name},GB,${CURRENCIES[i % CURRENCIES.length]}`));
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}
