/**
 * The terms a query looks up, with the same prefix and fuzzy rules the text index is asked with
 * (minisearch-engine.ts passes `prefixFor` and `fuzzyFor` to MiniSearch), and the terms a product's
 * text is indexed under. One definition of both, so the answer cache can tell exactly which
 * remembered queries a changed product can reach (query-watch.ts) without asking the index.
 */
import { fuzzyEdits, indexTerms, prefixAllowed, queryTerm, tokenize } from './text.ts';

/** One query term as MiniSearch looks it up: exact, as a prefix, and/or within `edits` edits. */
export interface QueryTermSpec {
  term: string;
  prefix: boolean;
  /** Levenshtein distance allowed; 0: none. */
  edits: number;
}

/** Still typing the last word: complete it; earlier words are complete words (4+ letters excepted). */
export function prefixFor(term: string, i: number, all: readonly string[]): boolean {
  return prefixAllowed(term) && (i === all.length - 1 || (term.length >= 4 && !/\d/.test(term)));
}

/** MiniSearch's `fuzzy` option: an edit count, or false for none. */
export function fuzzyFor(term: string): number | false {
  return fuzzyEdits(term) || false;
}

/** The processed terms of a query, as MiniSearch derives them (tokenize, then `queryTerm`). */
export function querySpecs(q: string): QueryTermSpec[] {
  const terms = tokenize(q).map(queryTerm);
  return terms.map((term, i) => ({ term, prefix: prefixFor(term, i, terms), edits: fuzzyEdits(term) }));
}

/** Every term a product's text fields are indexed under (synonyms' canonical forms included). */
export function documentTerms(fields: Iterable<string>): Set<string> {
  const terms = new Set<string>();
  for (const text of fields) {
    for (const token of tokenize(text)) {
      const indexed = indexTerms(token);
      if (typeof indexed === 'string') terms.add(indexed);
      else for (const t of indexed) terms.add(t);
    }
  }
  return terms;
}

/** Whether the Levenshtein distance of `a` and `b` is at most `max` (MiniSearch's fuzzy measure). */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      row.push(value);
      if (value < best) best = value;
    }
    // Every cell of the row exceeds the bound: the distance can only grow from here.
    if (best > max) return false;
    previous = row;
  }
  return previous[b.length]! <= max;
}
