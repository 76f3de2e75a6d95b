/** Sort specifications compiled to comparators, with MongoDB's array and missing-field rules. */
import { codes, fail } from '../errors.ts';
import { compareValues, type Doc, isNumeric, isPlainObject, toNumber } from '../values.ts';
import { sortKey, splitPath } from './paths.ts';

export type DocComparator = (a: Doc, b: Doc) => number;

export function compileSort(spec: unknown): DocComparator | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (!isPlainObject(spec)) return fail(codes.TypeMismatch, 'sort must be an object');
  const keys = Object.entries(spec).map(([path, dir]) => {
    if (isPlainObject(dir) && dir.$meta !== undefined) fail(codes.BadValue, '$meta sort is not supported');
    if (!isNumeric(dir) || (toNumber(dir) !== 1 && toNumber(dir) !== -1)) {
      fail(15975, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    }
    return { parts: splitPath(path), dir: toNumber(dir) };
  });
  if (keys.length === 0) return undefined;
  return (a, b) => {
    for (const k of keys) {
      const va = sortKey(a, k.parts, compareValues, k.dir);
      const vb = sortKey(b, k.parts, compareValues, k.dir);
      const c = compareValues(va, vb);
      if (c !== 0) return c * k.dir;
    }
    return 0;
  };
}

/**
 * The first `k` of `docs` in `cmp` order, ties in input order: what a stable full sort then a
 * slice gives, in O(n log k) comparisons and O(k) memory when no index orders the query.
 */
export function firstSorted(docs: Iterable<Doc>, cmp: DocComparator, k: number): Doc[] {
  const kept: Doc[] = [];
  for (const doc of docs) {
    if (kept.length === k && cmp(doc, kept[k - 1] as Doc) >= 0) continue;
    // After every element that is not greater: ties keep their input order.
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(kept[mid] as Doc, doc) <= 0) lo = mid + 1;
      else hi = mid;
    }
    kept.splice(lo, 0, doc);
    if (kept.length > k) kept.pop();
  }
  return kept;
}
