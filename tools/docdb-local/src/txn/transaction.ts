/**
 * Multi-document transactions. Writes go to a private overlay (invisible to other sessions);
 * commit applies the overlay in one synchronous step and one journal record; abort drops it.
 * Isolation is read-committed plus first-writer-wins document locks: a second transaction
 * writing a locked document gets WriteConflict (112, TransientTransactionError) so the driver's
 * withTransaction retries. A plain write to a document a transaction has written wins, and that
 * transaction fails at commit with the same retryable error.
 */
import { codes, ServerError } from '../errors.ts';
import type { Collection } from '../storage/collection.ts';
import type { Index } from '../storage/index.ts';
import type { Rec } from '../storage/types.ts';
import type { Doc } from '../values.ts';

export interface TxnWrite {
  /** The committed record when the transaction first wrote this `_id` (undefined: absent). */
  base: Rec | undefined;
  baseVersion: number;
  /** The document as the transaction sees it, or null when it deleted it. */
  doc: Doc | null;
}

let nextTxnId = 1;

export class Transaction {
  readonly id = nextTxnId++;
  readonly startedAt = Date.now();
  state: 'active' | 'committed' | 'aborted' = 'active';
  readonly writes = new Map<Collection, Map<string, TxnWrite>>();
  /**
   * Per unique index, the keys the overlay's documents hold (canonical key → ids), so checking a
   * write against the transaction's other writes is a lookup, not a pass over all of them (an
   * import of 1,000 rows per transaction was quadratic). Built on first use, kept by each write.
   */
  readonly uniqueKeys = new Map<Collection, Map<Index, Map<string, Set<string>>>>();

  /** @param snapshot the engine clock when the transaction started. */
  constructor(
    readonly txnNumber: bigint,
    readonly snapshot: number,
  ) {}

  writesFor(coll: Collection): Map<string, TxnWrite> | undefined {
    return this.writes.get(coll);
  }
}

export function writeConflict(): ServerError {
  return new ServerError(
    codes.WriteConflict,
    'WriteConflict error: this operation conflicted with another operation. Please retry your operation or multi-document transaction.',
    {},
    ['TransientTransactionError'],
  );
}

/** Document locks held by active transactions. */
export interface TransactionObserver {
  transactionStarted(id: number, snapshot: number): void;
  transactionEnded(id: number): void;
}

export class LockTable {
  private readonly locks = new Map<Collection, Map<string, Transaction>>();

  constructor(private readonly observer?: TransactionObserver) {}

  /** A transaction begins: its snapshot must stay readable until it ends. */
  begin(txn: Transaction): void {
    this.observer?.transactionStarted(txn.id, txn.snapshot);
  }

  acquire(txn: Transaction, coll: Collection, id: string): void {
    let m = this.locks.get(coll);
    if (!m) {
      m = new Map();
      this.locks.set(coll, m);
    }
    const holder = m.get(id);
    if (holder && holder !== txn && holder.state === 'active') throw writeConflict();
    m.set(id, txn);
  }

  releaseAll(txn: Transaction): void {
    this.observer?.transactionEnded(txn.id);
    for (const [coll, ids] of txn.writes) {
      const m = this.locks.get(coll);
      if (!m) continue;
      for (const id of ids.keys()) if (m.get(id) === txn) m.delete(id);
      if (m.size === 0) this.locks.delete(coll);
    }
  }
}
