/**
 * CSV export for relationship managers. A cell that starts like a formula (= + - @, tab, CR)
 * gets a leading apostrophe, so a spreadsheet shows it as text instead of running it.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // A real number cannot carry a formula; "-12.5" as a number stays a number.
  let text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
