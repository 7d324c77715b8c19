/** Folds a header or name so that case, accents, punctuation and spacing do not matter. */
export function normaliseHeader(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * Whether `normaliseHeader(value) === folded`, for a check run on every row: plain ASCII is folded
 * as it is compared, so an ordinary value is told apart at its first differing letter; anything else
 * is folded in full.
 */
export function foldsTo(value: string, folded: string): boolean {
  let at = 0;
  for (let i = 0; i < value.length; i++) {
    let code = value.charCodeAt(i);
    if (code >= 128) return normaliseHeader(value) === folded;
    if (code >= 65 && code <= 90) code += 32;
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      // ASCII letters fold on their own (accents are separate marks), so a mismatch here is final.
      if (folded.charCodeAt(at) !== code) return false;
      at += 1;
    }
  }
  return at === folded.length;
}

/**
 * Folds a supplier name for cross-file matching: like normaliseHeader, and legal-form suffixes
 * ("Ltd", "SARL", "GmbH"…) removed, since one export writes them and the other does not.
 */
export function normaliseName(value: string): string {
  const words = value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  return words.join('');
}

const LEGAL_FORMS = new Set([
  'ltd',
  'limited',
  'plc',
  'llc',
  'llp',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'sa',
  'sas',
  'sasu',
  'sarl',
  'eurl',
  'sci',
  'snc',
  'gmbh',
  'ag',
  'kg',
  'bv',
  'nv',
  'srl',
  'spa',
  'oy',
  'ab',
  'as',
  'pty',
  'pte',
]);
