/**
 * How text becomes searchable terms, the same for documents and queries: accents and case folded,
 * split on anything that is not a letter or a digit, synonyms mapped to one canonical term, and
 * typo tolerance that grows with the length of a term (a 3-letter term must be exact, or "m8"
 * would match "m6").
 */
import { canonicalTerm } from './synonyms.ts';

/** Characters that NFKD does not split into a base letter and a mark. */
const SPECIAL_FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', þ: 'th' };

/** "Schraube M8 Édition" → "schraube m8 edition": the form every term and code is compared in. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæøœłđþ]/g, (c) => SPECIAL_FOLDS[c] ?? c);
}

/** Terms of a text, folded, in order. Digits and letters stay together ("m8x20" is one term). */
export function tokenize(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/**
 * Index side: a term and, when it has a synonym, its canonical form too, so both a query for the
 * synonym and a prefix of the original word ("piec" → "pieces") find the document.
 */
export function indexTerms(term: string): string | string[] {
  const canonical = canonicalTerm(term);
  return canonical === term ? term : [term, canonical];
}

/** Query side: a whole query term that has a synonym is looked up by its canonical form. */
export function queryTerm(term: string): string {
  return canonicalTerm(term);
}

/**
 * Edits allowed for a query term: none up to 3 characters (sizes and codes like "m8", "din"),
 * one up to 5, two from 6 ("hydrualic" still finds "hydraulic"). Terms that contain digits are
 * sizes or part numbers: a typo there is another product, so they are matched exactly.
 */
export function fuzzyEdits(term: string): number {
  if (/\d/.test(term) || term.length <= 3) return 0;
  return term.length <= 5 ? 1 : 2;
}

/** Prefix matching from 2 characters: the buyer is still typing ("hydr" → "hydraulic"). */
export function prefixAllowed(term: string): boolean {
  return term.length >= 2;
}

/**
 * The form a sku or part number is compared in: folded, separators dropped, so "ab-12 34", "AB1234"
 * and "ab.12.34" are one code. Returns undefined when nothing code-like is left.
 */
export function codeKey(text: string): string | undefined {
  const key = fold(text).replace(/[^\p{L}\p{N}]+/gu, '');
  return key.length >= 2 ? key : undefined;
}
