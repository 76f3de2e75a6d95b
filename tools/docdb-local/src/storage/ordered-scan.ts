/**
 * `sort` + `limit` answered by walking an index in order instead of sorting every match: the
 * index's leading fields pinned by equalities (`{status: 'active'}`), then the sort's leading
 * fields in the index's order or exactly reversed (`{status: 1, name: 1}` serves `name` and
 * `-name`), a range on the first sort field (a keyset page's "after the last item") narrowing
 * where the walk starts and ends. Sort fields the index does not order (the `_id` tiebreaker)
 * are sorted within each run of equal index keys, so the result is exactly what sorting all
 * matches would give, ties in insertion order as the in-memory sort leaves them.
 */
import type { Predicate } from '../query/match.ts';
import { compileSort } from '../query/sort.ts';
import type { StoreContext } from '../store.ts';
import { compareValues, type Doc, typeRank } from '../values.ts';
import type { Collection } from './collection.ts';
import type { Index, IndexEntry } from './index.ts';
import { chooseIndex, comparePrefix, type FieldCondition, fieldConditions, pinnedFields } from './planner.ts';
import type { Rec } from './types.ts';

type Bound = NonNullable<FieldCondition['lower']>;

interface OrderedPlan {
  index: Index;
  /** Values of the pinned leading fields. */
  prefix: unknown[];
  /** How many sort fields the index orders (from position prefix.length). */
  ordered: number;
  /** Walk the entries backwards. */
  reverse: boolean;
  /** Bounds on the first ordered field, in its value order. */
  lower?: Bound;
  upper?: Bound;
}

/** The first `need` matches of `filter` in `sort` order, or undefined when no index serves it. */
export function findSortedByIndex(
  ctx: StoreContext,
  coll: Collection | undefined,
  filter: Doc | undefined,
  pred: Predicate,
  sort: Doc | undefined,
  need: number,
): Doc[] | undefined {
  if (!coll || !sort || need <= 0 || ctx.txn) return undefined;
  const cmp = compileSort(sort);
  if (!cmp) return undefined;
  const plan = planOrderedScan(coll, filter, sort);
  if (!plan) return undefined;
  const { index, prefix, ordered, reverse } = plan;
  const p = prefix.length;
  const fieldDir = (index.fields[p] as { dir: number }).dir;
  // The walk meets the first ordered field's values ascending or descending.
  const ascending = reverse ? fieldDir < 0 : fieldDir > 0;
  const start = ascending ? plan.lower : plan.upper;
  const end = ascending ? plan.upper : plan.lower;
  const rank = start || end ? typeRank((start ?? end)?.value) : undefined;
  /** < 0: k comes before `b` in walk order. */
  const walkCompare = (k: unknown, b: unknown) => compareValues(k, b) * (ascending ? 1 : -1);

  const out: Doc[] = [];
  const seen = new Set<Rec>();
  let group: Rec[] = [];
  let groupKey: unknown[] | undefined;
  const flush = () => {
    group.sort((a, b) => cmp(a.doc, b.doc) || a.seq - b.seq);
    for (const rec of group) out.push(rec.doc);
    group = [];
  };
  const visit = (e: IndexEntry): boolean => {
    if (comparePrefix(index, e.key, prefix) !== 0) return false;
    const k = e.key[p];
    if (rank !== undefined) {
      const r = typeRank(k);
      if (r !== rank) return ascending ? r < rank : r > rank; // before the type bracket: skip, past it: stop
      if (end) {
        const c = walkCompare(k, end.value);
        if (c > 0 || (c === 0 && !end.inclusive)) return false;
      }
    }
    if (groupKey && !sameOrderedKey(e.key, groupKey, p, ordered)) {
      flush();
      if (out.length >= need) return false;
    }
    groupKey = e.key;
    if (seen.has(e.rec)) return true;
    seen.add(e.rec);
    if (ctx.metrics) ctx.metrics.scannedObjects++;
    if (pred(e.rec.doc)) group.push(e.rec);
    return true;
  };
  // Where the walk starts: the prefix, then the start bound, both in walk order.
  const before = (e: IndexEntry): number => {
    const c = comparePrefix(index, e.key, prefix) * (reverse ? -1 : 1);
    if (c !== 0) return c;
    if (!start || rank === undefined) return 0;
    const r = typeRank(e.key[p]);
    if (r !== rank) return (ascending ? r < rank : r > rank) ? -1 : 1;
    const v = walkCompare(e.key[p], start.value);
    return v < 0 || (v === 0 && !start.inclusive) ? -1 : 1;
  };
  if (reverse) index.entries.scanBackFrom((e) => -before(e), visit);
  else index.entries.scanFrom(before, visit);
  flush();
  return out.slice(0, need);
}

function sameOrderedKey(a: unknown[], b: unknown[], from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) if (compareValues(a[i], b[i]) !== 0) return false;
  return true;
}

/** The index to walk for this filter and sort, if one orders it at least as selectively as the planner would pick. */
export function planOrderedScan(
  coll: Collection,
  filter: Doc | undefined,
  sort: Doc,
): OrderedPlan | undefined {
  const sortFields = Object.entries(sort).map(([path, dir]) => ({ path, dir: Number(dir) < 0 ? -1 : 1 }));
  if (sortFields.length === 0) return undefined;
  const conds = filter ? fieldConditions(filter) : new Map<string, FieldCondition>();
  if (conds.get('_id')?.eq) return undefined; // a point lookup: sorting a handful is cheaper
  const chosen = chooseIndex(coll, conds);
  let best: (OrderedPlan & { pinned: number }) | undefined;
  for (const index of coll.indexes.values()) {
    if (!index.complete) continue;
    const pinned = pinnedFields(index, conds, true);
    let ordered = 0;
    let reverse: boolean | undefined;
    while (ordered < sortFields.length && pinned + ordered < index.fields.length) {
      const s = sortFields[ordered] as { path: string; dir: number };
      const f = index.fields[pinned + ordered] as { path: string; dir: number };
      if (s.path !== f.path) break;
      const flipped = s.dir !== f.dir;
      if (reverse !== undefined && flipped !== reverse) break;
      reverse = flipped;
      ordered++;
    }
    if (ordered === 0) continue;
    const first = index.fields[pinned] as { path: string };
    const cond = conds.get(first.path);
    const lower = usableBound(cond?.lower);
    const upper = usableBound(cond?.upper);
    // On a multikey index a document's first entry inside a range need not be its sort key.
    if (index.multikey && (lower || upper)) continue;
    if (!best || pinned > best.pinned || (pinned === best.pinned && ordered > best.ordered)) {
      const prefix = index.fields.slice(0, pinned).map((f) => conds.get(f.path)?.eq?.[0] ?? null);
      best = { index, prefix, ordered, reverse: reverse === true, lower, upper, pinned };
    }
  }
  // A more selective equality lookup elsewhere beats walking a sort order.
  if (!best || (chosen && chosen.pinned > best.pinned)) return undefined;
  return best;
}

/** MinKey/MaxKey bounds span every type: no narrowing from them. */
function usableBound(b: Bound | undefined): Bound | undefined {
  if (!b) return undefined;
  const t = (b.value as { _bsontype?: string } | null)?._bsontype;
  return t === 'MinKey' || t === 'MaxKey' ? undefined : b;
}
