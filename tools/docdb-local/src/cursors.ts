/** Open cursors: the rest of a result set, handed out batch by batch with getMore. */
import { randomBytes } from 'node:crypto';
import type { Doc } from './values.ts';
import { encodeCursorReply, takeBatch } from './wire/cursor-reply.ts';

export interface Cursor {
  id: bigint;
  ns: string;
  docs: Doc[];
  pos: number;
  project?: (d: Doc) => Doc;
  lastUsed: number;
}

/** Cursors idle longer than this are closed (MongoDB's default is 10 minutes). */
const IDLE_MS = 10 * 60 * 1000;

export class CursorStore {
  private readonly cursors = new Map<bigint, Cursor>();

  get size(): number {
    return this.cursors.size;
  }

  private newId(): bigint {
    for (;;) {
      const id = randomBytes(8).readBigInt64LE(0) & 0x7fffffffffffffffn;
      if (id !== 0n && !this.cursors.has(id)) return id;
    }
  }

  /** First batch of a result; opens a cursor when more remains. */
  open(ns: string, docs: Doc[], batchSize: number, singleBatch: boolean, project?: (d: Doc) => Doc): Buffer {
    const batch = takeBatch(docs, 0, batchSize, project);
    let id = 0n;
    if (!singleBatch && batch.length < docs.length) {
      id = this.newId();
      this.cursors.set(id, { id, ns, docs, pos: batch.length, project, lastUsed: Date.now() });
    }
    return encodeCursorReply('firstBatch', batch, id, ns);
  }

  get(id: bigint): Cursor | undefined {
    return this.cursors.get(id);
  }

  next(cursor: Cursor, batchSize: number): Buffer {
    const batch = takeBatch(cursor.docs, cursor.pos, batchSize, cursor.project);
    cursor.pos += batch.length;
    cursor.lastUsed = Date.now();
    let id = cursor.id;
    if (cursor.pos >= cursor.docs.length) {
      this.cursors.delete(cursor.id);
      id = 0n;
    }
    return encodeCursorReply('nextBatch', batch, id, cursor.ns);
  }

  kill(id: bigint): boolean {
    return this.cursors.delete(id);
  }

  sweep(now = Date.now()): void {
    for (const [id, c] of this.cursors) if (now - c.lastUsed > IDLE_MS) this.cursors.delete(id);
  }
}
