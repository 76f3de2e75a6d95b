/**
 * Reads and writes as a command sees them: straight to the collection, or through the overlay
 * of the session's transaction.
 */
import { BSONSymbol, Long } from 'bson';
import { codes, fail } from './errors.ts';
import type { Predicate } from './query/match.ts';
import type { Collection } from './storage/collection.ts';
import { duplicateKey, type Index } from './storage/index.ts';
import { planCandidates } from './storage/planner.ts';
import type { Rec } from './storage/types.ts';
import { type LockTable, type Transaction, type TxnWrite, writeConflict } from './txn/transaction.ts';
import { type Doc, keyOf } from './values.ts';

/** A document found by a query, with what is needed to write it back. */
export interface Found {
  id: string;
  doc: Doc;
}

export interface StoreContext {
  txn?: Transaction;
  locks: LockTable;
  metrics?: { scannedObjects: number; collectionScans: number };
}

/** Matching documents in natural order, using an index when the filter allows. */
export function findDocs(
  ctx: StoreContext,
  coll: Collection | undefined,
  filter: Doc | undefined,
  pred: Predicate,
  limit = 0,
): Found[] {
  const out: Found[] = [];
  if (!coll) return out;
  const txn = ctx.txn;
  const overlay = txn?.writesFor(coll);
  const planned = planCandidates(coll, filter);
  const metrics = ctx.metrics;
  if (!planned && metrics) metrics.collectionScans++;
  const candidates: Iterable<Rec> = planned ?? coll.records.values();
  // A transaction reads its snapshot: versions written since come from the collection's history.
  const snapshot = txn && coll.history.size > 0 ? txn.snapshot : undefined;
  const seen = snapshot === undefined ? undefined : new Set<string>();
  for (const rec of candidates) {
    if (metrics) metrics.scannedObjects++;
    if (overlay?.has(rec.id)) continue;
    let doc: Doc | undefined = rec.doc;
    if (txn && rec.version > txn.snapshot) {
      seen?.add(rec.id);
      doc = coll.visibleAt(rec.id, txn.snapshot);
    }
    if (doc && pred(doc)) {
      out.push({ id: rec.id, doc });
      if (limit > 0 && out.length >= limit && !overlay && !txn) return out;
    }
  }
  if (snapshot !== undefined && seen) {
    // Documents whose snapshot version the index plan could not see (changed or deleted since).
    for (const id of coll.history.keys()) {
      if (seen.has(id) || overlay?.has(id)) continue;
      const rec = coll.records.get(id);
      if (rec && rec.version <= snapshot) continue;
      const doc = coll.visibleAt(id, snapshot);
      if (doc && pred(doc)) out.push({ id, doc });
    }
  }
  if (overlay) {
    for (const [id, w] of overlay) if (w.doc && pred(w.doc)) out.push({ id, doc: w.doc });
  }
  return limit > 0 ? out.slice(0, limit) : out;
}

export function getDoc(ctx: StoreContext, coll: Collection, id: string): Doc | undefined {
  const w = ctx.txn?.writesFor(coll)?.get(id);
  if (w) return w.doc ?? undefined;
  return coll.records.get(id)?.doc;
}

function txnWrite(ctx: StoreContext, txn: Transaction, coll: Collection, id: string, doc: Doc | null): void {
  if (txn.state !== 'active') fail(codes.NoSuchTransaction, 'Transaction is no longer active');
  let overlay = txn.writes.get(coll);
  if (!overlay) {
    overlay = new Map();
    txn.writes.set(coll, overlay);
  }
  const existing = overlay.get(id);
  if (existing) {
    trackUniqueKeys(txn, coll, id, existing.doc, doc);
    existing.doc = doc;
    return;
  }
  ctx.locks.acquire(txn, coll, id);
  const base = coll.records.get(id);
  // Written (or deleted) by someone else since this transaction started: its view is stale.
  if (base && base.version > txn.snapshot) throw writeConflict();
  if (!base && coll.history.get(id)?.some((v) => v.to > txn.snapshot)) throw writeConflict();
  overlay.set(id, { base, baseVersion: base?.version ?? 0, doc });
  trackUniqueKeys(txn, coll, id, null, doc);
}

/** E11000 when `doc` clashes with committed documents or other documents of the transaction. */
function checkUniqueInTxn(txn: Transaction, coll: Collection, doc: Doc, id: string): void {
  const overlay = txn.writesFor(coll);
  coll.checkUnique(doc, id, (rec) => overlay?.has(rec.id) === true);
  if (!overlay) return;
  const idKey = keyOf(doc._id);
  if (idKey !== id && overlay.get(idKey)?.doc) throw duplicateKey(coll.ns, coll.idIndex, [doc._id]);
  for (const index of coll.indexes.values()) {
    if (!index.unique) continue;
    const held = overlayKeys(txn, coll, index, overlay);
    for (const k of index.keysOf(doc)) {
      for (const otherId of held.get(canonicalKey(k)) ?? []) {
        const other = otherId === id ? null : overlay.get(otherId)?.doc;
        // The canonical key finds candidates; the index's own comparison decides.
        if (other && index.keysOf(other).some((t) => index.compareKeys(t, k) === 0)) {
          throw duplicateKey(coll.ns, index, k);
        }
      }
    }
  }
}

/** A string equal for keys the index compares equal (numbers of any type, symbols as strings). */
function canonicalKey(key: unknown[]): string {
  return keyOf(
    key.map((v) => (v instanceof Long ? v.toBigInt() : v instanceof BSONSymbol ? v.valueOf() : v)),
  );
}

function overlayKeys(
  txn: Transaction,
  coll: Collection,
  index: Index,
  overlay: Map<string, TxnWrite>,
): Map<string, Set<string>> {
  let byIndex = txn.uniqueKeys.get(coll);
  if (!byIndex) {
    byIndex = new Map();
    txn.uniqueKeys.set(coll, byIndex);
  }
  let held = byIndex.get(index);
  if (!held) {
    held = new Map();
    for (const [id, w] of overlay) if (w.doc) holdKeys(held, index, id, w.doc, true);
    byIndex.set(index, held);
  }
  return held;
}

function holdKeys(held: Map<string, Set<string>>, index: Index, id: string, doc: Doc, add: boolean): void {
  for (const k of index.keysOf(doc)) {
    const ck = canonicalKey(k);
    let ids = held.get(ck);
    if (add) {
      if (!ids) {
        ids = new Set();
        held.set(ck, ids);
      }
      ids.add(id);
    } else {
      ids?.delete(id);
      if (ids?.size === 0) held.delete(ck);
    }
  }
}

/** Keeps the unique-key registries of `coll` in step with the overlay's document for `id`. */
function trackUniqueKeys(
  txn: Transaction,
  coll: Collection,
  id: string,
  before: Doc | null,
  after: Doc | null,
) {
  const byIndex = txn.uniqueKeys.get(coll);
  if (!byIndex) return;
  for (const [index, held] of byIndex) {
    if (before) holdKeys(held, index, id, before, false);
    if (after) holdKeys(held, index, id, after, true);
  }
}

export function insertDoc(ctx: StoreContext, coll: Collection, doc: Doc): void {
  const id = keyOf(doc._id);
  const txn = ctx.txn;
  if (!txn) {
    coll.insert(doc);
    return;
  }
  if (getDoc(ctx, coll, id) !== undefined) throw duplicateKey(coll.ns, coll.idIndex, [doc._id]);
  checkUniqueInTxn(txn, coll, doc, id);
  txnWrite(ctx, txn, coll, id, doc);
}

export function replaceDoc(ctx: StoreContext, coll: Collection, id: string, doc: Doc): void {
  const txn = ctx.txn;
  if (!txn) {
    const rec = coll.records.get(id);
    if (rec) coll.replace(rec, doc);
    return;
  }
  checkUniqueInTxn(txn, coll, doc, id);
  txnWrite(ctx, txn, coll, id, doc);
}

/**
 * A transaction matched this document but leaves it unchanged: it still must not have been
 * written by someone else since the snapshot, or the transaction decided on stale data.
 */
export function touchDoc(ctx: StoreContext, coll: Collection, id: string): void {
  const txn = ctx.txn;
  if (!txn || txn.writesFor(coll)?.has(id)) return;
  const rec = coll.records.get(id);
  if (rec && rec.version > txn.snapshot) throw writeConflict();
}

export function deleteDoc(ctx: StoreContext, coll: Collection, id: string): void {
  const txn = ctx.txn;
  if (!txn) {
    const rec = coll.records.get(id);
    if (rec) coll.delete(rec);
    return;
  }
  txnWrite(ctx, txn, coll, id, null);
}

/** Applies a transaction's writes, or throws WriteConflict when a plain write got there first. */
export function commitTransaction(txn: Transaction, locks: LockTable): void {
  try {
    for (const [coll, overlay] of txn.writes) {
      for (const [id, w] of overlay) {
        const current = coll.records.get(id);
        if (current !== w.base || (current?.version ?? 0) !== w.baseVersion) throw writeConflict();
        if (w.doc) {
          try {
            coll.checkUnique(w.doc, id, (rec) => overlay.has(rec.id));
          } catch {
            throw writeConflict();
          }
        }
      }
    }
    for (const [coll, overlay] of txn.writes) {
      for (const [id, w] of overlay) {
        const rec = coll.records.get(id);
        if (w.doc === null) {
          if (rec) coll.delete(rec);
        } else if (rec) coll.replace(rec, w.doc, { trusted: true });
        else coll.insert(w.doc, { trusted: true });
      }
    }
    txn.state = 'committed';
  } catch (err) {
    txn.state = 'aborted';
    throw err;
  } finally {
    locks.releaseAll(txn);
  }
}

export function abortTransaction(txn: Transaction, locks: LockTable): void {
  if (txn.state === 'active') txn.state = 'aborted';
  locks.releaseAll(txn);
}
