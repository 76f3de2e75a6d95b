/** One collection: records by `_id`, its indexes, and the writes that keep them in step. */
import { codes, fail } from '../errors.ts';
import { type Doc, keyOf } from '../values.ts';
import { duplicateKey, Index } from './index.ts';
import type { ChangeSink, OldVersion, Rec } from './types.ts';

export class Collection {
  readonly records = new Map<string, Rec>();
  readonly indexes = new Map<string, Index>();
  /** Superseded versions by `_id` key, for the snapshots of open transactions. */
  readonly history = new Map<string, OldVersion[]>();
  private seq = 0;

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Doc,
    private readonly sink: ChangeSink,
  ) {
    this.indexes.set('_id_', new Index({ v: 2, key: { _id: 1 }, name: '_id_' }));
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get idIndex(): Index {
    return this.indexes.get('_id_') as Index;
  }

  get(id: unknown): Rec | undefined {
    return this.records.get(keyOf(id));
  }

  /** Throws E11000 when `doc` would break a unique index (ignoring the records `ignore` accepts). */
  checkUnique(doc: Doc, selfId: string | undefined, ignore?: (rec: Rec) => boolean): void {
    const id = keyOf(doc._id);
    if (id !== selfId) {
      const clash = this.records.get(id);
      if (clash && !ignore?.(clash)) throw duplicateKey(this.ns, this.idIndex, [doc._id]);
    }
    for (const index of this.indexes.values()) {
      if (index.name === '_id_') continue;
      index.assertIndexable(doc);
      index.checkUnique(this.ns, doc, selfId, undefined, ignore);
    }
  }

  insert(doc: Doc, opts: { trusted?: boolean } = {}): Rec {
    if (doc._id === undefined) fail(codes.InvalidIdField, 'document must have an _id');
    if (Array.isArray(doc._id)) fail(codes.InvalidIdField, "The '_id' value cannot be of type array");
    if (!opts.trusted) this.checkUnique(doc, undefined);
    const rec: Rec = { id: keyOf(doc._id), doc, seq: ++this.seq, version: this.sink.tick() };
    this.records.set(rec.id, rec);
    for (const index of this.indexes.values()) index.add(rec);
    this.sink.record({ op: 'put', db: this.db, coll: this.name, doc });
    return rec;
  }

  replace(rec: Rec, doc: Doc, opts: { trusted?: boolean } = {}): void {
    if (!opts.trusted) this.checkUnique(doc, rec.id);
    for (const index of this.indexes.values()) index.remove(rec);
    const to = this.sink.tick();
    this.remember(rec, to);
    rec.doc = doc;
    rec.version = to;
    for (const index of this.indexes.values()) index.add(rec);
    this.sink.record({ op: 'put', db: this.db, coll: this.name, doc });
  }

  delete(rec: Rec): void {
    if (this.records.get(rec.id) !== rec) return;
    for (const index of this.indexes.values()) index.remove(rec);
    this.records.delete(rec.id);
    const to = this.sink.tick();
    this.remember(rec, to);
    rec.version = to;
    this.sink.record({ op: 'del', db: this.db, coll: this.name, id: rec.doc._id });
  }

  private remember(rec: Rec, to: number): void {
    if (!this.sink.keepsHistory()) return;
    const versions = this.history.get(rec.id);
    const old = { doc: rec.doc, from: rec.version, to };
    if (versions) versions.push(old);
    else this.history.set(rec.id, [old]);
    this.sink.historyAdded(this);
  }

  /** The version of a document a snapshot sees (undefined: it did not exist then). */
  visibleAt(id: string, snapshot: number): Doc | undefined {
    const rec = this.records.get(id);
    if (rec && rec.version <= snapshot) return rec.doc;
    for (const v of this.history.get(id) ?? []) if (v.from <= snapshot && snapshot < v.to) return v.doc;
    return undefined;
  }

  /** Forgets versions no open snapshot can see (all of them when none is open). */
  pruneHistory(oldestSnapshot: number | undefined): void {
    if (oldestSnapshot === undefined) {
      this.history.clear();
      return;
    }
    for (const [id, versions] of this.history) {
      const kept = versions.filter((v) => v.to > oldestSnapshot);
      if (kept.length === 0) this.history.delete(id);
      else if (kept.length !== versions.length) this.history.set(id, kept);
    }
  }

  /** Replays a journalled put: insert or replace by `_id`, without constraint checks. */
  put(doc: Doc): void {
    const rec = this.get(doc._id);
    if (rec) this.replace(rec, doc, { trusted: true });
    else this.insert(doc, { trusted: true });
  }

  addIndex(spec: Doc): Index {
    const index = new Index(spec);
    const keysByRec = new Map<Rec, unknown[][]>();
    for (const rec of this.records.values()) {
      index.assertIndexable(rec.doc);
      const keys = index.keysOf(rec.doc);
      keysByRec.set(rec, keys);
      index.add(rec, keys);
    }
    if (index.unique) {
      for (const [rec, keys] of keysByRec) {
        try {
          index.checkUnique(this.ns, rec.doc, rec.id, keys);
        } catch (err) {
          (err as { message: string }).message = `Index build failed: ${(err as Error).message}`;
          throw err;
        }
      }
    }
    this.indexes.set(index.name, index);
    this.sink.record({ op: 'index', db: this.db, coll: this.name, spec });
    return index;
  }

  dropIndex(name: string): void {
    this.indexes.delete(name);
    this.sink.record({ op: 'dropIndex', db: this.db, coll: this.name, name });
  }
}
