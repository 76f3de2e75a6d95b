/** TTL indexes: documents whose indexed date is older than expireAfterSeconds are deleted. */
import type { Engine } from './engine.ts';
import type { Rec } from './types.ts';

export function expireTtlDocuments(engine: Engine, now: number): number {
  let removed = 0;
  for (const colls of engine.dbs.values()) {
    for (const coll of colls.values()) {
      for (const index of coll.indexes.values()) {
        if (index.expireAfterSeconds === undefined) continue;
        const cutoff = now - index.expireAfterSeconds * 1000;
        const expired: Rec[] = [];
        // Index keys are in BSON order: dates form one contiguous run, oldest first.
        index.entries.scanFrom(
          (e) => (e.key[0] instanceof Date ? 0 : isBeforeDates(e.key[0]) ? -1 : 1),
          (e) => {
            const d = e.key[0];
            if (!(d instanceof Date) || d.getTime() > cutoff) return false;
            expired.push(e.rec);
            return true;
          },
        );
        for (const rec of new Set(expired)) {
          coll.delete(rec);
          removed++;
        }
      }
    }
  }
  return removed;
}

function isBeforeDates(v: unknown): boolean {
  // Everything below Date in BSON order: null, numbers, strings, objects, arrays, binary, ObjectId, booleans.
  return v === null || v === undefined || typeof v !== 'object' || (!(v instanceof Date) && !isAfterDates(v));
}

function isAfterDates(v: unknown): boolean {
  const name = (v as { _bsontype?: string })._bsontype;
  return (
    v instanceof RegExp ||
    name === 'Timestamp' ||
    name === 'BSONRegExp' ||
    name === 'MaxKey' ||
    name === 'Code'
  );
}
