/**
 * Search that forgives case, accents and spacing: "exact", "EXACT", "éxact" and "exactonline"
 * all find "Exact Online"; "sage50" finds "Sage 50".
 */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

function compact(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

export function matches(name: string, query: string): boolean {
  const q = fold(query);
  if (q === '') return true;
  return fold(name).includes(q) || compact(name).includes(compact(query));
}
