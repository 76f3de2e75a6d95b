/** A secondary (or the `_id`) index: sorted keys with unique, sparse and partial options. */
import { codes, ServerError } from '../errors.ts';
import { compileFilter, type Predicate } from '../query/match.ts';
import { collectValues, splitPath } from '../query/paths.ts';
import { compareValues, type Doc, isPlainObject, toNumber } from '../values.ts';
import { SortedList } from './sorted-list.ts';
import type { Rec } from './types.ts';

export interface IndexEntry {
  key: unknown[];
  rec: Rec;
}

export interface IndexField {
  path: string;
  parts: string[];
  dir: number;
}

export class Index {
  readonly name: string;
  readonly spec: Doc;
  readonly fields: IndexField[];
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly partial: Predicate | undefined;
  readonly expireAfterSeconds: number | undefined;
  readonly entries: SortedList<IndexEntry>;
  /** Some document has several keys (an array): range bounds on it must not be intersected. */
  multikey = false;

  constructor(spec: Doc) {
    this.spec = spec;
    this.name = String(spec.name);
    this.fields = Object.entries(spec.key as Doc).map(([path, dir]) => ({
      path,
      parts: splitPath(path),
      dir: typeof dir === 'string' ? 1 : toNumber(dir) < 0 ? -1 : 1,
    }));
    this.unique = spec.unique === true;
    this.sparse = spec.sparse === true;
    this.partial = isPlainObject(spec.partialFilterExpression)
      ? compileFilter(spec.partialFilterExpression)
      : undefined;
    this.expireAfterSeconds =
      spec.expireAfterSeconds === undefined ? undefined : toNumber(spec.expireAfterSeconds);
    this.entries = new SortedList<IndexEntry>(
      (a, b) => this.compareKeys(a.key, b.key) || a.rec.seq - b.rec.seq,
    );
  }

  compareKeys(a: unknown[], b: unknown[]): number {
    for (let i = 0; i < this.fields.length; i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c * (this.fields[i] as IndexField).dir;
    }
    return 0;
  }

  /** Whether queries may use this index to find every matching document. */
  get complete(): boolean {
    return !this.sparse && !this.partial;
  }

  /** The index keys of a document (several for arrays: multikey), or none when it is left out. */
  keysOf(doc: Doc): unknown[][] {
    if (this.partial && !this.partial(doc)) return [];
    const perField = this.fields.map((f) => {
      const values = collectValues(doc, f.parts);
      const out: unknown[] = [];
      for (const v of values) {
        if (Array.isArray(v)) {
          if (v.length === 0) out.push(undefined);
          for (const el of v) out.push(el);
        } else out.push(v);
      }
      return out.length === 0 ? [undefined] : out;
    });
    if (this.sparse && perField.every((vals) => vals.every((v) => v === undefined))) return [];
    let keys: unknown[][] = [[]];
    for (const vals of perField) {
      const unique = dedupe(vals.map((v) => (v === undefined ? null : v)));
      const next: unknown[][] = [];
      for (const k of keys) for (const v of unique) next.push([...k, v]);
      keys = next;
    }
    return keys;
  }

  /**
   * Refuses a document with arrays on two different paths of this compound index, as MongoDB
   * does ("cannot index parallel arrays"): its keys would be the product of the two arrays.
   * Checked on writes and index builds, not on journal replay (replayed documents were checked).
   */
  assertIndexable(doc: Doc): void {
    if (this.fields.length < 2) return;
    let first: string | undefined;
    for (const f of this.fields) {
      const at = arrayPrefix(doc, f.parts);
      if (at === undefined || at === first) continue;
      if (first !== undefined) {
        throw new ServerError(
          codes.CannotIndexParallelArrays,
          `cannot index parallel arrays [${at}] [${first}]`,
        );
      }
      first = at;
    }
  }

  add(rec: Rec, keys = this.keysOf(rec.doc)): void {
    if (keys.length > 1) this.multikey = true;
    for (const key of keys) this.entries.insert({ key, rec });
  }

  remove(rec: Rec, keys = this.keysOf(rec.doc)): void {
    for (const key of keys) this.entries.remove({ key, rec });
  }

  /** Every record whose key equals `key`. */
  lookup(key: unknown[], visit: (rec: Rec) => boolean | undefined): void {
    this.entries.scanFrom(
      (e) => this.compareKeys(e.key, key),
      (e) => this.compareKeys(e.key, key) === 0 && visit(e.rec) !== false,
    );
  }

  /** Throws E11000 when another record already holds one of the keys of `doc`. */
  checkUnique(
    ns: string,
    doc: Doc,
    selfId: string | undefined,
    keys = this.keysOf(doc),
    ignore?: (rec: Rec) => boolean,
  ): void {
    if (!this.unique) return;
    for (const key of keys) {
      this.lookup(key, (rec) => {
        if (rec.id === selfId || ignore?.(rec)) return true;
        throw duplicateKey(ns, this, key);
      });
    }
  }
}

export function duplicateKey(ns: string, index: Index, key: unknown[]): ServerError {
  const keyValue: Doc = {};
  index.fields.forEach((f, i) => {
    keyValue[f.path] = key[i];
  });
  const shown = index.fields.map((f, i) => `${f.path}: ${show(key[i])}`).join(', ');
  return new ServerError(
    codes.DuplicateKey,
    `E11000 duplicate key error collection: ${ns} index: ${index.name} dup key: { ${shown} }`,
    {
      keyPattern: index.spec.key,
      keyValue,
    },
  );
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object' && 'toHexString' in v)
    return `ObjectId('${(v as { toHexString(): string }).toHexString()}')`;
  return String(v);
}

/** Distinct values, in BSON order (sorting keeps a large array linearithmic, not quadratic). */
function dedupe(values: unknown[]): unknown[] {
  if (values.length < 2) return values;
  const sorted = [...values].sort(compareValues);
  const out: unknown[] = [sorted[0]];
  for (let i = 1; i < sorted.length; i++) {
    if (compareValues(out[out.length - 1], sorted[i]) !== 0) out.push(sorted[i]);
  }
  return out;
}

/** The path of the first array on the way along `parts` (the field itself included), if any. */
function arrayPrefix(doc: Doc, parts: readonly string[]): string | undefined {
  let cur: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    if (Array.isArray(cur)) return parts.slice(0, i).join('.');
    if (!isPlainObject(cur)) return undefined;
    cur = cur[parts[i] as string];
  }
  return Array.isArray(cur) ? parts.join('.') : undefined;
}
