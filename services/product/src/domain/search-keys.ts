/**
 * `?q=` without reading every product: each product stores `searchKeys`, the lower-cased text of
 * its name, sku and brand from the start of each word on (`"Hex bolt M8"` → `hex bolt m8`,
 * `bolt m8`, `m8`), and a multikey index on them answers "a word of name, sku or brand starts with
 * q" as one anchored regex, i.e. one index range (DocumentDB and docdb-local both use an index for
 * a case-sensitive `^prefix` regex; a case-insensitive or unanchored one scans the collection).
 * So `q` matches from the start of any word, across words ("bolt m8"), case-insensitively; not in
 * the middle of a word ("olt").
 */
import { containsText } from '@b2b/shared/db';
import type { Filter } from 'mongodb';
import type { ProductDoc } from './model.ts';

/** Keys are cut to this length; a longer q is narrowed by its first KEY_LENGTH characters and then checked in full. */
export const SEARCH_KEY_LENGTH = 40;

/** Lower case, runs of white space as one space, trimmed: the same for keys and queries. */
export function normalizedSearchText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A letter or digit not preceded by one: where a word starts. */
const WORD_START = /(?<![\p{L}\p{N}])[\p{L}\p{N}]/gu;

export function searchKeysOf(product: Pick<ProductDoc, 'name' | 'sku' | 'brand'>): string[] {
  const keys = new Set<string>();
  for (const field of [product.name, product.sku, product.brand]) {
    const text = normalizedSearchText(field);
    if (text !== '') keys.add(text.slice(0, SEARCH_KEY_LENGTH));
    for (const start of text.matchAll(WORD_START))
      keys.add(text.slice(start.index, start.index + SEARCH_KEY_LENGTH));
  }
  return [...keys];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The filter of `?q=`, or undefined for a q of white space only (no filter, as before). */
export function searchFilter(q: string): Filter<ProductDoc> | undefined {
  const text = normalizedSearchText(q);
  if (text === '') return undefined;
  const filter: Filter<ProductDoc> = {
    searchKeys: new RegExp(`^${escapeRegex(text.slice(0, SEARCH_KEY_LENGTH))}`),
  };
  if (text.length <= SEARCH_KEY_LENGTH) return filter;
  // Keys are cut: the index narrows by the first characters, the whole text is then checked.
  const whole = containsText(text);
  return { ...filter, $or: [{ name: whole }, { sku: whole }, { brand: whole }] };
}
