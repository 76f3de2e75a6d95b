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

interface FieldCondition {
  eq?: unknown[];
  lower?: { value: unknown; inclusive: boolean };
  upper?: { value: unknown; inclusive: boolean };
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
  return { lower: { value: prefix, inclusive: true }, upper: { value: next, inclusive: false } };
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

/** Top-level field conditions, including those inside a top-level `$and`. */
function fieldConditions(filter: Doc, out = new Map<string, FieldCondition>()): Map<string, FieldCondition> {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) fieldConditions(sub, out);
    } else if (!k.startsWith('$') && !out.has(k)) {
      const c = conditionOf(v);
      if (c) out.set(k, c);
    }
  }
  return out;
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
  // Prefer the index whose leading fields the filter pins with equalities (more is better),
  // then unique ones; ranges only on the first field.
  let best: { index: Index; cond: FieldCondition; pinned: number } | undefined;
  for (const index of coll.indexes.values()) {
    if (!index.complete) continue;
    const first = index.fields[0];
    if (!first) continue;
    const cond = conds.get(first.path);
    if (!cond) continue;
    if (!cond.eq && first.dir < 0) continue;
    let pinned = 0;
    while (
      pinned < index.fields.length &&
      conds.get((index.fields[pinned] as { path: string }).path)?.eq?.length === 1
    )
      pinned++;
    if (cond.eq && pinned === 0) pinned = 1; // $in on the first field
    if (
      !best ||
      pinned > best.pinned ||
      (pinned === best.pinned && cond.eq && !best.cond.eq) ||
      (pinned === best.pinned && cond.eq && best.cond.eq && index.unique && !best.index.unique)
    ) {
      best = { index, cond, pinned };
    }
  }
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
  const dir = (index.fields[0] as { dir: number }).dir;
  if (best.pinned > 1) {
    // Equalities on several leading fields: one probe on the key prefix.
    const prefix = index.fields.slice(0, best.pinned).map((f) => {
      const v = (conds.get(f.path) as FieldCondition).eq?.[0];
      return v === undefined ? null : v;
    });
    const cmpPrefix = (key: unknown[]) => {
      for (let i = 0; i < prefix.length; i++) {
        const c = compareValues(key[i], prefix[i]) * (index.fields[i] as { dir: number }).dir;
        if (c !== 0) return c;
      }
      return 0;
    };
    index.entries.scanFrom(
      (e) => cmpPrefix(e.key),
      (e) => {
        if (cmpPrefix(e.key) !== 0) return false;
        take(e.rec);
        return true;
      },
    );
    return out;
  }
  if (cond.eq) {
    for (const v of cond.eq) {
      const value = v === undefined ? null : v;
      index.entries.scanFrom(
        (e) => compareValues(e.key[0], value) * dir,
        (e) => {
          if (compareValues(e.key[0], value) !== 0) return false;
          take(e.rec);
          return true;
        },
      );
    }
    return out;
  }
  // Range: stay inside the bound's type bracket (`{$gt: 5}` only matches numbers). On a multikey
  // index the bounds may be met by different elements ([1, 10] matches {$gt: 5, $lt: 8}), so
  // only one of them can narrow the scan.
  const lower = cond.lower;
  const upper = cond.lower && index.multikey ? undefined : cond.upper;
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
