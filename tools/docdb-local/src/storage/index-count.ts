/**
 * `count` / `countDocuments` of a filter that is nothing but equalities (or `$in`s) on the leading
 * fields of an index, answered from the index's entry positions without reading a document (a
 * COUNT_SCAN): O(index blocks) per probe instead of O(matches). Only on an index where every
 * document has exactly one entry (complete, never multikey) and only outside transactions (whose
 * snapshot the live index does not show); otherwise undefined, and the caller counts matches.
 */
import { isPlainObject } from '../values.ts';
import type { Collection } from './collection.ts';
import type { Index } from './index.ts';
import { comparePrefix, prefixProbes } from './planner.ts';

/** Scalars whose index key is exactly what `{field: value}` matches (no null, arrays, documents, regexes). */
function isExactValue(v: unknown): boolean {
  if (v === null || v === undefined || Array.isArray(v) || isPlainObject(v) || v instanceof RegExp)
    return false;
  const t = (v as { _bsontype?: string })._bsontype;
  return t !== 'BSONRegExp' && t !== 'MinKey' && t !== 'MaxKey' && t !== 'Code';
}

/** The filter as field → accepted values, when it has no other kind of condition. */
function equalitiesOf(filter: Record<string, unknown>): Map<string, unknown[]> | undefined {
  const out = new Map<string, unknown[]>();
  for (const [path, cond] of Object.entries(filter)) {
    if (path.startsWith('$')) return undefined;
    let values: unknown[];
    if (!isPlainObject(cond)) values = [cond];
    else {
      const ops = Object.keys(cond);
      if (ops.length !== 1) return undefined;
      if (ops[0] === '$eq') values = [cond.$eq];
      else if (ops[0] === '$in' && Array.isArray(cond.$in) && cond.$in.length > 0) values = cond.$in;
      else return undefined;
    }
    if (!values.every(isExactValue)) return undefined;
    out.set(path, values);
  }
  return out.size > 0 ? out : undefined;
}

/** The number of documents matching `filter`, or undefined when the index cannot say exactly. */
export function countByIndex(
  coll: Collection,
  filter: Record<string, unknown> | undefined,
): number | undefined {
  if (!filter) return undefined;
  if (Object.keys(filter).length === 0) return coll.records.size;
  const eqs = equalitiesOf(filter);
  if (!eqs) return undefined;
  const index = [...coll.indexes.values()].find((i) => covers(i, eqs));
  if (!index) return undefined;
  let n = 0;
  const conds = new Map([...eqs].map(([path, eq]) => [path, { eq }]));
  for (const prefix of prefixProbes(index, conds, eqs.size)) {
    const first = index.entries.rank((e) => comparePrefix(index, e.key, prefix));
    const past = index.entries.rank((e) => (comparePrefix(index, e.key, prefix) <= 0 ? -1 : 0));
    n += past - first;
  }
  return n;
}

/** The filter's fields are exactly the index's leading fields, and each document has one entry. */
function covers(index: Index, eqs: Map<string, unknown[]>): boolean {
  if (!index.complete || index.multikey || index.fields.length < eqs.size) return false;
  return index.fields.slice(0, eqs.size).every((f) => eqs.has(f.path));
}
