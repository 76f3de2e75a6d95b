/** All databases and collections of a server, and the list of changes the journal persists. */
import { codes, fail } from '../errors.ts';
import type { Doc } from '../values.ts';
import { Collection } from './collection.ts';
import type { ChangeSink, JournalOp } from './types.ts';

export class Engine implements ChangeSink {
  readonly dbs = new Map<string, Map<string, Collection>>();
  /** Changes since the last flush; the server journals them before it replies. */
  pending: JournalOp[] = [];
  /** Off while replaying the journal, so replayed changes are not journalled again. */
  recording = true;
  /** Query work, reported by serverStatus as MongoDB's metrics.queryExecutor does. */
  readonly metrics = { scannedObjects: 0, collectionScans: 0 };
  /** Write clock: every document write gets the next value. */
  clock = 0;

  tick(): number {
    return ++this.clock;
  }

  /** Snapshot clock of every open transaction, by transaction id. */
  private readonly snapshots = new Map<number, number>();
  private readonly collectionsWithHistory = new Set<Collection>();

  keepsHistory(): boolean {
    return this.snapshots.size > 0;
  }

  historyAdded(coll: unknown): void {
    this.collectionsWithHistory.add(coll as Collection);
  }

  transactionStarted(id: number, snapshot: number): void {
    this.snapshots.set(id, snapshot);
  }

  transactionEnded(id: number): void {
    if (!this.snapshots.delete(id)) return;
    const oldest = this.snapshots.size === 0 ? undefined : Math.min(...this.snapshots.values());
    for (const coll of this.collectionsWithHistory) {
      coll.pruneHistory(oldest);
      if (coll.history.size === 0) this.collectionsWithHistory.delete(coll);
    }
  }

  record(op: JournalOp): void {
    if (this.recording) this.pending.push(op);
  }

  takePending(): JournalOp[] {
    const ops = this.pending;
    this.pending = [];
    return ops;
  }

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created (implicitly, as inserts do) when missing. */
  ensureCollection(db: string, name: string, options: Doc = {}): Collection {
    const existing = this.collection(db, name);
    if (existing) return existing;
    validateName(db, name);
    let colls = this.dbs.get(db);
    if (!colls) {
      colls = new Map();
      this.dbs.set(db, colls);
    }
    const coll = new Collection(db, name, options, this);
    colls.set(name, coll);
    this.record({ op: 'create', db, coll: name, options });
    return coll;
  }

  dropCollection(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.delete(name)) return false;
    this.record({ op: 'drop', db, coll: name });
    if (colls.size === 0) this.dbs.delete(db);
    return true;
  }

  dropDatabase(db: string): void {
    if (this.dbs.delete(db)) this.record({ op: 'dropDb', db });
  }

  /** Applies one journalled change (recovery and tests). */
  apply(op: JournalOp): void {
    switch (op.op) {
      case 'put':
        this.ensureCollection(op.db, op.coll).put(op.doc);
        return;
      case 'del': {
        const coll = this.collection(op.db, op.coll);
        const rec = coll?.get(op.id);
        if (coll && rec) coll.delete(rec);
        return;
      }
      case 'create':
        this.ensureCollection(op.db, op.coll, op.options);
        return;
      case 'drop':
        this.dropCollection(op.db, op.coll);
        return;
      case 'dropDb':
        this.dropDatabase(op.db);
        return;
      case 'index': {
        const coll = this.ensureCollection(op.db, op.coll);
        coll.indexes.delete(String(op.spec.name));
        coll.addIndex(op.spec);
        return;
      }
      case 'dropIndex':
        this.collection(op.db, op.coll)?.dropIndex(op.name);
        return;
    }
  }
}

export function validateName(db: string, name: string): void {
  if (!db || /[/\\. "$\0]/.test(db) || db.length > 63)
    fail(codes.InvalidNamespace, `Invalid database name: '${db}'`);
  if (
    !name ||
    name.includes('\0') ||
    name.startsWith('.') ||
    name.includes('$') ||
    name.startsWith('system.')
  ) {
    fail(codes.InvalidNamespace, `Invalid collection name: '${name}'`);
  }
}
