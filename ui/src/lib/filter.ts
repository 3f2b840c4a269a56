// The text filter of lists: every word typed must appear in one of the row's texts.

type FilterText = string | number | null | undefined;

/** The words of a filter query, lower-cased; empty when the query is blank. */
export function filterTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter((term) => term !== '');
}

function matchesTerms(texts: readonly FilterText[], terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const haystack = texts
    .filter((text) => text !== null && text !== undefined)
    .join('\n')
    .toLowerCase();
  return terms.every((term) => haystack.includes(term));
}

/** Whether a row with these texts passes the query (case-insensitive; all words must match). */
export function matchesFilter(texts: readonly FilterText[], query: string): boolean {
  return matchesTerms(texts, filterTerms(query));
}

/** The rows that pass the query, in order (the same array when the query is blank). */
export function filterRows<T>(rows: readonly T[], query: string, texts: (row: T) => readonly FilterText[]): readonly T[] {
  const terms = filterTerms(query);
  if (terms.length === 0) return rows;
  return rows.filter((row) => matchesTerms(texts(row), terms));
}
