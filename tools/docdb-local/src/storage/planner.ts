/**
 * Picks the records a filter can match without a collection scan: `_id` lookups, then equality,
 * `$in` and range conditions on the first field of a complete (not sparse, not partial) index.
 * Candidates are always re-checked against the whole filter by the caller.
 */
import { BSONRegExp } from 'bson';
import { compareValues, type Doc, isPlainObject, typeRank } from '../values.ts';
import type { Collection } from './collection.ts';
import type { Index } from './index.ts';
import type { Rec } from './types.ts';

export interface FieldCondition {
  eq?: unknown[];
  lower?: { value: unknown; inclusive: boolean };
  upper?: { value: unknown; inclusive: boolean };
  /**
   * Both bounds come from one predicate on one value (a prefix regex), so on a multikey index the
   * same array element meets both: the scan may stop at the upper bound too.
   */
  oneValue?: boolean;
}

function isIndexableValue(v: unknown): boolean {
  return !Array.isArray(v) && !(v instanceof RegExp) && !(v instanceof BSONRegExp) && v !== undefined;
}

/**
 * `/^abc/` (case-sensitive, no alternation) only matches strings in ['abc', 'abd'): an index
 * range. Returns undefined for any other pattern.
 */
function prefixRange(pattern: unknown, options: unknown): FieldCondition | undefined {
  let source: string;
  let flags: string;
  if (pattern instanceof RegExp) {
    source = pattern.source;
    flags = typeof options === 'string' ? options : pattern.flags;
  } else if (typeof pattern === 'string') {
    source = pattern;
    flags = typeof options === 'string' ? options : '';
  } else return undefined;
  if (flags.includes('i') || flags.includes('m') || flags.includes('x')) return undefined;
  const m = /^\^([^.*+?^${}()|[\]\\]+)/.exec(source);
  if (!m || source.includes('|')) return undefined;
  let prefix = m[1] as string;
  // A quantifier after the literal run makes its last character optional or repeatable.
  if ('*+?{'.includes(source.charAt(m[0].length) || 'x')) prefix = prefix.slice(0, -1);
  if (prefix === '') return undefined;
  const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return {
    lower: { value: prefix, inclusive: true },
    upper: { value: next, inclusive: false },
    oneValue: true,
  };
}

function conditionOf(cond: unknown): FieldCondition | undefined {
  if (cond instanceof RegExp) return prefixRange(cond, undefined);
  if (!isPlainObject(cond) || !Object.keys(cond).some((k) => k.startsWith('$'))) {
    return isIndexableValue(cond) ? { eq: [cond] } : undefined;
  }
  if ('$regex' in cond && Object.keys(cond).every((k) => k === '$regex' || k === '$options')) {
    return prefixRange(cond.$regex, cond.$options);
  }
  const out: FieldCondition = {};
  for (const [op, v] of Object.entries(cond)) {
    if (op === '$eq' && isIndexableValue(v)) out.eq = [v];
    else if (
      op === '$in' &&
      Array.isArray(v) &&
      v.every(isIndexableValue) &&
      !v.some((x) => isPlainObject(x))
    )
      out.eq = v;
    else if ((op === '$gt' || op === '$gte') && isIndexableValue(v) && v !== null)
      out.lower = { value: v, inclusive: op === '$gte' };
    else if ((op === '$lt' || op === '$lte') && isIndexableValue(v) && v !== null)
      out.upper = { value: v, inclusive: op === '$lte' };
  }
  return out.eq || out.lower || out.upper ? out : undefined;
}

/**
 * Top-level field conditions, including those inside a top-level `$and`, and those every branch
 * of a `$or` puts on one field (their union: `$or: [{a: {$gt: 5}}, {a: 5, b: 1}]` → `a >= 5`,
 * which is how a keyset page's "after the last item" filter narrows an index walk).
 * Each condition is necessary, not sufficient: candidates are re-checked against the filter.
 */
export function fieldConditions(
  filter: Doc,
  out = new Map<string, FieldCondition>(),
): Map<string, FieldCondition> {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) fieldConditions(sub, out);
    } else if (k === '$or' && Array.isArray(v)) {
      for (const [path, c] of orConditions(v)) if (!out.has(path)) out.set(path, c);
    } else if (!k.startsWith('$') && !out.has(k)) {
      const c = conditionOf(v);
      if (c) out.set(k, c);
    }
  }
  return out;
}

/** The fields every branch constrains, each with the union of the branches' conditions. */
function orConditions(branches: unknown[]): Map<string, FieldCondition> {
  let acc: Map<string, FieldCondition> | undefined;
  for (const branch of branches) {
    if (!isPlainObject(branch)) return new Map();
    const conds = fieldConditions(branch);
    if (!acc) {
      acc = conds;
      continue;
    }
    const next = new Map<string, FieldCondition>();
    for (const [path, c] of acc) {
      const other = conds.get(path);
      const union = other && unionOf(c, other);
      if (union) next.set(path, union);
    }
    acc = next;
  }
  return acc ?? new Map();
}

/** A condition that holds whenever `a` or `b` holds, or undefined when only "anything" does. */
function unionOf(a: FieldCondition, b: FieldCondition): FieldCondition | undefined {
  if (a.eq && b.eq) return { eq: [...a.eq, ...b.eq] };
  // As intervals: an equality list spans its least to its greatest value.
  const span = (c: FieldCondition) => {
    if (!c.eq) return { lower: c.lower, upper: c.upper };
    const sorted = [...c.eq].sort(compareValues);
    return {
      lower: { value: sorted[0], inclusive: true },
      upper: { value: sorted[sorted.length - 1], inclusive: true },
    };
  };
  const x = span(a);
  const y = span(b);
  // Bounds of different BSON types do not make one interval (ranges stay in their type bracket).
  const bounds = [x.lower, x.upper, y.lower, y.upper].filter((v) => v !== undefined);
  const rank = typeRank(bounds[0]?.value);
  if (bounds.some((v) => v.value === null || typeRank(v.value) !== rank)) return undefined;
  const loosest = (p: FieldCondition['lower'], q: FieldCondition['lower'], sign: number) => {
    if (!p || !q) return undefined;
    const c = compareValues(p.value, q.value) * sign;
    if (c !== 0) return c < 0 ? p : q;
    return { value: p.value, inclusive: p.inclusive || q.inclusive };
  };
  const lower = loosest(x.lower, y.lower, 1);
  const upper = loosest(x.upper, y.upper, -1);
  return lower || upper ? { lower, upper } : undefined;
}

/** How a filter is answered: by `_id`, through an index, or by a collection scan. */
export type PlanChoice = { kind: 'id' } | { kind: 'index'; index: Index } | { kind: 'scan' };

/** Candidate records for `filter`, or undefined when only a full scan finds them all. */
export function planCandidates(
  coll: Collection,
  filter: Doc | undefined,
  explain?: { choice?: PlanChoice },
): Rec[] | undefined {
  if (explain) explain.choice = { kind: 'scan' };
  if (!filter) return undefined;
  const conds = fieldConditions(filter);
  if (conds.size === 0) return undefined;
  const idCond = conds.get('_id');
  if (idCond?.eq) {
    if (explain) explain.choice = { kind: 'id' };
    const found = new Set<Rec>();
    for (const v of idCond.eq) {
      const rec = coll.get(v);
      if (rec) found.add(rec);
    }
    return [...found];
  }
  const best = chooseIndex(coll, conds);
  if (!best) return undefined;
  const { index, cond } = best;
  if (explain) explain.choice = { kind: 'index', index };
  const seen = new Set<Rec>();
  const out: Rec[] = [];
  const take = (rec: Rec) => {
    if (!seen.has(rec)) {
      seen.add(rec);
      out.push(rec);
    }
  };
  if (best.pinned > 0) {
    // Equalities (or `$in`s) on the leading fields: one probe per combination of their values,
    // in index order, so `{list: x, sku: {$in: [20 skus]}}` reads 20 keys, not the whole list.
    for (const prefix of prefixProbes(index, conds, best.pinned)) {
      const cmpPrefix = (key: unknown[]) => comparePrefix(index, key, prefix);
      index.entries.scanFrom(
        (e) => cmpPrefix(e.key),
        (e) => {
          if (cmpPrefix(e.key) !== 0) return false;
          take(e.rec);
          return true;
        },
      );
    }
    return out;
  }
  // Range: stay inside the bound's type bracket (`{$gt: 5}` only matches numbers). On a multikey
  // index the bounds may be met by different elements ([1, 10] matches {$gt: 5, $lt: 8}), so
  // only one of them can narrow the scan, unless one predicate sets both (a prefix regex is met
  // or not by each element on its own: `tags: /^ab/` scans ['ab', 'ac') of a multikey index too).
  const lower = cond.lower;
  const upper = cond.lower && index.multikey && !cond.oneValue ? undefined : cond.upper;
  const rank = typeRank((lower ?? upper)?.value);
  index.entries.scanFrom(
    (e) => {
      const k = e.key[0];
      const r = typeRank(k);
      if (r !== rank) return r < rank ? -1 : 1;
      if (!lower) return 0;
      const c = compareValues(k, lower.value);
      return c < 0 || (c === 0 && !lower.inclusive) ? -1 : 1;
    },
    (e) => {
      const k = e.key[0];
      if (typeRank(k) !== rank) return false;
      if (upper) {
        const c = compareValues(k, upper.value);
        if (c > 0 || (c === 0 && !upper.inclusive)) return false;
      }
      take(e.rec);
      return true;
    },
  );
  return out;
}

/** Above this many value combinations, a compound `$in` probes fewer leading fields. */
const MAX_PROBES = 1000;

/** How many leading fields of `index` the equalities pin (bounded by MAX_PROBES combinations). */
export function pinnedFields(index: Index, conds: Map<string, FieldCondition>, singleOnly = false): number {
  let pinned = 0;
  let combinations = 1;
  for (const field of index.fields) {
    const eq = conds.get(field.path)?.eq;
    if (!eq || (singleOnly && eq.length !== 1)) break;
    combinations *= eq.length;
    if (combinations > MAX_PROBES && pinned > 0) break;
    pinned++;
  }
  return pinned;
}

/**
 * Prefer the index whose leading fields the filter pins with equalities (more is better), then
 * unique ones; ranges only on the first field.
 */
export function chooseIndex(
  coll: Collection,
  conds: Map<string, FieldCondition>,
): { index: Index; cond: FieldCondition; pinned: number } | undefined {
  let best: { index: Index; cond: FieldCondition; pinned: number } | undefined;
  for (const index of coll.indexes.values()) {
    if (!index.complete) continue;
    const first = index.fields[0];
    if (!first) continue;
    const cond = conds.get(first.path);
    if (!cond) continue;
    if (!cond.eq && first.dir < 0) continue;
    const pinned = pinnedFields(index, conds);
    if (
      !best ||
      pinned > best.pinned ||
      (pinned === best.pinned && cond.eq && !best.cond.eq) ||
      (pinned === best.pinned && cond.eq && best.cond.eq && index.unique && !best.index.unique)
    ) {
      best = { index, cond, pinned };
    }
  }
  return best;
}

/** Compares the first `prefix.length` fields of an index key with `prefix`, in index order. */
export function comparePrefix(index: Index, key: unknown[], prefix: unknown[]): number {
  for (let i = 0; i < prefix.length; i++) {
    const c = compareValues(key[i], prefix[i]) * (index.fields[i] as { dir: number }).dir;
    if (c !== 0) return c;
  }
  return 0;
}

/** Every combination of the pinned fields' values, in index order, each once. */
export function prefixProbes(index: Index, conds: Map<string, FieldCondition>, pinned: number): unknown[][] {
  let probes: unknown[][] = [[]];
  for (const field of index.fields.slice(0, pinned)) {
    const values = distinctSorted((conds.get(field.path) as FieldCondition).eq as unknown[], field.dir);
    const next: unknown[][] = [];
    for (const p of probes) for (const v of values) next.push([...p, v === undefined ? null : v]);
    probes = next;
  }
  return probes;
}

function distinctSorted(values: unknown[], dir: number): unknown[] {
  const sorted = [...values].sort((a, b) => compareValues(a, b) * dir);
  return sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1], v) !== 0);
}
